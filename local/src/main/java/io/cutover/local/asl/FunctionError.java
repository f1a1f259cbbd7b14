package io.cutover.local.asl;

/**
 * Lets a scripted function fail with any Lambda error type, including the service's own
 * ({@code Lambda.ServiceException}, {@code Lambda.TooManyRequestsException}), not only a Java class name.
 */
public final class FunctionError extends RuntimeException {
    private final String errorType;

    public FunctionError(String errorType, String message) {
        super(message);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }
}
