package io.cutover.snapshot;

import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Artifacts;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Snapshots.SnapshotStatus;
import java.util.Optional;

/**
 * "7 Wait for the snapshot": DONE when the snapshot is available (its description goes to the artifacts as
 * evidence for the switch), FAILED when it failed, vanished or the attempt budget is spent, else CONTINUE.
 */
public final class SnapshotProgress {
    /** About 12 hours at the longer interval: a multi-terabyte first snapshot takes hours, not days. */
    public static final int MAX_ATTEMPTS = 400;

    private final Ports ports;

    public SnapshotProgress(Ports ports) {
        this.ports = ports;
    }

    public PollDecision poll(SnapshotRequestPayload input) {
        SnapshotTarget target = SnapshotTarget.of(input.config(), input.executionName());
        int attempt = input.poll() == null ? 1 : input.poll().attempt() + 1;
        Optional<SnapshotStatus> found = ports.snapshots().describe(target.clusterIdentifier(), target.snapshotId());
        if (found.isEmpty()) {
            return PollDecision.failed(attempt, "snapshot " + target.snapshotId() + " of " + target.clusterIdentifier()
                    + " does not exist (was it deleted?); run the snapshot step again");
        }
        SnapshotStatus s = found.get();
        if (s.isAvailable()) {
            ports.artifacts().putJson(Artifacts.key(input.config().migrationId(), "cutover", "snapshot.json"), s);
            return PollDecision.done(attempt, "snapshot " + s.snapshotId() + " is available (" + s.location() + ")");
        }
        if (s.isFailed()) {
            return PollDecision.failed(attempt, "snapshot " + s.snapshotId() + " is " + s.status()
                    + (s.failureReason() == null ? "" : ": " + s.failureReason()));
        }
        if (attempt >= MAX_ATTEMPTS) {
            return PollDecision.failed(attempt, "snapshot " + s.snapshotId() + " is still " + s.status() + " after "
                    + attempt + " polls; check it in the RDS console");
        }
        String progress = s.percentProgress() == null ? "" : " (" + s.percentProgress() + " %)";
        return PollDecision.continueAfter(attempt < 10 ? 30 : 120, attempt, "snapshot " + s.snapshotId() + " is " + s.status() + progress);
    }
}
