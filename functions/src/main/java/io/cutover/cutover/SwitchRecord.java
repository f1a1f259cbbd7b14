package io.cutover.cutover;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the application switch changed, recorded before each change ({@code cutover/switch-<execution>.json}): for each
 * automated action the endpoint it replaced, so that a re-run does nothing new and the rollback path restores exactly
 * what was there. Holds endpoints (host names, record values), never a secret: of a secret only the endpoint field.
 *
 * @param steps in the order performed
 */
public record SwitchRecord(String migrationId, String execution, List<Step> steps) {
    public SwitchRecord {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** PENDING: recorded, the change may or may not have been made; SWITCHED: made; REVERSED: restored. */
    public enum State { PENDING, SWITCHED, REVERSED }

    /**
     * One action. {@code previous}: the value before the switch (a DNS record's values joined by a comma);
     * {@code previousTtl}: the DNS record's TTL; {@code previousExisted}: false only for a DNS record the switch
     * created (its reversal deletes it).
     */
    public record Step(String action, String target, String previous, Long previousTtl, boolean previousExisted,
                       String value, State state, Instant switchedAt, Instant reversedAt) {
        Step with(State s, Instant at) {
            return s == State.REVERSED
                    ? new Step(action, target, previous, previousTtl, previousExisted, value, s, switchedAt, at)
                    : new Step(action, target, previous, previousTtl, previousExisted, value, s, at, reversedAt);
        }
    }

    public Optional<Step> step(String action) {
        return steps.stream().filter(s -> s.action().equals(action)).findFirst();
    }

    SwitchRecord put(Step step) {
        List<Step> next = new ArrayList<>();
        boolean replaced = false;
        for (Step s : steps) {
            if (s.action().equals(step.action())) {
                next.add(step);
                replaced = true;
            } else {
                next.add(s);
            }
        }
        if (!replaced) {
            next.add(step);
        }
        return new SwitchRecord(migrationId, execution, next);
    }
}
