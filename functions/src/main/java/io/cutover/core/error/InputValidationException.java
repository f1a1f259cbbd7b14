package io.cutover.core.error;

import java.util.List;
import java.util.stream.Collectors;

/** The execution input (or a task payload) is invalid. Lists every bad field at once; never retried. */
public class InputValidationException extends CutoverException {
    private final List<FieldError> errors;

    public InputValidationException(List<FieldError> errors) {
        super(describe(errors));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String describe(List<FieldError> errors) {
        return "invalid input (" + errors.size() + (errors.size() == 1 ? " problem): " : " problems): ")
                + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
    }

    /** One problem, named by its JSON path (e.g. {@code $.source.secretId}). */
    public record FieldError(String path, String message) {
        @Override
        public String toString() {
            return path + ": " + message;
        }
    }
}
