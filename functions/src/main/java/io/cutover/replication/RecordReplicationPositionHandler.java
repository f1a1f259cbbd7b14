package io.cutover.replication;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Artifacts;
import io.cutover.core.ports.Ports;
import io.cutover.replication.Replication.CdcSample;
import io.cutover.replication.Replication.Checkpoint;
import io.cutover.replication.Replication.TaskRef;
import io.cutover.replication.Replication.TaskStatus;
import java.time.Instant;

/**
 * "5.4 Rollback position", the DMS part: the task's status, CDC counters and recovery checkpoint (with the binlog
 * position it names), recorded before the task is stopped. The source's own binlog file/position/GTID is read
 * by the cutover phase after the freeze ({@code Replication.checkpoint} is available to it as well).
 */
public class RecordReplicationPositionHandler extends TaskHandler<RecordReplicationPositionHandler.Input, RecordReplicationPositionHandler.Result> {

    public record Input(MigrationConfig config, TaskRef task) {}

    public record Result(String positionKey, String taskStatus, String recoveryCheckpoint, String sourceBinlogFile,
                         Long sourceBinlogPosition, long inserts, long updates, long deletes, long ddls) {}

    /** What the artifact holds. */
    public record Position(String migrationId, String taskId, String taskArn, Instant recordedAt, TaskStatus status,
                           Checkpoint checkpoint, CdcSample cdc) {}

    public RecordReplicationPositionHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public RecordReplicationPositionHandler(Ports ports) {
        super(Input.class, ports);
    }

    @Override
    protected Result handle(Input input) {
        TaskRef task = ReplicationInputs.required(input.task(), "$.task", "the task of the create-task step");
        TaskStatus status = ports.replication().status(task);
        Checkpoint checkpoint = ports.replication().checkpoint(task);
        CdcSample cdc = ports.replication().cdcSample(task);
        String key = Artifacts.key(input.config().migrationId(), "replication", "rollback-position.json");
        ports.artifacts().putJson(key, new Position(input.config().migrationId(), task.taskId(), task.taskArn(),
                ports.clock().instant(), status, checkpoint, cdc));
        return new Result(key, status.status(), checkpoint.recoveryCheckpoint(), checkpoint.sourceBinlogFile(),
                checkpoint.sourceBinlogPosition(), cdc.inserts(), cdc.updates(), cdc.deletes(), cdc.ddls());
    }
}
