package io.cutover.replication;

import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.core.ports.Replication.Checkpoint;
import io.cutover.core.ports.Replication.TaskRef;
import io.cutover.core.ports.Replication.TaskStatus;
import io.cutover.core.ports.Replication;

/**
 * Where the DMS task is, for the rollback record (runbook 5.4, "before stopping DMS"): its status, its recovery
 * checkpoint (with the source binlog position it names) and its cumulative CDC counters. Read by
 * "5.4 Record the rollback position" (cutover package) next to the source's own binlog position.
 */
public record ReplicationPosition(String taskId, String taskArn, TaskStatus status, Checkpoint checkpoint, CdcSample cdc) {

    public static ReplicationPosition read(Replication replication, TaskRef task) {
        TaskStatus status = replication.status(task);
        Checkpoint checkpoint = replication.checkpoint(task);
        CdcSample cdc = replication.cdcSample(task);
        return new ReplicationPosition(task.taskId(), task.taskArn(), status, checkpoint, cdc);
    }

    /** "running", "stopped", … as DMS names it; null when DMS reported none. */
    public String taskStatus() {
        return status == null ? null : status.status();
    }

    public String recoveryCheckpoint() {
        return checkpoint == null ? null : checkpoint.recoveryCheckpoint();
    }

    /** E.g. "DMS task cutover-orders running, checkpoint …, CDC applied 12 inserts, 3 updates, 1 deletes, 0 DDL". */
    public String describe() {
        String counters = cdc == null ? "CDC counters unknown" : "CDC applied " + cdc.inserts() + " inserts, " + cdc.updates()
                + " updates, " + cdc.deletes() + " deletes, " + cdc.ddls() + " DDL";
        return "DMS task " + taskId + " " + (taskStatus() == null ? "(status unknown)" : taskStatus()) + ", checkpoint "
                + (recoveryCheckpoint() == null ? "unknown" : recoveryCheckpoint()) + ", " + counters;
    }
}
