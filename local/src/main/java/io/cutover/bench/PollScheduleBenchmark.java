package io.cutover.bench;

import io.cutover.core.poll.PollDecision;
import io.cutover.replication.AssessmentDecision;
import io.cutover.replication.CdcLagDecision;
import io.cutover.replication.ConnectionTestDecision;
import io.cutover.replication.FullLoadDecision;
import io.cutover.replication.PollSchedule;
import io.cutover.replication.Replication.AssessmentItem;
import io.cutover.replication.Replication.AssessmentStatus;
import io.cutover.replication.Replication.CdcSample;
import io.cutover.replication.Replication.ConnectionState;
import io.cutover.replication.Replication.ConnectionStatus;
import io.cutover.replication.Replication.TableState;
import io.cutover.replication.Replication.TaskProgress;
import io.cutover.replication.Replication.TaskStatus;
import io.cutover.replication.TaskStatusDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How many polls, state transitions and history events the replication waits cost under Cutover's adaptive
 * schedule, for a migration with a long full load (24 h unless given) followed by a CDC catch-up. Each poll is a
 * simulated DMS reading fed to the real decision classes; time advances by the interval each decision returns.
 * A Standard execution keeps at most 25,000 history events.
 */
final class PollScheduleBenchmark implements Benchmarks.Benchmark {
    private static final int HISTORY_LIMIT = 25_000;

    private record Loop(String name, int polls, Duration waited) {}

    @Override
    public String description() {
        return "polls, state transitions and history events of the replication waits (args: full-load hours, default 24)";
    }

    @Override
    public void run(String[] args) {
        double loadHours = args.length > 0 ? Double.parseDouble(args[0]) : 24;
        int plannedHours = (int) Math.max(72, Math.ceil(loadHours * 2));
        List<Loop> loops = new ArrayList<>();
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");

        loops.add(loop("task created (ready)", t0, Duration.ofSeconds(45), (now, elapsed, prev) ->
                TaskStatusDecision.decide(new TaskStatus(elapsed.toSeconds() < 45 ? "creating" : "ready", null, null),
                        TaskStatusDecision.Awaiting.READY, prev, PollSchedule.TASK_STATUS_MAX_ATTEMPTS)));
        loops.add(loop("connection tests", t0, Duration.ofSeconds(70), (now, elapsed, prev) -> {
            ConnectionState s = elapsed.toSeconds() < 70 ? ConnectionState.TESTING : ConnectionState.SUCCESSFUL;
            return ConnectionTestDecision.decide(List.of(new ConnectionStatus("src", s, null), new ConnectionStatus("tgt", s, null)),
                    prev, PollSchedule.CONNECTION_TEST_MAX_ATTEMPTS);
        }));
        loops.add(loop("pre-migration assessment", t0, Duration.ofMinutes(12), (now, elapsed, prev) -> {
            boolean done = elapsed.toMinutes() >= 12;
            AssessmentStatus status = new AssessmentStatus("run", done ? "passed" : "running",
                    List.of(new AssessmentItem("mysql-check-binlog-format", done ? "passed" : "pending", null)));
            return AssessmentDecision.decide(status, prev, PollSchedule.ASSESSMENT_MAX_ATTEMPTS).decision();
        }));
        loops.add(fullLoad(t0, loadHours, plannedHours));
        loops.add(catchUp(t0, plannedHours));
        loops.add(loop("task stopped (cutover point)", t0, Duration.ofSeconds(40), (now, elapsed, prev) ->
                TaskStatusDecision.decide(new TaskStatus(elapsed.toSeconds() < 40 ? "stopping" : "stopped", "Stop Reason NORMAL", null),
                        TaskStatusDecision.Awaiting.STOPPED, prev, PollSchedule.TASK_STATUS_MAX_ATTEMPTS)));

        System.out.printf("Replication waits with a %.0f-hour full load (each poll = %d states, %d history events)%n%n",
                loadHours, PollSchedule.STATES_PER_POLL, PollSchedule.EVENTS_PER_POLL);
        System.out.printf("  %-30s %7s %12s %9s %10s%n", "loop", "polls", "transitions", "events", "waited");
        int polls = 0;
        for (Loop l : loops) {
            polls += l.polls();
            System.out.printf("  %-30s %7d %12d %9d %10s%n", l.name(), l.polls(), l.polls() * PollSchedule.STATES_PER_POLL,
                    l.polls() * PollSchedule.EVENTS_PER_POLL, human(l.waited()));
        }
        System.out.printf("  %-30s %7d %12d %9d%n", "total", polls, polls * PollSchedule.STATES_PER_POLL, polls * PollSchedule.EVENTS_PER_POLL);
        System.out.printf("%n  %.1f %% of the %,d-event history limit of a Standard execution%n",
                100.0 * polls * PollSchedule.EVENTS_PER_POLL / HISTORY_LIMIT, HISTORY_LIMIT);
        int fixed = (int) Math.ceil(loadHours * 3600 / 30);
        System.out.printf("  for comparison, a fixed 30 s interval over the full load alone: %d polls, %,d events%n",
                fixed, fixed * PollSchedule.EVENTS_PER_POLL);
    }

    private interface Step {
        PollDecision decide(Instant now, Duration elapsed, int previousAttempt);
    }

    private static Loop loop(String name, Instant t0, Duration expected, Step step) {
        Instant now = t0;
        PollDecision d;
        int attempt = 0;
        do {
            d = step.decide(now, Duration.between(t0, now), attempt);
            attempt = d.attempt();
            now = now.plusSeconds(d.waitSeconds());
        } while (d.outcome() == PollDecision.Outcome.CONTINUE);
        check(name, d);
        return new Loop(name, attempt, Duration.between(t0, now));
    }

    /** A linear load of 1e9 rows over {@code hours}, 400 tables. */
    private static Loop fullLoad(Instant t0, double hours, int plannedHours) {
        double total = hours * 3600;
        Instant now = t0;
        FullLoadDecision.Tracker tracker = null;
        int attempt = 0;
        PollDecision d;
        do {
            double f = Math.min(1, Duration.between(t0, now).toSeconds() / total);
            int percent = (int) Math.floor(100 * f);
            TaskProgress p = new TaskProgress("running", null, null, percent, f >= 1 ? 400 : (int) (400 * f), f >= 1 ? 0 : 8,
                    f >= 1 ? 0 : Math.max(0, 392 - (int) (400 * f)), 0,
                    List.of(new TableState("app", "all", "Full load", (long) (1e9 * f), 0, 0, 0, 0, null)));
            FullLoadDecision.Outcome o = FullLoadDecision.decide(p, tracker, attempt, PollSchedule.longWaitBudget(plannedHours), false, now);
            d = o.decision();
            tracker = o.tracker();
            attempt = d.attempt();
            now = now.plusSeconds(d.waitSeconds());
        } while (d.outcome() == PollDecision.Outcome.CONTINUE);
        check("full load", d);
        return new Loop("full load", attempt, Duration.between(t0, now));
    }

    /** The lag after the load (30 min of cached changes) comes down in an hour, then holds for 60 s. */
    private static Loop catchUp(Instant t0, int plannedHours) {
        Function<Double, Double> lag = s -> Math.max(0, 1800 - 0.5 * s);
        Instant now = t0;
        CdcLagDecision.Window window = null;
        int attempt = 0;
        PollDecision d;
        long changes = 0;
        do {
            double s = Duration.between(t0, now).toSeconds();
            changes += 100;
            CdcSample sample = new CdcSample(now, Math.min(lag.apply(s), 5.0), lag.apply(s), changes, 0, 0, 0, 0L);
            CdcLagDecision.Outcome o = CdcLagDecision.decide("running", null, sample, window, CdcLagDecision.Phase.CATCH_UP,
                    5, 60, attempt, PollSchedule.longWaitBudget(plannedHours));
            d = o.decision();
            window = o.window();
            attempt = d.attempt();
            now = now.plusSeconds(d.waitSeconds());
        } while (d.outcome() == PollDecision.Outcome.CONTINUE);
        check("CDC catch-up", d);
        return new Loop("CDC catch-up (1 h of lag)", attempt, Duration.between(t0, now));
    }

    private static void check(String name, PollDecision d) {
        if (d.outcome() != PollDecision.Outcome.DONE) {
            throw new IllegalStateException(name + " did not finish in the simulation: " + d.reason());
        }
    }

    private static String human(Duration d) {
        return d.toHours() > 0 ? d.toHours() + " h " + d.toMinutesPart() + " min" : d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }
}
