package io.cutover.replication;

import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Replication.CdcSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Is CDC caught up? Judged from the samples the state machine carries, never from one reading of DMS's lag:
 * <ul>
 *   <li>A sample is <em>within</em> when both CDCLatencySource and CDCLatencyTarget are known and at most the
 *       threshold. A NULL latency (no CloudWatch datapoint: DMS idle or not reporting) is never taken for 0: it
 *       counts as within only when the counters did not move since the previous sample and no change is waiting
 *       (CDCIncomingChanges 0 or unknown), which is the runbook's "make sure no writes are there" check.</li>
 *   <li>In the {@link Phase#DRAIN} phase (writes frozen) the counters must also have stopped: a change applied
 *       after the freeze means something still writes.</li>
 *   <li>Caught up when samples have been within continuously for the hold time ({@code config.cutover.lagHoldSeconds});
 *       one sample outside restarts the hold. Lag that bounces between 0 and 2 s while writes continue never holds
 *       at a 0 s threshold, and is reported as such when the budget runs out.</li>
 * </ul>
 * The window keeps at most {@link #MAX_POINTS} samples and the start of the current hold, so the state stays small.
 */
public final class CdcLagDecision {
    public static final int MAX_POINTS = 12;
    public static final int MIN_WAIT_SECONDS = 5;
    public static final int HOLD_WAIT_SECONDS = 60;
    public static final int MAX_WAIT_SECONDS = 300;

    /**
     * CATCH_UP: before the freeze, until the lag holds. DRAIN: writes frozen, until drained. RECHECK: one sample right
     * after the freeze approval, before the freeze: the lag the approver saw was measured before the validation and the
     * wait for a person; the freeze starts only if the lag is still within the threshold now.
     */
    public enum Phase { CATCH_UP, DRAIN, RECHECK }

    /** One sample as carried in the state: latencies (null = unknown), total changes applied, backlog. */
    public record Point(Instant at, Double sourceLatency, Double targetLatency, long changes, Long incoming, boolean within) {}

    /**
     * {@code holdingSince}: when the current run of within samples began (null: not within now); {@code notifiedAt}: when
     * the last progress notification went out, or the catch-up wait began (null: neither).
     */
    public record Window(List<Point> recent, Instant holdingSince, int bounces, Instant notifiedAt) {
        public Window {
            recent = recent == null ? List.of() : List.copyOf(recent);
        }

        public Window(List<Point> recent, Instant holdingSince, int bounces) {
            this(recent, holdingSince, bounces, null);
        }

        public Window notified(Instant at) {
            return new Window(recent, holdingSince, bounces, at);
        }
    }

    public record Outcome(PollDecision decision, Window window) {}

    private CdcLagDecision() {}

    public static Outcome decide(String taskStatus, String failureMessage, CdcSample s, Window previous, Phase phase,
                                 int maxLagSeconds, int holdSeconds, int previousAttempt, int maxAttempts) {
        int attempt = previousAttempt + 1;
        Window window = previous == null ? new Window(List.of(), null, 0) : previous;
        if ("starting".equals(taskStatus)) {
            // just resumed (after the full load, when the foreign-key policy stopped it there): not a failure, no sample
            return new Outcome(attempt >= maxAttempts
                    ? PollDecision.failed(attempt, "the DMS task is still starting after " + attempt + " polls")
                    : PollDecision.continueAfter(Math.max(MIN_WAIT_SECONDS, PollSchedule.longWaitFloor(attempt)), attempt,
                            "the DMS task is starting"), window);
        }
        Point last = window.recent().isEmpty() ? null : window.recent().get(window.recent().size() - 1);
        long changes = s.inserts() + s.updates() + s.deletes() + s.ddls();
        boolean countersMoved = last != null && changes != last.changes();
        Double lagSeconds = lagSeconds(s);
        boolean latencyKnown = lagSeconds != null;
        double lag = latencyKnown ? lagSeconds : Double.NaN;
        boolean noBacklog = s.incomingChanges() == null || s.incomingChanges() == 0;

        boolean within;
        String why;
        if (latencyKnown) {
            within = lag <= maxLagSeconds;
            why = "lag " + format(lag) + " s" + (within ? " ≤ " : " > ") + maxLagSeconds + " s";
        } else if (last == null) {
            within = false;
            why = "latency unknown (NULL) and no earlier sample to compare the counters with";
        } else {
            within = !countersMoved && noBacklog;
            why = "latency unknown (NULL); counters " + (countersMoved ? "moved by " + (changes - last.changes()) : "unchanged")
                    + (noBacklog ? "" : ", " + s.incomingChanges() + " changes waiting");
        }
        if (phase == Phase.DRAIN) {
            if (last == null) {
                within = false;
                why += "; first sample after the freeze: the counters need a baseline";
            } else if (countersMoved) {
                within = false;
                why += "; " + (changes - last.changes()) + " change(s) applied since the last sample although writes are frozen";
            }
        }

        boolean wasWithin = last != null && last.within();
        Instant holdingSince = within ? (window.holdingSince() != null ? window.holdingSince() : s.at()) : null;
        int bounces = window.bounces() + (wasWithin && !within ? 1 : 0);
        List<Point> recent = new ArrayList<>(window.recent());
        recent.add(new Point(s.at(), s.sourceLatencySeconds(), s.targetLatencySeconds(), changes, s.incomingChanges(), within));
        while (recent.size() > MAX_POINTS) {
            recent.remove(0);
        }
        Window next = new Window(recent, holdingSince, bounces, window.notifiedAt());

        if (!"running".equals(taskStatus)) {
            return new Outcome(PollDecision.failed(attempt, "the DMS task is " + taskStatus + ", not running: "
                    + FailureHints.explain(failureMessage)), next);
        }
        if (phase == Phase.RECHECK) {
            // One reading, judged like a catch-up sample against the window the catch-up poll left (a NULL latency is
            // within only when the counters did not move since then and nothing waits). No hold: the hold was proven
            // before the approval; this only refuses a lag that has grown back since.
            return new Outcome(within
                    ? PollDecision.done(attempt, "still within at the approval: " + why)
                    : PollDecision.failed(attempt, "the lag grew back above the threshold while the freeze waited for approval: "
                            + why + "; nothing was frozen (the lag the approver saw had been measured before the validation)"),
                    next);
        }
        long held = holdingSince == null ? -1 : Duration.between(holdingSince, s.at()).toSeconds();
        long withinSamples = recent.stream().filter(p -> holdingSince != null && !p.at().isBefore(holdingSince)).count();
        boolean enoughSamples = holdSeconds == 0 ? withinSamples >= 1 : withinSamples >= 2;
        if (within && held >= holdSeconds && enoughSamples) {
            return new Outcome(PollDecision.done(attempt, (phase == Phase.DRAIN ? "drained: " : "caught up: ") + why
                    + ", held " + held + " s (≥ " + holdSeconds + " s)"), next);
        }
        if (attempt >= maxAttempts) {
            return new Outcome(PollDecision.failed(attempt, "CDC never held within " + maxLagSeconds + " s for " + holdSeconds
                    + " s in " + attempt + " polls: " + why + summary(recent, bounces, phase)), next);
        }
        int wait;
        if (within) {
            wait = PollSchedule.clamp(holdSeconds - held, MIN_WAIT_SECONDS, HOLD_WAIT_SECONDS);
        } else if (latencyKnown) {
            wait = PollSchedule.clamp(lag / 2, 15, MAX_WAIT_SECONDS);
        } else {
            wait = 30;
        }
        // Lag that hovers just above the threshold for days must not poll every 15 s: the interval widens with the polls
        // made (PollSchedule.longWaitFloor), so the budget's time fits the execution's history.
        wait = Math.max(wait, PollSchedule.longWaitFloor(attempt));
        String progress = within ? "holding for " + held + " of " + holdSeconds + " s: " + why : why;
        return new Outcome(PollDecision.continueAfter(wait, attempt, progress), next);
    }

    /**
     * The lag of one sample as this decision judges it: the larger of CDCLatencySource and CDCLatencyTarget, null
     * when either is unknown (never taken for 0).
     */
    public static Double lagSeconds(CdcSample s) {
        return s.sourceLatencySeconds() != null && s.targetLatencySeconds() != null
                ? Math.max(s.sourceLatencySeconds(), s.targetLatencySeconds()) : null;
    }

    private static String summary(List<Point> recent, int bounces, Phase phase) {
        double min = recent.stream().filter(p -> p.sourceLatency() != null && p.targetLatency() != null)
                .mapToDouble(p -> Math.max(p.sourceLatency(), p.targetLatency())).min().orElse(Double.NaN);
        double max = recent.stream().filter(p -> p.sourceLatency() != null && p.targetLatency() != null)
                .mapToDouble(p -> Math.max(p.sourceLatency(), p.targetLatency())).max().orElse(Double.NaN);
        boolean moving = recent.size() >= 2 && recent.get(0).changes() != recent.get(recent.size() - 1).changes();
        StringBuilder s = new StringBuilder();
        if (!Double.isNaN(min)) {
            s.append("; recent lag between ").append(format(min)).append(" and ").append(format(max)).append(" s");
        }
        if (bounces > 0) {
            s.append("; it went back above the threshold ").append(bounces).append(" time(s)");
        }
        if (moving) {
            s.append(phase == Phase.DRAIN
                    ? "; changes are still being applied after the freeze: something still writes to the source (check read_only and users who bypass it)"
                    : "; writes continue on the source: lag can bounce between 0 and 2 s forever while they do, freeze writes (5.2) to drain");
        }
        return s.toString();
    }

    private static String format(double seconds) {
        return seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.format(java.util.Locale.ROOT, "%.1f", seconds);
    }
}
