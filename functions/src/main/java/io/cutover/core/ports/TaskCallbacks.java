package io.cutover.core.ports;

/** Step Functions task-token callbacks (SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat). */
public interface TaskCallbacks {
    void succeed(String taskToken, String outputJson);

    void fail(String taskToken, String error, String cause);

    void heartbeat(String taskToken);

    /**
     * Step Functions answered that it no longer knows the task (TaskTimedOut, InvalidToken, TaskDoesNotExist), but
     * only after an earlier attempt of the same call whose answer was lost (a broken connection, a server error): that
     * earlier attempt may be what closed the task, i.e. the callback may have been delivered.
     */
    final class PossiblyDeliveredException extends RuntimeException {
        public PossiblyDeliveredException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
