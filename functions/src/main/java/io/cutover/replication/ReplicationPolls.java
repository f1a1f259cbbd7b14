package io.cutover.replication;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Artifacts;
import io.cutover.core.ports.Ports;
import io.cutover.core.handler.Inputs;
import io.cutover.core.ports.Replication.AssessmentStatus;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.core.ports.Replication.ConnectionStatus;
import io.cutover.core.ports.Replication.EndpointPair;
import io.cutover.core.ports.Replication.TaskProgress;
import io.cutover.core.ports.Replication.TaskRef;
import io.cutover.core.ports.Replication.TaskStatus;
import io.cutover.replication.CdcLagDecision.Phase;
import io.cutover.replication.CdcLagDecision.Window;
import io.cutover.replication.FullLoadDecision.Tracker;
import java.util.List;

/**
 * The replication phase's polls, each a sample of DMS and a decision on it: the connection tests (3.1), the task's
 * status (3.4, 5.5), the assessment (3.5), and the long ones with the attempt budget the planned migration allows
 * ({@link PollSchedule#longWaitBudget}): the full load (4.1) and CDC caught up or drained (5.1).
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
        } else if (ProgressReport.due(outcome.tracker().notifiedAt(), outcome.tracker().startedAt(), ports.clock().instant())) {
            ports.notifier().publish(ProgressReport.fullLoadNotification(config.migrationId(),
                    ProgressReport.fullLoad(outcome.tracker(), p.tablesLoading(), p.tablesQueued(), ports.clock().instant())));
            outcome = new FullLoadDecision.Outcome(outcome.decision(), outcome.tracker().notified(ports.clock().instant()),
                    outcome.erroredTables());
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
        if (phase == Phase.CATCH_UP && window == null) {
            // the wait begins: the first progress message is due EVERY from now (notifiedAt: the last message or the start)
            outcome = new CdcLagDecision.Outcome(outcome.decision(), outcome.window().notified(sample.at()));
        } else if (phase == Phase.CATCH_UP && outcome.decision().outcome() == PollDecision.Outcome.CONTINUE
                && ProgressReport.due(outcome.window().notifiedAt(), null, sample.at())) {
            ports.notifier().publish(ProgressReport.cdcNotification(config.migrationId(),
                    ProgressReport.cdc(window, sample, cutover.maxLagSeconds())));
            outcome = new CdcLagDecision.Outcome(outcome.decision(), outcome.window().notified(sample.at()));
        }
        return new CdcCaughtUp(outcome, sample);
    }

    /** The connection tests' states and the decision on them. */
    public record ConnectionTests(PollDecision decision, List<ConnectionStatus> statuses) {}

    /** "3.1 Poll connection tests". */
    public ConnectionTests connectionTests(MigrationConfig config, EndpointPair endpoints, int attempt) {
        String instance = Inputs.replicationInstanceArn(config);
        Inputs.required(endpoints, "$.endpoints", "the endpoint ARNs of the endpoints step");
        List<ConnectionStatus> statuses = ports.replication().connectionStatus(instance, endpoints);
        return new ConnectionTests(ConnectionTestDecision.decide(statuses, attempt, PollSchedule.CONNECTION_TEST_MAX_ATTEMPTS), statuses);
    }

    /** The task's status and the decision on it. */
    public record TaskStatusPoll(PollDecision decision, TaskStatus status) {}

    /** "3.4 Poll until the task is ready" and "5.5 Poll until the task is stopped". */
    public TaskStatusPoll taskStatus(TaskRef task, TaskStatusDecision.Awaiting awaiting, int attempt) {
        long deadline = System.nanoTime() + (awaiting == TaskStatusDecision.Awaiting.STOPPED ? STOP_LOOK_MILLIS : 0) * 1_000_000;
        while (true) {
            TaskStatus s = ports.replication().status(task);
            PollDecision decision = TaskStatusDecision.decide(s, awaiting, attempt, PollSchedule.TASK_STATUS_MAX_ATTEMPTS);
            if (decision.outcome() != PollDecision.Outcome.CONTINUE || System.nanoTime() >= deadline) {
                return new TaskStatusPoll(decision, s);
            }
            try {
                Thread.sleep(STOP_LOOK_EVERY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new TaskStatusPoll(decision, s);
            }
        }
    }

    /**
     * How long one poll for the stop (5.5) keeps looking before it hands back to the state machine's wait, and how
     * often it looks: the stop is inside the application downtime, and a Wait state counts whole seconds, so a stop that
     * ends a few hundred milliseconds after the call is seen then, not at the next poll. Twelve DescribeReplicationTasks
     * calls at most per poll.
     */
    static final long STOP_LOOK_MILLIS = 3_000;
    static final long STOP_LOOK_EVERY_MILLIS = 250;

    /** The assessment's findings, the decision, and once decided where the results were recorded. */
    public record Assessment(AssessmentDecision.Outcome outcome, String resultsKey) {}

    /** "3.5 Poll the assessment": the results go to {@code replication/assessment.json} once decided. */
    public Assessment assessment(MigrationConfig config, TaskRef task, int attempt) {
        AssessmentStatus status = ports.replication().assessment(task);
        AssessmentDecision.Outcome outcome = AssessmentDecision.decide(status, attempt, PollSchedule.ASSESSMENT_MAX_ATTEMPTS);
        String key = null;
        if (outcome.decision().outcome() != PollDecision.Outcome.CONTINUE) {
            key = Artifacts.key(config.migrationId(), "replication", "assessment.json");
            ports.artifacts().putJson(key, status);
        }
        return new Assessment(outcome, key);
    }
}
