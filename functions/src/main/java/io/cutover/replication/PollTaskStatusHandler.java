package io.cutover.replication;

import io.cutover.core.handler.Inputs;
import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.TaskRef;

/** Polls the task until it is created ({@code awaiting: READY}) or stopped ({@code awaiting: STOPPED}, 5.5). */
public class PollTaskStatusHandler extends TaskHandler<PollTaskStatusHandler.Input, PollTaskStatusHandler.Result> {

    public record Input(MigrationConfig config, TaskRef task, TaskStatusDecision.Awaiting awaiting, int attempt) {}

    public record Result(@NonNull PollDecision decision, @NonNull String status, String stopReason) {}

    public PollTaskStatusHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public PollTaskStatusHandler(Ports ports) {
        super(Input.class, ports);
    }

    @Override
    protected Result handle(Input input) {
        TaskRef task = Inputs.required(input.task(), "$.task", "the task of the create-task step");
        TaskStatusDecision.Awaiting awaiting = Inputs.required(input.awaiting(), "$.awaiting", "READY or STOPPED");
        ReplicationPolls.TaskStatusPoll p = new ReplicationPolls(ports).taskStatus(task, awaiting, input.attempt());
        return new Result(p.decision(), p.status().status(), p.status().stopReason());
    }
}
