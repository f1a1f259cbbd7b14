package io.cutover.core.error;


/**
 * The task or endpoint is in a passing state (creating, modifying, stopping, testing) in which the requested
 * action is not possible yet. Retried by the state machine: the state passes by itself.
 */
public class ReplicationNotReadyException extends CutoverException {
    public ReplicationNotReadyException(String message) {
        super(message);
    }
}
