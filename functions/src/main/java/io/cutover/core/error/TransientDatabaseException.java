package io.cutover.core.error;

/** A database failure worth retrying: connection lost or refused, lock wait timeout, deadlock, server busy. */
public class TransientDatabaseException extends CutoverException {
    public TransientDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
