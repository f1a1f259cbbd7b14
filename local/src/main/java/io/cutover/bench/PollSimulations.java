package io.cutover.bench;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.Databases;
import io.cutover.core.db.Row;
import io.cutover.core.db.ServerInfo;
import io.cutover.core.json.Json;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.cutover.DrainProof;
import io.cutover.cutover.FreezeRecord;
import io.cutover.cutover.RollbackWindowHandler;
import io.cutover.cutover.CutoverRequest;
import io.cutover.replication.AssessmentDecision;
import io.cutover.replication.CdcLagDecision;
import io.cutover.replication.ConnectionTestDecision;
import io.cutover.replication.FullLoadDecision;
import io.cutover.replication.PollSchedule;
import io.cutover.core.ports.Replication.AssessmentItem;
import io.cutover.core.ports.Replication.AssessmentStatus;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.core.ports.Replication.ConnectionState;
import io.cutover.core.ports.Replication.ConnectionStatus;
import io.cutover.core.ports.Replication.TableState;
import io.cutover.core.ports.Replication.TaskProgress;
import io.cutover.core.ports.Replication.TaskStatus;
import io.cutover.replication.TaskStatusDecision;
import io.cutover.snapshot.PollSnapshotHandler;
import io.cutover.snapshot.SnapshotRequestPayload;
import io.cutover.core.ports.Snapshots;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The poll loops of a migration, simulated: each poll is a reading of a simulated DMS / RDS / source fed to the
 * real decision (the decision classes the handlers use, or the handler itself on stub ports where the schedule
 * lives in the handler), and time advances by the interval each decision returns. Shared by the poll-schedule
 * and state-transitions benchmarks.
 */
final class PollSimulations {
    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    /** One loop: every decision in order (the last is DONE) and the time it waited. */
    record Loop(String name, List<PollDecision> decisions, Duration waited) {
        int polls() {
            return decisions.size();
        }
    }

    private interface Step {
        PollDecision decide(Instant now, Duration elapsed, int previousAttempt);
    }

    private PollSimulations() {}

    private static Loop loop(String name, Step step) {
        Instant now = T0;
        List<PollDecision> decisions = new ArrayList<>();
        PollDecision d;
        int attempt = 0;
        do {
            d = step.decide(now, Duration.between(T0, now), attempt);
            decisions.add(d);
            attempt = d.attempt();
            now = now.plusSeconds(d.waitSeconds());
        } while (d.outcome() == PollDecision.Outcome.CONTINUE);
        check(name, d);
        return new Loop(name, decisions, Duration.between(T0, now));
    }

    static Loop taskReady() {
        return loop("task created (ready)", (now, elapsed, prev) ->
                TaskStatusDecision.decide(new TaskStatus(elapsed.toSeconds() < 45 ? "creating" : "ready", null, null),
                        TaskStatusDecision.Awaiting.READY, prev, PollSchedule.TASK_STATUS_MAX_ATTEMPTS));
    }

    static Loop connectionTests() {
        return loop("connection tests", (now, elapsed, prev) -> {
            ConnectionState s = elapsed.toSeconds() < 70 ? ConnectionState.TESTING : ConnectionState.SUCCESSFUL;
            return ConnectionTestDecision.decide(List.of(new ConnectionStatus("src", s, null), new ConnectionStatus("tgt", s, null)),
                    prev, PollSchedule.CONNECTION_TEST_MAX_ATTEMPTS);
        });
    }

    static Loop assessment() {
        return loop("pre-migration assessment", (now, elapsed, prev) -> {
            boolean done = elapsed.toMinutes() >= 12;
            AssessmentStatus status = new AssessmentStatus("run", done ? "passed" : "running",
                    List.of(new AssessmentItem("mysql-check-binlog-format", done ? "passed" : "pending", null)));
            return AssessmentDecision.decide(status, prev, PollSchedule.ASSESSMENT_MAX_ATTEMPTS).decision();
        });
    }

    static Loop taskStopped() {
        return loop("task stopped (cutover point)", (now, elapsed, prev) ->
                TaskStatusDecision.decide(new TaskStatus(elapsed.toSeconds() < 40 ? "stopping" : "stopped", "Stop Reason NORMAL", null),
                        TaskStatusDecision.Awaiting.STOPPED, prev, PollSchedule.TASK_STATUS_MAX_ATTEMPTS));
    }

    /** A linear load of 1e9 rows over {@code hours}, 400 tables. */
    static Loop fullLoad(double hours, int plannedHours) {
        double total = hours * 3600;
        Instant now = T0;
        FullLoadDecision.Tracker tracker = null;
        int attempt = 0;
        List<PollDecision> decisions = new ArrayList<>();
        PollDecision d;
        do {
            double f = Math.min(1, Duration.between(T0, now).toSeconds() / total);
            int percent = (int) Math.floor(100 * f);
            TaskProgress p = new TaskProgress("running", null, null, percent, f >= 1 ? 400 : (int) (400 * f), f >= 1 ? 0 : 8,
                    f >= 1 ? 0 : Math.max(0, 392 - (int) (400 * f)), 0,
                    List.of(new TableState("app", "all", "Full load", (long) (1e9 * f), 0, 0, 0, 0, null)));
            FullLoadDecision.Outcome o = FullLoadDecision.decide(p, tracker, attempt, PollSchedule.longWaitBudget(plannedHours), false, now);
            d = o.decision();
            decisions.add(d);
            tracker = o.tracker();
            attempt = d.attempt();
            now = now.plusSeconds(d.waitSeconds());
        } while (d.outcome() == PollDecision.Outcome.CONTINUE);
        check("full load", d);
        return new Loop("full load", decisions, Duration.between(T0, now));
    }

    /**
     * The lag after the load comes down at half a second per second, so that it reaches the threshold after
     * {@code hours}; then it holds for 60 s. Changes keep arriving throughout.
     */
    static Loop cdcCatchUp(double hours, int plannedHours) {
        double lagAtStart = 0.5 * hours * 3600;
        Function<Double, Double> lag = s -> Math.max(0, lagAtStart - 0.5 * s);
        Instant now = T0;
        CdcLagDecision.Window window = null;
        int attempt = 0;
        List<PollDecision> decisions = new ArrayList<>();
        PollDecision d;
        long changes = 0;
        do {
            double s = Duration.between(T0, now).toSeconds();
            changes += 100;
            CdcSample sample = new CdcSample(now, Math.min(lag.apply(s), 5.0), lag.apply(s), changes, 0, 0, 0, 0L);
            CdcLagDecision.Outcome o = CdcLagDecision.decide("running", null, sample, window, CdcLagDecision.Phase.CATCH_UP,
                    5, 60, attempt, PollSchedule.longWaitBudget(plannedHours));
            d = o.decision();
            decisions.add(d);
            window = o.window();
            attempt = d.attempt();
            now = now.plusSeconds(d.waitSeconds());
        } while (d.outcome() == PollDecision.Outcome.CONTINUE);
        check("CDC catch-up", d);
        return new Loop(String.format(java.util.Locale.ROOT, "CDC catch-up (%.0f h of lag)", hours), decisions, Duration.between(T0, now));
    }

    /** After the freeze: the marker reaches the target after 6 s, the counters stop with it (the proof's 2 s polls). */
    static Loop drain() {
        MigrationConfig.Cutover settings = new MigrationConfig.Cutover(5, 60, 0, 600, null, null, null);
        FreezeRecord.Marker marker = new FreezeRecord.Marker("drain:bench", T0);
        DrainProof proof = new DrainProof(settings);
        DrainProof.State[] state = {null};
        return loop("drain proof", (now, elapsed, prev) -> {
            boolean arrived = elapsed.toSeconds() >= 6;
            long changes = arrived ? 500 : 400 + elapsed.toSeconds() * 10;
            CdcSample sample = new CdcSample(now, arrived ? null : 1.0, arrived ? null : 1.0, changes, 0, 0, 0, arrived ? 0L : 5L);
            DrainProof.Result r = proof.decide(prev + 1, marker, state[0], sample, arrived, now);
            state[0] = r.state();
            return r.decision();
        });
    }

    /** The Aurora snapshot, available after {@code minutes}: the real PollSnapshotHandler on a simulated RDS. */
    static Loop snapshot(int minutes) {
        Instant[] now = {T0};
        Snapshots rds = new Snapshots() {
            @Override
            public SnapshotStatus create(SnapshotRequest request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<SnapshotStatus> describe(String clusterIdentifier, String snapshotId) {
                boolean done = Duration.between(T0, now[0]).toMinutes() >= minutes;
                return Optional.of(new SnapshotStatus(snapshotId, clusterIdentifier, done ? "available" : "creating",
                        done ? 100 : 50, T0, "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:" + snapshotId, null, false));
            }

            @Override
            public Optional<ClusterBackups> backups(String clusterIdentifier) {
                throw new UnsupportedOperationException();
            }
        };
        PollSnapshotHandler handler = new PollSnapshotHandler(InMemoryPorts.builder().snapshots(rds).build());
        MigrationConfig config = config(24);
        PollDecision[] last = {null};
        return loop("Aurora snapshot", (at, elapsed, prev) -> {
            now[0] = at;
            last[0] = handler.handle(new SnapshotRequestPayload(config, "7 Poll the snapshot", "bench", last[0]));
            return last[0];
        });
    }

    /** The rollback window of {@code hours}: the real RollbackWindowHandler on a source that stays read-only. */
    static Loop rollbackWindow(double hours) {
        MutableClock clock = new MutableClock(T0);
        RollbackWindowHandler handler = new RollbackWindowHandler(InMemoryPorts.builder().databases(new ReadOnlySource()).clock(clock).build());
        MigrationConfig config = config(hours);
        PollDecision[] last = {null};
        return loop("rollback window (read-only watch)", (at, elapsed, prev) -> {
            clock.set(at);
            last[0] = handler.handle(new CutoverRequest(config, "8b Check that the source stays read-only", "bench", null, null, last[0]));
            return last[0];
        });
    }

    private static MigrationConfig config(double rollbackWindowHours) {
        return Json.convert(Json.parse("""
                {"migrationId": "bench", "source": {"secretId": "s"}, "target": {"secretId": "t", "clusterIdentifier": "bench-aurora"},
                 "schemas": ["app"], "cutover": {"rollbackWindowHours": %s}}""".formatted(rollbackWindowHours)), MigrationConfig.class);
    }

    private static void check(String name, PollDecision d) {
        if (d.outcome() != PollDecision.Outcome.DONE) {
            throw new IllegalStateException(name + " did not finish in the simulation: " + d.reason());
        }
    }

    static String human(Duration d) {
        return d.toHours() > 0 ? d.toHours() + " h " + d.toMinutesPart() + " min" : d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }

    /** A clock the simulation moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant at) {
            now = at;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A source that answers read_only ON: what the rollback window's watch reads. */
    private static final class ReadOnlySource implements Databases {
        @Override
        public Database open(DatabaseRole role, MigrationConfig.Endpoint endpoint) {
            return new Database() {
                @Override public DatabaseRole role() { return role; }
                @Override public ServerInfo server() { throw new UnsupportedOperationException(); }
                @Override public Map<String, String> globalVariables(Collection<String> names) { return Map.of("read_only", "ON"); }
                @Override public List<Row> query(String sql, Object... params) { throw new UnsupportedOperationException(sql); }
                @Override public int update(String sql, Object... params) { throw new UnsupportedOperationException(sql); }
                @Override public Connection jdbc() { throw new UnsupportedOperationException(); }
                @Override public void close() { }
            };
        }

        @Override
        public Database open(DatabaseRole role, String secretId, MigrationConfig.Endpoint endpoint) {
            return open(role, endpoint);
        }
    }
}
