package io.cutover.replication;

import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Replication.TaskStatus;

/** Waits for a task to be created (ready to start) or to be stopped (the cutover point). */
public final class TaskStatusDecision {
    public enum Awaiting { READY, STOPPED }

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
        return PollDecision.continueAfter(attempt < 12 ? 10 : 30, attempt, "task " + status);
    }
}
