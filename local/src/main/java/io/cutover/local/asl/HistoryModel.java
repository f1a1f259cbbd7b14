package io.cutover.local.asl;

import java.util.regex.Pattern;

/**
 * How many history events a state adds to a Standard execution's history, as the local runner counts them while it
 * runs (local/node/quotas.mjs, which cites the documentation and says where the count errs on the high side because
 * the exact number per state type is not documented). The history budget ({@code local/bench history-budget}) uses
 * the same figures, and {@code QuotasTest} checks that both agree on a run.
 */
public final class HistoryModel {
    /** Events in one execution's history (service-quotas.html: "Maximum execution history size"). */
    public static final int LIMIT = 25_000;
    /** Bytes of UTF-8 in a state's or task's input or output (service-quotas.html: "Maximum input or output size"). */
    public static final int PAYLOAD_LIMIT = 262_144;

    private static final Pattern WAITS_FOR_COMPLETION = Pattern.compile(".*\\.(waitForTaskToken|sync(:2)?)$");

    private HistoryModel() {}

    /** ExecutionStarted and the event that ends it. */
    public static int executionEvents() {
        return 2;
    }

    /**
     * A Task that runs once and then {@code retries} more times: entered, scheduled, started [, submitted], succeeded
     * (or failed, and caught), exited; each retry a failure and a new scheduled, started [, submitted].
     */
    public static int taskEvents(String resource, int retries) {
        int submitted = resource != null && WAITS_FOR_COMPLETION.matcher(resource).matches() ? 1 : 0;
        return 3 + submitted + retries * (3 + submitted) + 2;
    }

    /** A Choice, Pass, Wait or Succeed: entered and exited; a Fail: entered (the failure of what it ends follows). */
    public static int stateEvents(String type) {
        return "Fail".equals(type) ? 1 : 2;
    }

    /** A Parallel that succeeds, without the states of its branches (they are in the same history). */
    public static int parallelEvents(int branches) {
        return 4;
    }

    /** An inline Map that succeeds after {@code iterations}, without the states of its iterations. */
    public static int mapEvents(int iterations) {
        return 4 + 2 * iterations;
    }

    /** The events of one state visited once, by its definition's type and resource (a Task without retries). */
    public static int visitEvents(String type, String resource) {
        return switch (type) {
            case "Task" -> taskEvents(resource, 0);
            case "Parallel", "Map" -> 4;
            default -> stateEvents(type);
        };
    }
}
