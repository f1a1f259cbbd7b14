package io.cutover.core.error;

/** A credential or privilege is missing (database grant, IAM permission, secret policy). Never retried. */
public class AccessDeniedException extends CutoverException {
    public AccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }

    public AccessDeniedException(String message) {
        super(message);
    }
}
