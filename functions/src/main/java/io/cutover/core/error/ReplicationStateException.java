package io.cutover.core.error;


/**
 * DMS refused an action in the task's current state and waiting will not change that (for example
 * start-replication on a task that has already run, which would load everything again). Not retried.
 */
public class ReplicationStateException extends CutoverException {
    public ReplicationStateException(String message) {
        super(message);
    }

    public ReplicationStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
