package io.cutover.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls something asynchronous (a replication task, an engine's tables) until it reaches the state a test waits
 * for. A test that gives up says what it waited for and the last value it saw, which is what explains a failure.
 */
public final class Await {
    private static final long PAUSE_MILLIS = 50;

    private Await() {}

    /** Reads until {@code done} holds, at most {@code patience}; returns the value that satisfied it. */
    public static <T> T until(String what, Supplier<T> read, Predicate<T> done, Duration patience) {
        return until(what, read, done, patience, () -> {});
    }

    /**
     * As {@link #until(String, Supplier, Predicate, Duration)}, running {@code betweenReads} after each read that
     * is not yet done: a fake's clock moves there, so that a scripted fake progresses as a real service would.
     */
    public static <T> T until(String what, Supplier<T> read, Predicate<T> done, Duration patience, Runnable betweenReads) {
        long deadline = System.nanoTime() + patience.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            betweenReads.run();
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
        throw new AssertionError("never reached: " + what + "; last seen: " + last);
    }
}
