package io.cutover.core.ports;

/** Step Functions task-token callbacks (SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat). */
public interface TaskCallbacks {
    void succeed(String taskToken, String outputJson);

    void fail(String taskToken, String error, String cause);

    void heartbeat(String taskToken);
}
