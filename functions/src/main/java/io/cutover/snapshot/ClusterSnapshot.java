package io.cutover.snapshot;

import io.cutover.core.error.ConfigurationException;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Artifacts;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.SnapshotNames;
import io.cutover.core.ports.Snapshots.ClusterBackups;
import io.cutover.core.ports.Snapshots.SnapshotStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * The target's restore point and its snapshot. Inside the application downtime: "7 Record the restore point" (the
 * retention check and the time). After READY_TO_SWITCH and the switch: "7 Poll the restorable time" (until the cluster's
 * backups reach the restore point; a point in time before LatestRestorableTime stays restorable for the retention period
 * whatever is written after it, so the wait need not hold the application: docs/cutover-and-validation.md, "The rollback
 * guarantee"), then "7 Snapshot the target cluster" starts the snapshot (or finds the one an earlier attempt of this
 * execution started), "7 Poll the snapshot" waits for it. A failure of either after the switch is reported, not rolled
 * back.
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

    /**
     * The backup retention period must reach past the rollback window by this margin: the restore point is taken before
     * the switch, the window opens after it (and the acknowledgement), and the period is counted back from the present
     * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Managing.Backups.html).
     */
    public static final int RETENTION_MARGIN_HOURS = 24;
    /**
     * "7 Poll the restorable time": the first {@link #QUICK_POLLS} polls 1 s apart (a lag of seconds ends soon), then
     * every {@link #RESTORABLE_POLL_SECONDS} s; at most 60 polls, about 14 minutes. Aurora uploads log records to S3
     * continuously and reports how far that reaches as LatestRestorableTime
     * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-pitr.html); the lag of about 5 minutes is
     * what the RDS user guide gives for DB instances (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIT.html),
     * not checked against that page here; no figure for Aurora was found: the budget is about three times that.
     */
    public static final int MAX_RESTORABLE_ATTEMPTS = 60;
    public static final int QUICK_POLLS = 5;
    public static final int RESTORABLE_POLL_SECONDS = 15;

    /**
     * "7 Record the restore point": checks that the cluster's backup retention period covers the rollback window with
     * {@link #RETENTION_MARGIN_HOURS} (else a {@link ConfigurationException} naming the cluster and both figures, and the
     * state machine rolls back before anything is switched), then records the restore point once (a retry keeps the
     * first, which is as good, since nothing writes to the target until READY_TO_SWITCH) in
     * {@code cutover/restore-point.json}. No snapshot is started here: that happens after READY_TO_SWITCH.
     */
    public RestorePoint recordRestorePoint(SnapshotRequestPayload input) {
        SnapshotTarget target = SnapshotTarget.of(input.config(), input.executionName());
        ClusterBackups backups = backups(target);
        double windowHours = input.config().cutover().rollbackWindowHours();
        double needed = windowHours + RETENTION_MARGIN_HOURS;
        if (backups.retentionDays() * 24.0 < needed) {
            throw new ConfigurationException("target.clusterIdentifier: cluster " + target.clusterIdentifier() + " keeps its backups "
                    + backups.retentionDays() + " day(s) (BackupRetentionPeriod); the restore point must stay restorable through the "
                    + "rollback window (cutover.rollbackWindowHours " + windowHours + ") plus " + RETENTION_MARGIN_HOURS
                    + " h, so at least " + (int) Math.ceil(needed / 24.0) + " day(s): aws rds modify-db-cluster --db-cluster-identifier "
                    + target.clusterIdentifier() + " --backup-retention-period " + (int) Math.ceil(needed / 24.0) + " --apply-immediately");
        }
        String key = restorePointKey(input);
        return ports.artifacts().getJson(key, RestorePoint.class)
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
    }

    /**
     * "7 Poll the restorable time", after the switch: DONE once the cluster's LatestRestorableTime ("the latest time to
     * which a database can be restored with point-in-time restore", DescribeDBClusters' DBCluster:
     * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBCluster.html; the sentence as the AWS SDK for Kotlin's
     * reference, generated from the same model, gives it: https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-db-cluster/latest-restorable-time.html)
     * has passed the recorded restore point
     * (RestoreDBClusterToPointInTime restores "to any point in time before LatestRestorableTime for up to
     * BackupRetentionPeriod days": https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterToPointInTime.html),
     * FAILED without a recorded restore point or after {@link #MAX_RESTORABLE_ATTEMPTS} polls (the state machine reports
     * it, RESTORE_POINT_NOT_RESTORABLE, and rolls nothing back), else CONTINUE.
     */
    public PollDecision pollRestorable(SnapshotRequestPayload input) {
        SnapshotTarget target = SnapshotTarget.of(input.config(), input.executionName());
        int attempt = input.poll() == null ? 1 : input.poll().attempt() + 1;
        Optional<RestorePoint> point = ports.artifacts().getJson(restorePointKey(input), RestorePoint.class)
                .filter(p -> target.clusterIdentifier().equals(p.clusterIdentifier()));
        if (point.isEmpty()) {
            return PollDecision.failed(attempt, "no restore point of " + target.clusterIdentifier() + " is recorded ("
                    + restorePointKey(input) + "); run \"7 Record the restore point\" first");
        }
        Instant wanted = point.get().restoreToTime();
        ClusterBackups backups = backups(target);
        if (backups.restorableAt(wanted)) {
            return PollDecision.done(attempt, "cluster " + target.clusterIdentifier() + " can be restored to " + wanted
                    + " (LatestRestorableTime " + backups.latestRestorableTime() + ")");
        }
        String where = "cluster " + target.clusterIdentifier() + " can be restored up to " + backups.latestRestorableTime()
                + ", not yet to the restore point " + wanted;
        if (attempt >= MAX_RESTORABLE_ATTEMPTS) {
            return PollDecision.failed(attempt, where + " after " + attempt + " polls: its continuous backup is not keeping up; "
                    + "check the cluster's events in the RDS console");
        }
        return PollDecision.continueAfter(attempt < QUICK_POLLS ? 1 : RESTORABLE_POLL_SECONDS, attempt, where);
    }

    /** "7 Snapshot the target cluster", after READY_TO_SWITCH: starts the snapshot of this execution, or finds it. */
    public SnapshotStatus startSnapshot(SnapshotRequestPayload input) {
        SnapshotTarget target = SnapshotTarget.of(input.config(), input.executionName());
        return ports.snapshots().create(target.request(input.config()));
    }

    /** The restore point recorded by this execution, if any (the snapshot step names it in its result). */
    public Optional<RestorePoint> recorded(SnapshotRequestPayload input) {
        SnapshotTarget target = SnapshotTarget.of(input.config(), input.executionName());
        return ports.artifacts().getJson(restorePointKey(input), RestorePoint.class)
                .filter(p -> target.clusterIdentifier().equals(p.clusterIdentifier()) && target.snapshotId().equals(p.snapshotId()));
    }

    private ClusterBackups backups(SnapshotTarget target) {
        return ports.snapshots().backups(target.clusterIdentifier()).orElseThrow(() -> new ConfigurationException(
                "target.clusterIdentifier: no Aurora DB cluster named '" + target.clusterIdentifier() + "' in this account and region"));
    }

    private static String restorePointKey(SnapshotRequestPayload input) {
        return Artifacts.key(input.config().migrationId(), "cutover", "restore-point.json");
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
