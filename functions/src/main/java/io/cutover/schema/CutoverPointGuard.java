package io.cutover.schema;

import io.cutover.core.error.SafetyCheckFailedException;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.TaskRef;
import java.util.Locale;

/**
 * Triggers, events and foreign keys that change rows must not exist on the target while DMS still applies
 * changes: they would act a second time on rows the source already changed. When the state machine passes the
 * DMS task, the post-cutover steps refuse to run unless the task is stopped.
 */
public final class CutoverPointGuard {
    private CutoverPointGuard() {}

    public static void requireStopped(Ports ports, TaskRef task, String what) {
        if (task == null) {
            return;
        }
        String status = ports.replication().progress(task).status();
        if (status == null || !status.toLowerCase(Locale.ROOT).equals("stopped")) {
            throw new SafetyCheckFailedException("refusing to " + what + " while DMS task " + task.taskId() + " is " + status
                    + ": they would act on rows DMS is still replicating; stop the task (the cutover point) first");
        }
    }
}
