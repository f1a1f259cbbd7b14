package io.cutover.core.error;


/** An endpoint or task with Cutover's deterministic identifier exists with other settings: never reused. */
public class ReplicationConflictException extends CutoverException {
    public ReplicationConflictException(String message) {
        super(message);
    }
}
