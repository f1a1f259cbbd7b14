package io.cutover.core.error;

/** A database failure that retrying will not fix (syntax, missing object, constraint). */
public class DatabaseException extends CutoverException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }

    public DatabaseException(String message) {
        super(message);
    }
}
