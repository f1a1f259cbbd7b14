package io.cutover.replication;

import io.cutover.core.handler.Inputs;
import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Ports;
import io.cutover.replication.CdcLagDecision.Phase;
import io.cutover.replication.CdcLagDecision.Window;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.core.ports.Replication.TaskRef;

/**
 * "5.1 Wait until CDC has caught up" (phase CATCH_UP, before the freeze: lag within
 * {@code config.cutover.maxLagSeconds} for {@code lagHoldSeconds}) or drained (phase DRAIN, writes frozen: the
 * same and the CDC counters stopped, for {@code drainHoldSeconds}). The state carries the sample window. Each
 * sample's lag is published as the metric {@code CdcLagSeconds} (dimension MigrationId) for the dashboard.
 */
public class PollCdcCaughtUpHandler extends TaskHandler<PollCdcCaughtUpHandler.Input, PollCdcCaughtUpHandler.Result> {

    /** {@code phase}: CATCH_UP when absent. */
    public record Input(MigrationConfig config, TaskRef task, Window window, int attempt, Phase phase) {}

    public record Result(@NonNull PollDecision decision, @NonNull Window window, @NonNull CdcSample sample) {}

    public PollCdcCaughtUpHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public PollCdcCaughtUpHandler(Ports ports) {
        super(Input.class, ports);
    }

    @Override
    protected Result handle(Input input) {
        TaskRef task = Inputs.required(input.task(), "$.task", "the task of the create-task step");
        Phase phase = input.phase() == null ? Phase.CATCH_UP : input.phase();
        ReplicationPolls.CdcCaughtUp c = new ReplicationPolls(ports).cdcCaughtUp(input.config(), task, input.window(), input.attempt(), phase);
        return new Result(c.outcome().decision(), c.outcome().window(), c.sample());
    }
}
