package io.cutover.replication;

/**
 * Intervals and attempt budgets of the replication polls. Each poll loop is three states (the poll Task, a
 * Choice, a Wait) and nine history events, and a Standard execution keeps at most 25,000 events: intervals grow
 * with the work left so that a multi-day load costs a few hundred polls, not thousands
 * ({@code local/bench poll-schedule} prints the figures).
 */
public final class PollSchedule {
    /** Events one poll loop adds to the execution history: Task (5), Choice (2), Wait (2). */
    public static final int EVENTS_PER_POLL = 9;
    public static final int STATES_PER_POLL = 3;

    public static final int CONNECTION_TEST_MAX_ATTEMPTS = 60;
    public static final int TASK_STATUS_MAX_ATTEMPTS = 120;
    public static final int ASSESSMENT_MAX_ATTEMPTS = 240;

    private PollSchedule() {}

    /** Full load and CDC catch-up: enough polls at the longest interval for twice the planned migration window. */
    public static int longWaitBudget(int plannedMigrationHours) {
        return (int) (2L * plannedMigrationHours * 3600 / FullLoadDecision.MAX_WAIT_SECONDS) + 200;
    }

    static int clamp(double value, int min, int max) {
        if (Double.isNaN(value)) {
            return max;
        }
        return (int) Math.max(min, Math.min(max, Math.round(value)));
    }
}
