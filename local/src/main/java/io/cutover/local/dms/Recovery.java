package io.cutover.local.dms;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DMS's recoverable-error behaviour (ErrorBehavior.RecoverableError*): after a lost connection, wait
 * RecoverableErrorInterval, doubled at each further attempt when throttling is on (up to
 * RecoverableErrorThrottlingMax), and give up after RecoverableErrorCount attempts (-1: never).
 *
 * <p>Each loss, retry and recovery is also said to the engine's notice listener ({@link LocalDmsEngine#onNotice}) as it
 * happens, so that a person following a rehearsal sees it on the console, not only in the log.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final int maxAttempts;
    private final Duration interval;
    private final boolean throttling;
    private final Duration max;
    private final Consumer<String> notices;

    Recovery(int maxAttempts, Duration interval, boolean throttling, Duration max) {
        this(maxAttempts, interval, throttling, max, notice -> { });
    }

    Recovery(int maxAttempts, Duration interval, boolean throttling, Duration max, Consumer<String> notices) {
        this.maxAttempts = maxAttempts;
        this.interval = interval;
        this.throttling = throttling;
        this.max = max;
        this.notices = notices;
    }

    static Recovery of(LocalTaskSettings settings, Consumer<String> notices) {
        return new Recovery(settings.recoverableErrorCount(), settings.recoverableInterval(), settings.throttling(), settings.throttlingMax(),
                notices);
    }

    /** A connection was lost while doing {@code what}: said now, before the wait of the first retry. */
    void lost(String what, String cause) {
        notify("connection lost while " + what + ": " + cause);
    }

    /** {@code what} works again after {@code attempts} attempt(s). */
    void recovered(String what, int attempts) {
        if (attempts > 0) {
            notify("recovered: " + what + " works again after " + attempts + " retr" + (attempts == 1 ? "y" : "ies"));
        }
    }

    private void notify(String notice) {
        try {
            notices.accept(notice);
        } catch (RuntimeException e) {
            LOG.warn("notice listener failed: {}", e.toString());
        }
    }

    /** The wait before attempt {@code attempt} (1-based). */
    Duration delay(int attempt) {
        Duration d = interval;
        if (throttling) {
            for (int i = 1; i < attempt && d.compareTo(max) < 0; i++) {
                d = d.multipliedBy(2);
            }
        }
        return d.compareTo(max) > 0 && max.compareTo(interval) >= 0 ? max : d;
    }

    /**
     * Waits before recovery attempt {@code attempt}; false when the attempts are used up or {@code cancelled}
     * became true while waiting.
     */
    boolean await(int attempt, String what, BooleanSupplier cancelled) {
        if (maxAttempts >= 0 && attempt > maxAttempts) {
            notify("gave up " + what + " after " + (attempt - 1) + " retries (RecoverableErrorCount " + maxAttempts + ")");
            return false;
        }
        Duration wait = delay(attempt);
        notify(String.format(java.util.Locale.ROOT, "retry %d%s of %s in %.1f s", attempt, maxAttempts < 0 ? "" : " of " + maxAttempts, what,
                wait.toMillis() / 1000.0));
        LOG.info("recoverable error while {}: attempt {}{} in {} ms", what, attempt, maxAttempts < 0 ? "" : " of " + maxAttempts, wait.toMillis());
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
            try {
                Thread.sleep(Math.min(50, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !cancelled.getAsBoolean();
    }
}
