package io.cutover.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.cutover.core.error.InputValidationException.FieldError;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A payload that Jackson cannot read or bind, said as a person reads it: the field's JSON path and what is wrong with
 * it (the wrong type, not one of the values, a key given twice, not JSON at line L), never Jackson's own text (which
 * names Java classes) and never the value itself (it could be a secret pasted into the wrong field).
 */
public final class BindingErrors {
    private BindingErrors() {}

    public static FieldError fieldError(Throwable error) {
        Throwable e = error instanceof IllegalArgumentException && error.getCause() instanceof JsonProcessingException j ? j : error;
        if (e instanceof JsonMappingException m) {
            String path = "$" + m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining());
            return new FieldError(path, mismatch(m));
        }
        if (e instanceof StreamReadException r) {
            String path = "$";
            String name = null;
            if (r.getProcessor() instanceof JsonParser p && p.getParsingContext() != null) {
                path = jsonPath(p.getParsingContext().pathAsPointer());
                name = p.getParsingContext().getCurrentName();
            }
            String message = r.getOriginalMessage() == null ? "" : r.getOriginalMessage();
            if (message.startsWith("Duplicate field") && name != null) {
                return new FieldError(path, "is given twice: a key may appear only once in an object (which one would count is not defined)");
            }
            String where = r.getLocation() == null ? "" : " at line " + r.getLocation().getLineNr() + ", column " + r.getLocation().getColumnNr();
            return new FieldError(path, "is not valid JSON" + where);
        }
        return new FieldError("$", "cannot be read");
    }

    private static String mismatch(JsonMappingException m) {
        Class<?> type = m instanceof MismatchedInputException mi ? mi.getTargetType() : null;
        if (type != null && type.isEnum()) {
            return "must be one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
        }
        if (m instanceof InvalidFormatException || m instanceof MismatchedInputException) {
            return type == null ? "has the wrong type" : "has the wrong type: expected " + describe(type);
        }
        return "cannot be read";
    }

    private static String describe(Class<?> type) {
        if (type == String.class) return "a string";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) return "a number";
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) return "a list";
        return "an object (" + type.getSimpleName().toLowerCase(Locale.ROOT) + ")";
    }

    /** {@code /a/b/0} as {@code $.a.b[0]}. */
    static String jsonPath(JsonPointer pointer) {
        StringBuilder out = new StringBuilder("$");
        for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
            out.append(p.mayMatchElement() && p.getMatchingProperty().chars().allMatch(Character::isDigit) ? "[" + p.getMatchingIndex() + "]"
                    : "." + p.getMatchingProperty());
        }
        return out.toString();
    }
}
