package io.cutover.replication;

import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Replication.TaskStatus;

/** Waits for a task to be created (ready to start) or to be stopped (the cutover point). */
public final class TaskStatusDecision {
    public enum Awaiting { READY, STOPPED }

    /**
     * The waits before the first polls for the stop (5.5), then 10 s and from the 12th poll 30 s as for the task's
     * creation. The stop is inside the application downtime (the target takes no writes before "ready to switch"), and
     * how long a task takes from "stopping" to "stopped" is not documented
     * (https://docs.aws.amazon.com/dms/latest/APIReference/API_StopReplicationTask.html): the first polls come a second
     * apart (a Wait state counts whole seconds, https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html) so
     * that a stop of a second or two costs a second or two, not a fixed 10 s.
     */
    static final int[] STOP_WAITS = {1, 1, 1, 2, 2, 5};

    private TaskStatusDecision() {}

    public static PollDecision decide(TaskStatus p, Awaiting awaiting, int previousAttempt, int maxAttempts) {
        int attempt = previousAttempt + 1;
        String status = p.status();
        if ("failed".equals(status)) {
            return PollDecision.failed(attempt, "the DMS task failed: " + FailureHints.explain(p.lastFailureMessage()));
        }
        if (awaiting == Awaiting.READY) {
            switch (status) {
                case "ready", "stopped" -> {
                    return PollDecision.done(attempt, "task " + status);
                }
                case "starting", "running" -> {
                    return PollDecision.done(attempt, "task already " + status + " (started by an earlier attempt)");
                }
                default -> { }
            }
        } else {
            if ("stopped".equals(status)) {
                return PollDecision.done(attempt, "task stopped (" + p.stopReason() + "): no more changes are applied to the target");
            }
            if ("ready".equals(status)) {
                return PollDecision.failed(attempt, "the task never ran: nothing was replicated");
            }
        }
        if (attempt >= maxAttempts) {
            return PollDecision.failed(attempt, "the task is still " + status + " after " + attempt + " polls");
        }
        int wait = awaiting == Awaiting.STOPPED && attempt <= STOP_WAITS.length ? STOP_WAITS[attempt - 1] : attempt < 12 ? 10 : 30;
        return PollDecision.continueAfter(wait, attempt, "task " + status);
    }
}
