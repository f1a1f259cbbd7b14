package io.cutover.replication;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Artifacts;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.core.ports.Replication.TaskProgress;
import io.cutover.core.ports.Replication.TaskRef;
import io.cutover.core.ports.Replication.TaskStatus;
import io.cutover.replication.CdcLagDecision.Phase;
import io.cutover.replication.CdcLagDecision.Window;
import io.cutover.replication.FullLoadDecision.Tracker;

/**
 * The replication phase's long polls, each a sample of the task and a decision on it, with the attempt budget the
 * planned migration allows ({@link PollSchedule#longWaitBudget}): the full load (4) and CDC caught up or drained (5.1).
 */
public final class ReplicationPolls {
    private final Ports ports;

    public ReplicationPolls(Ports ports) {
        this.ports = ports;
    }

    /** The full load's decision and, once it is decided, where the tables' progress was recorded. */
    public record FullLoad(FullLoadDecision.Outcome outcome, TaskProgress progress, String tablesKey) {}

    /**
     * "4.1 Poll the full load": DONE at 100 % with no errored table, FAILED on errors (after one resume), else CONTINUE;
     * the tables' progress goes to {@code replication/full-load-tables.json} once decided.
     */
    public FullLoad fullLoad(MigrationConfig config, TaskRef task, Tracker tracker, int attempt, boolean stopsAfterFullLoad,
                             boolean cdcEndpointSwitched) {
        TaskProgress p = ports.replication().progress(task);
        FullLoadDecision.Outcome outcome = FullLoadDecision.decide(p, tracker, attempt,
                PollSchedule.longWaitBudget(config.readiness().plannedMigrationHours()), stopsAfterFullLoad,
                cdcEndpointSwitched, ports.clock().instant());
        String key = null;
        if (outcome.decision().outcome() != PollDecision.Outcome.CONTINUE) {
            key = Artifacts.key(config.migrationId(), "replication", "full-load-tables.json");
            ports.artifacts().putJson(key, p);
        }
        return new FullLoad(outcome, p, key);
    }

    /** A CDC sample and the decision on it. */
    public record CdcCaughtUp(CdcLagDecision.Outcome outcome, CdcSample sample) {}

    /**
     * "5.1 Wait until CDC has caught up" (phase CATCH_UP, before the freeze: lag within {@code cutover.maxLagSeconds} for
     * {@code lagHoldSeconds}) or drained (phase DRAIN, writes frozen: the same and the CDC counters stopped, for
     * {@code drainHoldSeconds}). Each sample's lag is published as the metric {@code CdcLagSeconds} for the dashboard.
     */
    public CdcCaughtUp cdcCaughtUp(MigrationConfig config, TaskRef task, Window window, int attempt, Phase phase) {
        MigrationConfig.Cutover cutover = config.cutover();
        TaskStatus status = ports.replication().status(task);
        CdcSample sample = ports.replication().cdcSample(task);
        CdcLagMetric.publish(ports.metrics(), config.migrationId(), sample);
        int hold = phase == Phase.DRAIN ? cutover.drainHoldSeconds() : cutover.lagHoldSeconds();
        int budget = phase == Phase.DRAIN
                ? Math.max(3, cutover.drainTimeoutSeconds() / CdcLagDecision.MIN_WAIT_SECONDS)
                : PollSchedule.longWaitBudget(config.readiness().plannedMigrationHours());
        CdcLagDecision.Outcome outcome = CdcLagDecision.decide(status.status(), status.lastFailureMessage(), sample,
                window, phase, cutover.maxLagSeconds(), hold, attempt, budget);
        return new CdcCaughtUp(outcome, sample);
    }
}
