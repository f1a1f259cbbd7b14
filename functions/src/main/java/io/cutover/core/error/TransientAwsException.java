package io.cutover.core.error;

/** An AWS call failed with throttling or a 5xx after the SDK's own retries; the state machine retries it again. */
public class TransientAwsException extends CutoverException {
    public TransientAwsException(String message, Throwable cause) {
        super(message, cause);
    }
}
