package io.cutover.cutover;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Ports;
import java.time.Duration;
import java.time.Instant;

/**
 * "8 Rollback window" (a poll): after a successful cutover the source stays read-only for
 * {@code cutover.rollbackWindowHours}, so that falling back loses nothing. Each poll checks that the source is still
 * read-only (FAILED if someone made it writable: writes there never reach Aurora) and returns DONE when the window is
 * over (the source stays read-only; decommission it when ready). A rollback decision inside the window calls
 * {@link UnfreezeHandler}. The window's start is recorded on the first poll ({@code cutover/rollback-window.json}).
 */
public class RollbackWindowHandler extends TaskHandler<CutoverRequest, PollDecision> {
    /** Checks every 15 minutes at first; later a 24th of the time since the window began, at most hourly. */
    static final int FIRST_WAIT_SECONDS = 900;
    static final int MAX_WAIT_SECONDS = 3600;

    public record Window(Instant startedAt, Instant endsAt, double hours) {}

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

    public RollbackWindowHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public RollbackWindowHandler(Ports ports) {
        super(CutoverRequest.class, ports);
    }

    @Override
    public PollDecision handle(CutoverRequest input) {
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
            return PollDecision.done(attempt, "rollback window of " + io.cutover.core.text.Durations.ofHours(window.hours()) + " is over; the source stays read-only");
        }
        long elapsed = Duration.between(window.startedAt(), now).toSeconds();
        return PollDecision.continueAfter(nextWait(elapsed, remaining), attempt,
                "source read-only for the rollback window; " + remaining + " s left (until " + window.endsAt() + ")");
    }
}
