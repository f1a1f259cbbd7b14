package io.cutover.core.error;

/**
 * Base of every error Cutover raises on purpose. Lambda reports an uncaught exception under its fully
 * qualified class name, and the state machines match exactly that name in Retry and Catch, so these classes
 * must not be renamed or moved without changing the ASL files (a test checks that every name exists).
 */
public abstract class CutoverException extends RuntimeException {
    protected CutoverException(String message) {
        super(message);
    }

    protected CutoverException(String message, Throwable cause) {
        super(message, cause);
    }
}
