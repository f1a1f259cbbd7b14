package io.cutover.replication;

import io.cutover.core.handler.Inputs;
import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.TaskRef;

/** "5.5 Stop the DMS task (cutover point)" and "R2 Stop the DMS task (rollback)": asks DMS to stop; a stopped or stopping task is left as it is. */
public class StopTaskHandler extends TaskHandler<StopTaskHandler.Input, StopTaskHandler.Result> {

    public record Input(MigrationConfig config, TaskRef task) {}

    public record Result(@NonNull String statusBefore, boolean stopRequested) {}

    public StopTaskHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public StopTaskHandler(Ports ports) {
        super(Input.class, ports);
    }

    @Override
    protected Result handle(Input input) {
        TaskRef task = Inputs.required(input.task(), "$.task", "the task of the create-task step");
        ReplicationSetup.Stopped s = new ReplicationSetup(ports).stop(task);
        return new Result(s.statusBefore(), s.stopRequested());
    }
}
