package io.cutover.core.ports;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The snapshot port (runbook 7): an Aurora DB cluster snapshot in AWS ({@link RdsSnapshots}), a consistent dump
 * of the target into a directory in the rehearsal. Nothing here waits: the state machine polls {@link #describe}.
 *
 * <p>Rules every implementation keeps:
 * <ul>
 *   <li>{@link #create} is idempotent: a snapshot that already exists under the identifier, of the same cluster,
 *       is returned ({@code created} false), whatever its status; one of another cluster is a
 *       {@link SnapshotConflictException}, never reused.</li>
 *   <li>Statuses are the service's words; {@link SnapshotStatus#isAvailable()} and {@link SnapshotStatus#isFailed()}
 *       say what they mean for the poll.</li>
 * </ul>
 */
public interface Snapshots {

    /** Starts a snapshot of {@code request.clusterIdentifier()} named {@code request.snapshotId()}, or returns the existing one. */
    SnapshotStatus create(SnapshotRequest request);

    /** The snapshot's current state; empty when it does not exist (deleted, or never created). */
    Optional<SnapshotStatus> describe(String clusterIdentifier, String snapshotId);

    /**
     * The cluster's continuous backups (RDS DescribeDBClusters: BackupRetentionPeriod, EarliestRestorableTime,
     * LatestRestorableTime); empty when no such cluster exists. What Aurora's point-in-time restore rests on
     * (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBCluster.html).
     */
    Optional<ClusterBackups> backups(String clusterIdentifier);

    /**
     * {@code retentionDays} is the backup retention period (1 to 35 days); a time between {@code earliestRestorableTime}
     * and {@code latestRestorableTime} can be restored (either may be null while the service has not reported it).
     */
    record ClusterBackups(String clusterIdentifier, int retentionDays, Instant earliestRestorableTime, Instant latestRestorableTime) {

        /**
         * True when {@code time} is before the latest restorable time (false while it is unknown): RestoreDBClusterToPointInTime
         * restores "to any point in time before LatestRestorableTime"
         * (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterToPointInTime.html), so equal is not enough.
         */
        public boolean restorableAt(Instant time) {
            return latestRestorableTime != null && latestRestorableTime.isAfter(time);
        }
    }

    /**
     * What to snapshot. {@code schemas} matters only to the dump adapter (a cluster snapshot holds everything);
     * {@code tags} only to RDS.
     */
    record SnapshotRequest(String clusterIdentifier, String snapshotId, java.util.List<String> schemas, Map<String, String> tags) {
        public SnapshotRequest {
            schemas = schemas == null ? java.util.List.of() : java.util.List.copyOf(schemas);
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }
    }

    /**
     * {@code status} as the service reports it (RDS: creating, available, failed, …); {@code location} is the
     * snapshot ARN or the dump directory; {@code created} is true when this call started it.
     */
    record SnapshotStatus(String snapshotId, String clusterIdentifier, String status, Integer percentProgress,
                          Instant createdAt, String location, String failureReason, boolean created) {

        public boolean isAvailable() {
            return "available".equalsIgnoreCase(status);
        }

        /** A status from which the snapshot will never become available. */
        public boolean isFailed() {
            String s = status == null ? "" : status.toLowerCase(java.util.Locale.ROOT);
            return s.equals("failed") || s.equals("error") || s.equals("deleting") || s.equals("deleted")
                    || s.startsWith("incompatible");
        }

        public SnapshotStatus withCreated(boolean value) {
            return new SnapshotStatus(snapshotId, clusterIdentifier, status, percentProgress, createdAt, location, failureReason, value);
        }
    }
}
