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
    static final int MAX_WAIT_SECONDS = 900;

    public record Window(Instant startedAt, Instant endsAt, double hours) {}

    /** The most polls a window of {@code hours} takes (the last one says it is over). */
    public static long maxPolls(double hours) {
        return (long) Math.ceil(hours * 3600 / MAX_WAIT_SECONDS) + 1;
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
        return PollDecision.continueAfter((int) Math.min(remaining, MAX_WAIT_SECONDS), attempt,
                "source read-only for the rollback window; " + remaining + " s left (until " + window.endsAt() + ")");
    }
}
