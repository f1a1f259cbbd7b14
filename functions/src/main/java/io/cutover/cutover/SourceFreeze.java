package io.cutover.cutover;

import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Ports;
import io.cutover.core.text.Durations;
import io.cutover.cutover.WriteFreeze.FreezeOutcome;
import io.cutover.cutover.WriteFreeze.UnfreezeOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The steps that freeze the source and keep it frozen, on the freeze record ({@code cutover/freeze.json}) that
 * {@link WriteFreeze} keeps: "5.2 Freeze writes on source", the unfreeze of every rollback path, and "8 Rollback
 * window", which checks that the source stays read-only while a fallback is possible.
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
