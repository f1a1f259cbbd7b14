package io.cutover.cutover;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.poll.PollDecision;
import io.cutover.replication.PollSchedule;
import io.cutover.core.ports.Replication.CdcSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The drain decision (runbook 5.1 / 5.5, made a proof). CDC has applied everything written before the freeze when
 * all of these hold:
 * <ol>
 *   <li>the marker row written on the source after read_only is visible on the target (DMS applies changes in
 *       commit order, so everything committed before it has been applied: this is the proof);</li>
 *   <li>DMS latencies are within {@code cutover.maxLagSeconds} (unknown counts as within: DMS reports none when
 *       idle, which is exactly the frozen state);</li>
 *   <li>no changes are waiting to be applied ({@code incomingChanges} 0 or unknown);</li>
 *   <li>the cumulative CDC counters did not move since the previous sample (nothing is still arriving);</li>
 * </ol>
 * held for {@code cutover.drainHoldSeconds} (measured from the earlier of the two equal samples). Any condition
 * failing restarts the hold; past {@code cutover.drainTimeoutSeconds} after the marker, the poll fails with the
 * conditions that did not hold. Polls come every 2 s at first and widen by 5 % a poll up to a minute
 * ({@link PollSchedule#floorSeconds}), so that the longest drain the input allows fits the execution's history; within
 * a poll the marker is looked for every 50 ms and the second sample taken 100 ms after the first
 * ({@link SourceFreeze#proveDrain}).
 */
public final class DrainProof {
    static final int POLL_SECONDS = 2;

    /** What one poll remembers for the next (kept in the artifacts store, not in the state). */
    public record State(String markerId, CdcSample lastSample, Instant holdingSince, List<Observation> observations) {}

    /** One poll's evidence. */
    public record Observation(Instant at, boolean markerVisible, Double sourceLatencySeconds, Double targetLatencySeconds,
                              Long incomingChanges, long inserts, long updates, long deletes, long ddls, List<String> unmet) {}

    public record Result(PollDecision decision, State state, Observation observation, Double drainSeconds) {}

    /** The drain's polls widen from 2 s (writes are frozen: every second counts) by 5 % a poll, up to a minute. */
    static final int WIDEST_SECONDS = 60;

    /**
     * The most polls a drain can take: the timeout applies at a poll where a condition fails, so a hold that began just
     * before it may run its whole length and end one wait later; every wait is at least the widening floor.
     */
    public static long maxPolls(int drainTimeoutSeconds, int drainHoldSeconds) {
        return PollSchedule.pollsWithin((long) drainTimeoutSeconds + drainHoldSeconds + WIDEST_SECONDS, POLL_SECONDS, WIDEST_SECONDS);
    }

    private static int atLeastTheFloor(int wait, int attempt) {
        return Math.max(wait, PollSchedule.floorSeconds(attempt, POLL_SECONDS, WIDEST_SECONDS));
    }

    private final MigrationConfig.Cutover settings;

    public DrainProof(MigrationConfig.Cutover settings) {
        this.settings = settings;
    }

    public Result decide(int attempt, FreezeRecord.Marker marker, State previous, CdcSample sample, boolean markerVisible, Instant now) {
        State prev = previous != null && marker.markerId().equals(previous.markerId()) ? previous : null;
        List<String> unmet = new ArrayList<>();
        if (!markerVisible) {
            unmet.add("marker " + marker.markerId() + " is not on the target yet");
        }
        double maxLag = settings.maxLagSeconds();
        if (sample.sourceLatencySeconds() != null && sample.sourceLatencySeconds() > maxLag) {
            unmet.add(String.format(Locale.ROOT, "DMS source latency %.0f s > %d s", sample.sourceLatencySeconds(), settings.maxLagSeconds()));
        }
        if (sample.targetLatencySeconds() != null && sample.targetLatencySeconds() > maxLag) {
            unmet.add(String.format(Locale.ROOT, "DMS target latency %.0f s > %d s", sample.targetLatencySeconds(), settings.maxLagSeconds()));
        }
        if (sample.incomingChanges() != null && sample.incomingChanges() > 0) {
            unmet.add(sample.incomingChanges() + " changes read by DMS but not applied yet");
        }
        CdcSample last = prev == null ? null : prev.lastSample();
        if (last == null) {
            unmet.add("first CDC sample: counters are compared with the next one");
        } else if (!sameCounters(last, sample)) {
            unmet.add("CDC counters still moving (inserts " + last.inserts() + "→" + sample.inserts() + ", updates "
                    + last.updates() + "→" + sample.updates() + ", deletes " + last.deletes() + "→" + sample.deletes()
                    + "): changes are still arriving");
        }
        Observation observation = new Observation(now, markerVisible, sample.sourceLatencySeconds(), sample.targetLatencySeconds(),
                sample.incomingChanges(), sample.inserts(), sample.updates(), sample.deletes(), sample.ddls(), List.copyOf(unmet));
        List<Observation> history = new ArrayList<>(prev == null ? List.of() : prev.observations());
        history.add(observation);
        if (history.size() > 30) {
            history = new ArrayList<>(history.subList(history.size() - 30, history.size()));
        }

        if (unmet.isEmpty()) {
            Instant since = prev.holdingSince() != null ? prev.holdingSince() : last.at() != null ? last.at() : now;
            long held = Duration.between(since, now).toSeconds();
            State state = new State(marker.markerId(), sample, since, history);
            if (held >= settings.drainHoldSeconds()) {
                double drain = Duration.between(marker.writtenAt(), now).toMillis() / 1000.0;
                return new Result(PollDecision.done(attempt, String.format(Locale.ROOT,
                        "drained: marker on the target, lag within %d s, counters stable, held %d s; drain took %.1f s",
                        settings.maxLagSeconds(), held, drain)), state, observation, drain);
            }
            int wait = (int) Math.max(1, Math.min(settings.drainHoldSeconds() - held, 10));
            return new Result(PollDecision.continueAfter(atLeastTheFloor(wait, attempt), attempt, "drain conditions hold for " + held + " of "
                    + settings.drainHoldSeconds() + " s"), state, observation, null);
        }
        State state = new State(marker.markerId(), sample, null, history);
        long sinceMarker = Duration.between(marker.writtenAt(), now).toSeconds();
        if (sinceMarker >= settings.drainTimeoutSeconds()) {
            return new Result(PollDecision.failed(attempt, "CDC did not drain within " + settings.drainTimeoutSeconds()
                    + " s of the freeze (cutover.drainTimeoutSeconds): " + String.join("; ", unmet)), state, observation, null);
        }
        return new Result(PollDecision.continueAfter(atLeastTheFloor(POLL_SECONDS, attempt), attempt, "waiting for the drain: " + String.join("; ", unmet)),
                state, observation, null);
    }

    private static boolean sameCounters(CdcSample a, CdcSample b) {
        return a.inserts() == b.inserts() && a.updates() == b.updates() && a.deletes() == b.deletes() && a.ddls() == b.ddls();
    }
}
