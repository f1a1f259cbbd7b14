package io.cutover.replication;

import io.cutover.core.handler.Inputs;
import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.TaskRef;

/**
 * "4 Start full load and CDC" (and "4.2 Resume the task after a load error", "4.5 Resume the task for CDC"): start-replication on a task's first run, resume-processing on a task that has run
 * (stopped, or failed after an error once the cause is fixed), nothing on a task that already runs (a retry).
 */
public class StartReplicationHandler extends TaskHandler<StartReplicationHandler.Input, StartReplicationHandler.Result> {

    public record Input(MigrationConfig config, TaskRef task) {}

    /** {@code action}: START_REPLICATION, RESUME_PROCESSING, or NONE when the task was already running. */
    public record Result(@NonNull String action, @NonNull String statusBefore) {}

    public StartReplicationHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public StartReplicationHandler(Ports ports) {
        super(Input.class, ports);
    }

    @Override
    protected Result handle(Input input) {
        TaskRef task = Inputs.required(input.task(), "$.task", "the task of the create-task step");
        ReplicationSetup.Started s = new ReplicationSetup(ports).start(task);
        return new Result(s.mode().map(Enum::name).orElse("NONE"), s.statusBefore());
    }
}
