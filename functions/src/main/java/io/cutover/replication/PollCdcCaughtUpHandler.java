package io.cutover.replication;

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
import io.cutover.core.ports.Replication.TaskStatus;

/**
 * "5.1 Wait until CDC is caught up" (phase CATCH_UP, before the freeze: lag within
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
        TaskRef task = ReplicationInputs.required(input.task(), "$.task", "the task of the create-task step");
        MigrationConfig.Cutover cutover = input.config().cutover();
        Phase phase = input.phase() == null ? Phase.CATCH_UP : input.phase();
        TaskStatus status = ports.replication().status(task);
        CdcSample sample = ports.replication().cdcSample(task);
        CdcLagMetric.publish(ports.metrics(), input.config().migrationId(), sample);
        int hold = phase == Phase.DRAIN ? cutover.drainHoldSeconds() : cutover.lagHoldSeconds();
        int budget = phase == Phase.DRAIN
                ? Math.max(3, cutover.drainTimeoutSeconds() / CdcLagDecision.MIN_WAIT_SECONDS)
                : PollSchedule.longWaitBudget(input.config().readiness().plannedMigrationHours());
        CdcLagDecision.Outcome outcome = CdcLagDecision.decide(status.status(), status.lastFailureMessage(), sample,
                input.window(), phase, cutover.maxLagSeconds(), hold, input.attempt(), budget);
        return new Result(outcome.decision(), outcome.window(), sample);
    }
}
