package io.cutover.snapshot;

import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Artifacts;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.SnapshotNames;
import io.cutover.core.ports.Snapshots.SnapshotStatus;
import java.time.Instant;
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
     * The target's restore point: the cluster and a time at which it holds exactly the migrated data (DMS stopped, the
     * source frozen, deferred objects and foreign keys recreated, the application not yet switched), for Aurora's
     * point-in-time restore (RestoreDBClusterToPointInTime with RestoreToTime, valid while it lies between the cluster's
     * EarliestRestorableTime and LatestRestorableTime, within the backup retention period:
     * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterToPointInTime.html,
     * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Managing.Backups.html).
     */
    public record RestorePoint(String clusterIdentifier, Instant restoreToTime, String snapshotId, String how) {}

    /** What "7 Snapshot the target cluster" did: the snapshot started (or found) and the restore point recorded. */
    public record Begun(SnapshotStatus snapshot, RestorePoint restorePoint) {}

    /**
     * Records the restore point (once: a retry keeps the first, which is as good, since nothing writes to the target
     * until READY_TO_SWITCH) in {@code cutover/restore-point.json}, then starts a cluster snapshot of this execution,
     * named {@code cutover-<migrationId>-pre-switch-<execution>} ({@link SnapshotNames#forExecution}), or finds the one a
     * previous attempt of this execution started.
     */
    public Begun start(SnapshotRequestPayload input) {
        SnapshotTarget target = SnapshotTarget.of(input.config(), input.executionName());
        String key = Artifacts.key(input.config().migrationId(), "cutover", "restore-point.json");
        RestorePoint point = ports.artifacts().getJson(key, RestorePoint.class)
                .filter(p -> target.clusterIdentifier().equals(p.clusterIdentifier()) && target.snapshotId().equals(p.snapshotId()))
                .orElseGet(() -> {
                    Instant now = ports.clock().instant();
                    RestorePoint p = new RestorePoint(target.clusterIdentifier(), now, target.snapshotId(),
                            "aws rds restore-db-cluster-to-point-in-time --source-db-cluster-identifier " + target.clusterIdentifier()
                                    + " --db-cluster-identifier <new-cluster> --restore-to-time " + now
                                    + " (valid while the time lies within the cluster's backup retention period)");
                    ports.artifacts().putJson(key, p);
                    return p;
                });
        return new Begun(ports.snapshots().create(target.request(input.config())), point);
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
