package io.cutover.local.dms;

import java.time.Duration;

/**
 * How the local engine uses this machine.
 *
 * @param maxLoadThreads   upper bound of tables loaded in parallel, whatever MaxFullLoadSubTasks says (a laptop
 *                         runs both servers too)
 * @param queueCapacity    row changes read from the binlog and not yet applied before the reader waits
 * @param latencyIdleAfter with nothing to apply for this long, CDC latency reads null (idle), as DMS reports none
 */
public record LocalDmsOptions(int maxLoadThreads, int queueCapacity, Duration latencyIdleAfter) {
    public LocalDmsOptions {
        if (maxLoadThreads < 1 || queueCapacity < 1 || latencyIdleAfter.isNegative()) {
            throw new IllegalArgumentException("maxLoadThreads and queueCapacity must be positive, latencyIdleAfter not negative");
        }
    }

    public static LocalDmsOptions defaults() {
        return new LocalDmsOptions(4, 200_000, Duration.ofSeconds(10));
    }

    public LocalDmsOptions withLatencyIdleAfter(Duration idle) {
        return new LocalDmsOptions(maxLoadThreads, queueCapacity, idle);
    }
}
