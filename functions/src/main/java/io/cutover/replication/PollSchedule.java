package io.cutover.replication;

/**
 * Intervals and attempt budgets of the replication polls. Each poll loop is three states (the poll Task, a
 * Choice, a Wait) and nine history events, and a Standard execution keeps at most 25,000 events: intervals grow
 * with the work left and with the time waited, so that a multi-day load costs a few hundred polls, not thousands
 * ({@code local/bench poll-schedule} prints the figures, {@code local/bench history-budget} the worst case).
 */
public final class PollSchedule {
    /** Events one poll loop adds to the execution history: Task (5), Choice (2), Wait (2). */
    public static final int EVENTS_PER_POLL = 9;
    public static final int STATES_PER_POLL = 3;

    public static final int CONNECTION_TEST_MAX_ATTEMPTS = 60;
    public static final int TASK_STATUS_MAX_ATTEMPTS = 120;
    public static final int ASSESSMENT_MAX_ATTEMPTS = 240;

    /** Each poll of a long wait waits at least 5 % longer than the one before ({@link #floorSeconds}). */
    public static final double WIDENING = 1.05;
    /** The full load and the CDC catch-up wait at least 5 s at first, and never need to poll less than hourly. */
    public static final int LONG_WAIT_FIRST_SECONDS = 5;
    public static final int LONG_WAIT_WIDEST_SECONDS = 3600;

    private PollSchedule() {}

    /**
     * The shortest wait after poll {@code attempt} (1 for the first) of a loop whose polls widen with time: the first
     * wait, 5 % longer each poll, at most {@code widestSeconds}. A decision may wait longer, never shorter: whatever DMS
     * or the database reports, a loop that lasts {@code T} seconds makes at most {@link #pollsWithin} polls, so that a
     * wait as long as its budget allows fits the execution's 25,000 history events (about a twentieth of the time
     * waited so far, until the cap).
     */
    public static int floorSeconds(int attempt, int firstSeconds, int widestSeconds) {
        double wait = firstSeconds * Math.pow(WIDENING, Math.max(0, attempt - 1));
        return wait >= widestSeconds ? widestSeconds : (int) Math.ceil(wait);
    }

    /** {@link #floorSeconds} of the full load and the CDC catch-up. */
    public static int longWaitFloor(int attempt) {
        return floorSeconds(attempt, LONG_WAIT_FIRST_SECONDS, LONG_WAIT_WIDEST_SECONDS);
    }

    /**
     * The most polls a loop makes until {@code seconds} have passed when each waits at least {@link #floorSeconds}:
     * every poll that starts before then, and the one that starts at or after it.
     */
    public static int pollsWithin(long seconds, int firstSeconds, int widestSeconds) {
        long at = 0;
        int polls = 1;
        while (at < seconds) {
            at += floorSeconds(polls, firstSeconds, widestSeconds);
            polls++;
        }
        return polls;
    }

    /**
     * Full load and CDC catch-up: as many polls as the widening schedule makes in twice the planned migration window
     * (the wait fails after that many polls, at least 2 x {@code plannedMigrationHours} after it started).
     */
    public static int longWaitBudget(int plannedMigrationHours) {
        return pollsWithin(2L * plannedMigrationHours * 3600, LONG_WAIT_FIRST_SECONDS, LONG_WAIT_WIDEST_SECONDS);
    }

    static int clamp(double value, int min, int max) {
        if (Double.isNaN(value)) {
            return max;
        }
        return (int) Math.max(min, Math.min(max, Math.round(value)));
    }
}
