package io.cutover.replication;

import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Replication.TableState;
import io.cutover.core.ports.Replication.TaskProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Decides, from one progress reading and what the previous poll saw, whether the full load is done (100 %, no
 * table loading, queued or errored, task running), failed (task failed or stopped, a table errored, no progress
 * for an hour, budget spent) or should be polled again, and after how long: about a tenth of the estimated time
 * left, between 30 s and 15 min, and never less than {@link PollSchedule#longWaitFloor} (a long load is polled less
 * often as it goes on, up to hourly).
 */
public final class FullLoadDecision {
    public static final int MIN_WAIT_SECONDS = 30;
    public static final int MAX_WAIT_SECONDS = 900;
    /** No percent, row or table moved for this long: the load is stuck, not slow. */
    public static final Duration STALL = Duration.ofHours(1);
    static final int MAX_LISTED = 20;

    /**
     * What the state machine carries from one poll to the next (small: seven numbers and four instants).
     * {@code startRows}: the rows copied at the first poll (the rate counts from there); {@code notifiedAt}: when the
     * last progress notification went out (null: none yet).
     */
    public record Tracker(Instant startedAt, int startPercent, Instant lastProgressAt, int percent, long rows,
                          int tablesLoaded, int lastWaitSeconds, long startRows, Instant notifiedAt) {
        public Tracker(Instant startedAt, int startPercent, Instant lastProgressAt, int percent, long rows, int tablesLoaded,
                       int lastWaitSeconds) {
            this(startedAt, startPercent, lastProgressAt, percent, rows, tablesLoaded, lastWaitSeconds, rows, null);
        }

        public Tracker notified(Instant at) {
            return new Tracker(startedAt, startPercent, lastProgressAt, percent, rows, tablesLoaded, lastWaitSeconds, startRows, at);
        }
    }

    public record ErroredTable(String table, String error) {}

    public record Outcome(PollDecision decision, Tracker tracker, List<ErroredTable> erroredTables) {}

    private FullLoadDecision() {}

    public static Outcome decide(TaskProgress p, Tracker previous, int previousAttempt, int maxAttempts,
                                 boolean stopsAfterFullLoad, Instant now) {
        return decide(p, previous, previousAttempt, maxAttempts, stopsAfterFullLoad, false, now);
    }

    /**
     * {@code alreadyResumedForCdc}: a previous execution stopped the task after its load, switched the target endpoint
     * and resumed it; a running task with every table loaded is then past the stop, not before it.
     */
    public static Outcome decide(TaskProgress p, Tracker previous, int previousAttempt, int maxAttempts,
                                 boolean stopsAfterFullLoad, boolean alreadyResumedForCdc, Instant now) {
        int attempt = previousAttempt + 1;
        int percent = p.fullLoadPercent() == null ? 0 : p.fullLoadPercent();
        long rows = p.tables().stream().mapToLong(TableState::fullLoadRows).sum();
        boolean progressing = previous == null || percent > previous.percent() || rows > previous.rows()
                || p.tablesLoaded() > previous.tablesLoaded();
        Tracker tracker = new Tracker(
                previous == null ? now : previous.startedAt(),
                previous == null ? percent : previous.startPercent(),
                progressing ? now : previous.lastProgressAt(),
                percent, rows, p.tablesLoaded(), 0,
                previous == null ? rows : previous.startRows(),
                previous == null ? null : previous.notifiedAt());
        List<ErroredTable> errored = p.tables().stream().filter(t -> "Table error".equals(t.state()))
                .map(t -> new ErroredTable(t.schema() + "." + t.table(), t.lastError())).limit(MAX_LISTED).toList();
        String where = percent + " %, " + p.tablesLoaded() + " tables loaded, " + p.tablesLoading() + " loading, "
                + p.tablesQueued() + " queued";

        if ("failed".equals(p.status())) {
            return end(PollDecision.failed(attempt, "the DMS task failed during the full load (" + where + "): "
                    + FailureHints.explain(p.lastFailureMessage())), tracker, errored);
        }
        if (p.tablesErrored() > 0) {
            return end(PollDecision.failed(attempt, p.tablesErrored() + " table(s) failed to load: " + errored.stream()
                    .map(e -> e.table() + " (" + e.error() + ")").collect(Collectors.joining("; "))
                    + ". Fix the cause and reload the table(s) (DMS console: Reload table data); if the migration has "
                    + "stopped, start a new execution with the same input and a new name (a redrive would only fail again)."),
                    tracker, errored);
        }
        boolean loaded = percent == 100 && p.tablesLoading() == 0 && p.tablesQueued() == 0;
        if ("stopped".equals(p.status()) && loaded && stopsAfterFullLoad) {
            return end(PollDecision.done(attempt, "full load complete; the task stopped after it as its settings ask ("
                    + p.stopReason() + ")"), tracker, errored);
        }
        if ("stopped".equals(p.status()) || "stopping".equals(p.status())) {
            return end(PollDecision.failed(attempt, "the DMS task is " + p.status() + " before the full load completed (" + where
                    + "; " + p.stopReason() + (p.lastFailureMessage() == null ? "" : "; " + FailureHints.explain(p.lastFailureMessage()))
                    + ")"), tracker, errored);
        }
        if ("running".equals(p.status()) && loaded && stopsAfterFullLoad && alreadyResumedForCdc) {
            return end(PollDecision.done(attempt, "full load complete: " + p.tablesLoaded() + " tables loaded; the task already "
                    + "replicates changes (a previous execution stopped it after the load, switched the target endpoint and resumed it)"),
                    tracker, errored);
        }
        if ("running".equals(p.status()) && loaded && !stopsAfterFullLoad) {
            return end(PollDecision.done(attempt, "full load complete: " + p.tablesLoaded() + " tables loaded"), tracker, errored);
        }
        if ("running".equals(p.status()) && loaded && attempt < maxAttempts) {
            // Every table is loaded, but the task still applies the changes cached during the load and stops after
            // them (StopTaskCachedChangesApplied): done only once it has stopped, so that what follows (the target
            // endpoint's switch for CDC) happens while no session is open.
            return new Outcome(PollDecision.continueAfter(Math.max(MIN_WAIT_SECONDS, PollSchedule.longWaitFloor(attempt)), attempt,
                    "full load complete: " + p.tablesLoaded()
                    + " tables loaded; waiting for the task to apply the cached changes and stop"), tracker, errored);
        }
        Duration still = Duration.between(tracker.lastProgressAt(), now);
        if (!progressing && still.compareTo(STALL) > 0) {
            return end(PollDecision.failed(attempt, "the full load has not moved for " + still.toMinutes() + " min (" + where + ", "
                    + rows + " rows): read the task log, check the replication instance (CPU, memory, storage) and long "
                    + "transactions on the source"), tracker, errored);
        }
        if (attempt >= maxAttempts) {
            return end(PollDecision.failed(attempt, "the full load is still not complete after " + attempt + " polls (" + where + ")"),
                    tracker, errored);
        }
        int wait = Math.max(nextWait(tracker, previous, progressing, now), PollSchedule.longWaitFloor(attempt));
        tracker = new Tracker(tracker.startedAt(), tracker.startPercent(), tracker.lastProgressAt(), percent, rows,
                p.tablesLoaded(), wait, tracker.startRows(), tracker.notifiedAt());
        return new Outcome(PollDecision.continueAfter(wait, attempt, "full load " + where), tracker, errored);
    }

    /** A tenth of the estimated time left while percent moves; doubling while it does not, up to 15 min. */
    static int nextWait(Tracker now, Tracker previous, boolean progressing, Instant at) {
        if (previous == null) {
            return MIN_WAIT_SECONDS;
        }
        double elapsed = Duration.between(now.startedAt(), at).toMillis() / 1000.0;
        int gained = now.percent() - now.startPercent();
        if (progressing && gained > 0 && elapsed > 0) {
            double eta = (100 - now.percent()) / (gained / elapsed);
            return PollSchedule.clamp(eta / 10, MIN_WAIT_SECONDS, MAX_WAIT_SECONDS);
        }
        return PollSchedule.clamp(Math.max(previous.lastWaitSeconds(), MIN_WAIT_SECONDS) * 2.0, MIN_WAIT_SECONDS, MAX_WAIT_SECONDS);
    }

    private static Outcome end(PollDecision decision, Tracker tracker, List<ErroredTable> errored) {
        return new Outcome(decision, tracker, new ArrayList<>(errored));
    }
}
