package io.cutover.core.error;

/**
 * Cutover refuses to act because doing so could lose data or leave the source unusable
 * (for example: a source where SET GLOBAL read_only is not allowed). The message says what to do instead.
 */
public class SafetyCheckFailedException extends CutoverException {
    public SafetyCheckFailedException(String message) {
        super(message);
    }

    public SafetyCheckFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
