package io.cutover.snapshot;

import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Artifacts;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.SnapshotNames;
import io.cutover.core.ports.Snapshots.SnapshotStatus;
import java.util.Optional;

/**
 * The target cluster's snapshot before the switch: "7 Snapshot the target cluster" starts it (or finds the one an
 * earlier attempt of this execution started), "7 Poll the snapshot" waits for it.
 */
public final class ClusterSnapshot {
    /** About 12 hours at the longer interval: a multi-terabyte first snapshot takes hours, not days. */
    public static final int MAX_ATTEMPTS = 400;

    private final Ports ports;

    public ClusterSnapshot(Ports ports) {
        this.ports = ports;
    }

    /**
     * Starts a cluster snapshot of this execution, named {@code cutover-<migrationId>-pre-switch-<execution>}
     * ({@link SnapshotNames#forExecution}), or finds the one a previous attempt of this execution started.
     */
    public SnapshotStatus start(SnapshotRequestPayload input) {
        SnapshotTarget target = SnapshotTarget.of(input.config(), input.executionName());
        return ports.snapshots().create(target.request(input.config()));
    }

    /**
     * DONE when the snapshot is available (its description goes to the artifacts as evidence for the switch), FAILED
     * when it failed, vanished or the attempt budget is spent, else CONTINUE.
     */
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
