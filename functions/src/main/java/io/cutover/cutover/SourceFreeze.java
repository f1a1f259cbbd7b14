package io.cutover.cutover;

import io.cutover.core.Heartbeat;
import io.cutover.core.db.BinlogPosition;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.error.SafetyCheckFailedException;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.core.text.Durations;
import io.cutover.cutover.WriteFreeze.FreezeOutcome;
import io.cutover.cutover.WriteFreeze.UnfreezeOutcome;
import io.cutover.cutover.validation.ValidationKeys;
import io.cutover.replication.CdcLagMetric;
import io.cutover.replication.ReplicationPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The steps around the frozen source, on the freeze record ({@code cutover/freeze.json}) that {@link WriteFreeze}
 * keeps: "5.2 Freeze writes on source", "5.2 Prove that CDC drained", "5.4 Record the rollback position", the unfreeze
 * of every rollback path, and "8 Rollback window", which checks that the source stays read-only while a fallback is
 * possible.
 */
public final class SourceFreeze {
    /** Checks every 15 minutes at first; later a 24th of the time since the window began, at most hourly. */
    public static final int FIRST_WAIT_SECONDS = 900;
    static final int MAX_WAIT_SECONDS = 3600;

    private final Ports ports;

    public SourceFreeze(Ports ports) {
        this.ports = ports;
    }

    /** The freeze and where it is recorded; {@link #describe()} is the state's summary. */
    public record Frozen(FreezeOutcome outcome, String recordKey, String reportKey) {
        public List<String> writers() {
            return outcome.record().accountsThatCanStillWrite();
        }

        public String describe() {
            FreezeRecord r = outcome.record();
            return "source frozen (" + r.server() + "): read_only was " + (r.readOnlyBefore() ? "ON" : "OFF")
                    + (r.superReadOnlyBefore() == null ? "" : ", super_read_only was " + (r.superReadOnlyBefore() ? "ON" : "OFF"))
                    + "; marker " + r.marker().markerId() + " written at " + r.freezePosition().describe()
                    + (outcome.alreadyFrozenByUs() ? " (already frozen by an earlier attempt; its recording is kept)" : "")
                    + (writers().isEmpty() ? "" : "; " + writers().size() + " account(s) can still write");
        }
    }

    /** "5.2 Freeze writes on source": records the previous settings, freezes, writes the drain marker. */
    public Frozen freeze(CutoverRequest input) {
        var config = input.config();
        CutoverArtifacts store = new CutoverArtifacts(ports.artifacts(), config.migrationId());
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source())) {
            FreezeOutcome outcome = new WriteFreeze(ports.clock()).freeze(source, config.migrationId(), input.execution(),
                    store.freezeRecord(), store::saveFreezeRecord);
            // for the post-freeze pass's write counters: what transactions open when read_only was set had written
            ports.artifacts().putJson(ValidationKeys.inFlightAtFreezeKey(config.migrationId()),
                    WriteFreeze.inFlight(outcome, input.execution()));
            String reportKey = store.put("freeze-report.json", outcome);
            return new Frozen(outcome, CutoverArtifacts.freezeKey(config.migrationId()), reportKey);
        }
    }

    /** Restores the source's recorded settings (every rollback path); the outcome says what was done. */
    public UnfreezeOutcome unfreeze(CutoverRequest input) {
        var config = input.config();
        CutoverArtifacts store = new CutoverArtifacts(ports.artifacts(), config.migrationId());
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source())) {
            return new WriteFreeze(ports.clock()).unfreeze(source, store.freezeRecord(), store::saveFreezeRecord);
        }
    }

    /** The evidence artifact ({@code cutover/drain.json}): the marker, the last decision and the poll's memory. */
    public record DrainEvidence(FreezeRecord.Marker marker, PollDecision decision, Double drainSeconds, DrainProof.State state) {}

    /**
     * "5.2 Prove that CDC drained" (a poll): reads the freeze's marker, looks for it on the target, samples DMS, and
     * decides with {@link DrainProof}. The poll's memory (previous sample, hold start) and the evidence live in the
     * artifacts ({@code cutover/drain.json}). The sample's lag goes to the dashboard ({@code CdcLagSeconds}) as in the
     * catch-up poll.
     */
    public PollDecision proveDrain(CutoverRequest input) {
        var config = input.config();
        CutoverArtifacts store = new CutoverArtifacts(ports.artifacts(), config.migrationId());
        FreezeRecord record = store.freezeRecord()
                .filter(r -> r.status() == FreezeRecord.Status.FROZEN && r.marker() != null)
                .orElseThrow(() -> new SafetyCheckFailedException("no frozen source with a drain marker is recorded for "
                        + config.migrationId() + ": run the freeze first"));
        DrainProof.State previous = store.get("drain.json", DrainEvidence.class).map(DrainEvidence::state).orElse(null);
        boolean visible;
        try (Database target = ports.databases().open(DatabaseRole.TARGET, config.target())) {
            visible = markerVisible(target, record.marker().markerId(), MARKER_WAIT_MILLIS);
        }
        CdcSample sample = ports.replication().cdcSample(input.task());
        DrainProof drain = new DrainProof(config.cutover());
        DrainProof.Result result = drain.decide(input.attempt(), record.marker(), previous, sample, visible, ports.clock().instant());
        if (visible && onlyTheFirstSample(result)) {
            // the marker is there and nothing else is wrong: the second sample to compare the counters with comes now, not after
            // the state machine's next wait
            pause(RESAMPLE_MILLIS);
            sample = ports.replication().cdcSample(input.task());
            result = drain.decide(input.attempt(), record.marker(), result.state(), sample, true, ports.clock().instant());
        }
        CdcLagMetric.publish(ports.metrics(), config.migrationId(), sample);
        store.put("drain.json", new DrainEvidence(record.marker(), result.decision(), result.drainSeconds(), result.state()));
        return result.decision();
    }

    /** How often the drain poll looks for the marker on the target while it waits for it (a primary-key lookup). */
    static final long MARKER_POLL_MILLIS = 50;
    /** How long one drain poll waits for the marker before it hands back to the state machine's wait (Lambda timeout: 60 s). */
    static final long MARKER_WAIT_MILLIS = 10_000;
    /** The gap between the two CDC samples whose counters must agree, once the marker is on the target. */
    static final long RESAMPLE_MILLIS = 100;

    /**
     * Whether the marker is on the target, looking every {@value #MARKER_POLL_MILLIS} ms for up to {@code waitMillis}:
     * the drain is seen within about that interval of DMS applying the marker, instead of at the state machine's next
     * poll seconds later.
     */
    static boolean markerVisible(Database target, String markerId, long waitMillis) {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        while (true) {
            if (!target.query("SELECT marker_id FROM " + Heartbeat.qualifiedName() + " WHERE marker_id = ?", markerId).isEmpty()) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            pause(MARKER_POLL_MILLIS);
        }
    }

    private static boolean onlyTheFirstSample(DrainProof.Result result) {
        List<String> unmet = result.observation().unmet();
        return result.decision().outcome() == PollDecision.Outcome.CONTINUE && unmet.size() == 1 && unmet.get(0).startsWith("first CDC sample");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while proving the drain", e);
        }
    }

    /** The artifact. */
    public record RollbackPosition(String migrationId, Instant recordedAt, String server, BinlogPosition source,
                                   ReplicationPosition dms, FreezeRecord freeze, DrainEvidence drain,
                                   List<String> validationReportKeys, List<String> warnings) {}

    /** What was recorded, and where; {@link #describe()} is the state's summary. */
    public record Recorded(BinlogPosition position, ReplicationPosition dms, boolean positionMatchesFreeze, String artifactKey,
                           List<String> warnings) {
        /** The GTID state: gtid_executed (MySQL), else gtid_binlog_pos (MariaDB). */
        public String gtid() {
            return position.gtidExecuted() != null ? position.gtidExecuted() : position.gtidBinlogPos();
        }

        public String describe() {
            return "rollback position " + position.describe() + "; " + dms.describe()
                    + (warnings.isEmpty() ? "" : "; " + warnings.size() + " warning(s): " + String.join(" | ", warnings));
        }
    }

    /**
     * "5.4 Record the rollback position", before the task is stopped: the source's binlog file / position / GTID
     * state now (frozen, drained), where the DMS task is ({@link ReplicationPosition}: status, recovery checkpoint, CDC
     * counters), and the evidence they rest on (freeze record, drain proof, validation reports) in one artifact,
     * {@code cutover/rollback-position.json}. The source's position only: nothing reads it back or replicates from
     * it, and no position on the target is recorded (docs/cutover-and-validation.md, "Rollback position"). What does
     * not hold (the position moved since the freeze, the drain was not proven, the task is not running) is a warning.
     */
    public Recorded recordRollbackPosition(CutoverRequest input) {
        var config = input.config();
        CutoverArtifacts store = new CutoverArtifacts(ports.artifacts(), config.migrationId());
        BinlogPosition position;
        String server;
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source())) {
            position = BinlogPosition.read(source);
            server = source.server().describe();
        }
        ReplicationPosition dms = ReplicationPosition.read(ports.replication(), input.task());
        Optional<FreezeRecord> freeze = store.freezeRecord();
        Optional<DrainEvidence> drain = store.get("drain.json", DrainEvidence.class);
        List<String> reports = List.of(ValidationKeys.reportKey(config.migrationId(), "pre-freeze"),
                ValidationKeys.reportKey(config.migrationId(), "post-freeze"))
                .stream().filter(k -> ports.artifacts().get(k).isPresent()).toList();
        BinlogPosition frozenAt = freeze.map(FreezeRecord::freezePosition).orElse(null);
        boolean matches = frozenAt != null && frozenAt.file() != null && frozenAt.file().equals(position.file())
                && frozenAt.position().equals(position.position());
        List<String> warnings = warnings(frozenAt, position, matches, drain, dms);
        String key = store.put("rollback-position.json", new RollbackPosition(config.migrationId(), ports.clock().instant(), server,
                position, dms, freeze.orElse(null), drain.orElse(null), reports, warnings));
        return new Recorded(position, dms, matches, key, warnings);
    }

    private static List<String> warnings(BinlogPosition frozenAt, BinlogPosition position, boolean matches,
                                         Optional<DrainEvidence> drain, ReplicationPosition dms) {
        List<String> warnings = new ArrayList<>();
        if (frozenAt == null) {
            warnings.add("no freeze is recorded: this position is not a frozen point");
        } else if (!matches) {
            warnings.add("the source binlog moved from " + frozenAt.describe() + " (freeze) to " + position.describe()
                    + ": something wrote after the freeze (an account that can still write, a scheduled event, or the RDS "
                    + "heartbeat); check the binlog between the two positions");
        }
        if (drain.isEmpty() || drain.get().decision().outcome() != PollDecision.Outcome.DONE) {
            warnings.add("the drain was not proven before this position was recorded");
        }
        if (!"running".equals(dms.taskStatus())) {
            warnings.add("the DMS task is " + dms.taskStatus() + ", not running: its checkpoint and counters are where it "
                    + "stopped, which may be before the freeze");
        }
        return warnings;
    }

    /** Where the freeze record is kept. */
    public static String recordKey(String migrationId) {
        return CutoverArtifacts.freezeKey(migrationId);
    }

    /** The rollback window, recorded on its first check ({@code cutover/rollback-window.json}). */
    public record Window(Instant startedAt, Instant endsAt, double hours) {}

    /**
     * "8 Rollback window" (a poll): FAILED if the source is no longer read-only (writes there never reach Aurora),
     * DONE when the window is over (the source stays read-only), otherwise the next check's wait.
     */
    public PollDecision holdForRollbackWindow(CutoverRequest input) {
        var config = input.config();
        CutoverArtifacts store = new CutoverArtifacts(ports.artifacts(), config.migrationId());
        Instant now = ports.clock().instant();
        Window window = store.get("rollback-window.json", Window.class).orElseGet(() -> {
            double hours = config.cutover().rollbackWindowHours();
            Window w = new Window(now, now.plusSeconds(Math.round(hours * 3600)), hours);
            store.put("rollback-window.json", w);
            return w;
        });
        boolean frozen;
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source())) {
            frozen = WriteFreeze.isFrozen(source);
        }
        int attempt = input.attempt();
        if (!frozen) {
            return PollDecision.failed(attempt, "the source is no longer read-only during the rollback window (until "
                    + window.endsAt() + "): anything written there is not in Aurora; a fallback would lose it");
        }
        long remaining = Duration.between(now, window.endsAt()).toSeconds();
        if (remaining <= 0) {
            return PollDecision.done(attempt, "rollback window of " + Durations.ofHours(window.hours()) + " is over; the source stays read-only");
        }
        long elapsed = Duration.between(window.startedAt(), now).toSeconds();
        return PollDecision.continueAfter(nextWait(elapsed, remaining), attempt,
                "source read-only for the rollback window; " + remaining + " s left (until " + window.endsAt() + ")");
    }

    /**
     * The wait before the next check: the checks widen with the time the window has lasted (15 min for the first six
     * hours, then a 24th of the time elapsed, hourly after a day), so that the longest window the input allows (720 h)
     * takes about 750 checks, which its child execution's history holds; never past the window's end.
     */
    public static int nextWait(long elapsedSeconds, long remainingSeconds) {
        long wait = Math.max(FIRST_WAIT_SECONDS, Math.min(MAX_WAIT_SECONDS, elapsedSeconds / 24));
        return (int) Math.min(remainingSeconds, wait);
    }

    /** The most checks a window of {@code hours} takes (the last one says it is over). */
    public static long maxPolls(double hours) {
        long length = Math.round(hours * 3600);
        long at = 0;
        long polls = 1;
        while (at < length) {
            at += nextWait(at, length - at);
            polls++;
        }
        return polls;
    }
}
