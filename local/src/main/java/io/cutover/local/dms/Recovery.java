package io.cutover.local.dms;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DMS's recoverable-error behaviour (ErrorBehavior.RecoverableError*): after a lost connection, wait
 * RecoverableErrorInterval, doubled at each further attempt when throttling is on (up to
 * RecoverableErrorThrottlingMax), and give up after RecoverableErrorCount attempts (-1: never).
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final int maxAttempts;
    private final Duration interval;
    private final boolean throttling;
    private final Duration max;

    Recovery(int maxAttempts, Duration interval, boolean throttling, Duration max) {
        this.maxAttempts = maxAttempts;
        this.interval = interval;
        this.throttling = throttling;
        this.max = max;
    }

    static Recovery of(LocalTaskSettings settings) {
        return new Recovery(settings.recoverableErrorCount(), settings.recoverableInterval(), settings.throttling(), settings.throttlingMax());
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
            return false;
        }
        Duration wait = delay(attempt);
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
