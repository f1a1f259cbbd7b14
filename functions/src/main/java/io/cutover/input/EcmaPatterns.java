package io.cutover.input;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.regex.Pattern;

/**
 * The JSON Schema {@code pattern}s of the input schema, evaluated as JSON Schema says: in the ECMA-262 dialect
 * (https://json-schema.org/draft/2020-12/json-schema-validation#section-6.3.3), where {@code $} without the
 * multiline flag matches only at the end of the input (https://tc39.es/ecma262/#sec-assertion). The validator's
 * default is {@link java.util.regex.Pattern}, whose {@code $} also matches before a final line terminator (LF, CRLF,
 * CR, U+0085, U+2028, U+2029: "Line terminators" in
 * https://docs.oracle.com/en/java/javase/21/docs/api/java.base/java/util/regex/Pattern.html#lt), so
 * {@code "shop-eu\n"} passed {@code ^[a-z]…$}. Here every unescaped {@code $} outside a character class is
 * compiled as {@code \z} (the end of the input, nothing after it).
 */
public final class EcmaPatterns implements RegularExpressionFactory {
    public static final EcmaPatterns INSTANCE = new EcmaPatterns();

    private EcmaPatterns() {}

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern = Pattern.compile(javaPattern(regex));
        return value -> pattern.matcher(value).find(); // JSON Schema patterns are not implicitly anchored
    }

    /** {@code regex} with each end-of-input {@code $} written as Java's {@code \z}. */
    static String javaPattern(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 4);
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                out.append(c).append(regex.charAt(++i));
                continue;
            }
            if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '$') {
                out.append("\\z");
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }
}
