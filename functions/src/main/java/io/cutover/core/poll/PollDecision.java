package io.cutover.core.poll;

import io.cutover.core.json.NonNull;

/**
 * What a polling Lambda tells the state machine: go on polling (after {@code waitSeconds}), done, or failed
 * (with the reason). A Choice state branches on {@code outcome}; the Wait state uses {@code waitSeconds}
 * ({@code SecondsPath}), so the interval adapts (short while things move fast, long during a multi-day load)
 * and the execution history stays far below its 25,000-event limit. {@code attempt} counts polls so that every
 * loop has a budget: the handler returns FAILED when it is exhausted.
 */
public record PollDecision(@NonNull Outcome outcome, int waitSeconds, int attempt, @NonNull String reason) {
    public enum Outcome { CONTINUE, DONE, FAILED }

    public static PollDecision continueAfter(int waitSeconds, int attempt, String reason) {
        return new PollDecision(Outcome.CONTINUE, waitSeconds, attempt, reason);
    }

    public static PollDecision done(int attempt, String reason) {
        return new PollDecision(Outcome.DONE, 0, attempt, reason);
    }

    public static PollDecision failed(int attempt, String reason) {
        return new PollDecision(Outcome.FAILED, 0, attempt, reason);
    }
}
