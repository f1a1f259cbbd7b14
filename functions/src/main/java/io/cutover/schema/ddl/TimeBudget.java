package io.cutover.schema.ddl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a bulk handler may keep starting new objects before it returns {@code complete: false} and lets
 * the state machine call it again (Lambda stops at 15 minutes; thousands of tables or routines can take
 * longer). Handlers are idempotent, so the next call carries on where this one stopped.
 */
public final class TimeBudget {
    public static final Duration DEFAULT = Duration.ofMinutes(10);

    private final Clock clock;
    private final Instant deadline;

    public TimeBudget(Clock clock, Duration budget) {
        this.clock = clock;
        this.deadline = clock.instant().plus(budget);
    }

    public static TimeBudget of(Clock clock, Integer seconds) {
        return new TimeBudget(clock, seconds == null ? DEFAULT : Duration.ofSeconds(Math.max(0, seconds)));
    }

    public boolean exhausted() {
        return !clock.instant().isBefore(deadline);
    }
}
