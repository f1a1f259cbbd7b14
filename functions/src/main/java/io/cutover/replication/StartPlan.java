package io.cutover.replication;

import io.cutover.core.ports.Replication;
import io.cutover.core.error.ReplicationNotReadyException;
import io.cutover.core.error.ReplicationStateException;
import io.cutover.core.ports.Replication.StartMode;
import java.util.Optional;

/**
 * start-replication or resume-processing, from the task's status. DMS accepts start-replication only on the
 * first run of a full-load task (afterwards it would load everything again over the target); a task that has
 * run (stopped, or failed after an error) resumes from its checkpoint. A running task is left alone, so a retry
 * of the start step changes nothing.
 */
public final class StartPlan {
    private StartPlan() {}

    /** Empty when the task already runs. */
    public static Optional<StartMode> choose(String status) {
        return switch (status) {
            case "ready" -> Optional.of(StartMode.START_REPLICATION);
            case "stopped", "failed" -> Optional.of(StartMode.RESUME_PROCESSING);
            case "running", "starting" -> Optional.empty();
            default -> {
                if (Replication.PASSING_STATES.contains(status)) {
                    throw new ReplicationNotReadyException("the DMS task is " + status + ": it can be started once that passes");
                }
                throw new ReplicationStateException("the DMS task is " + status + ": Cutover does not start a task in that state");
            }
        };
    }
}
