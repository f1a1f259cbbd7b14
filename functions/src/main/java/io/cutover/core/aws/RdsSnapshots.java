package io.cutover.core.aws;

import io.cutover.core.error.ConfigurationException;
import io.cutover.core.error.SnapshotConflictException;
import io.cutover.core.ports.SnapshotNames;
import io.cutover.core.ports.Snapshots;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Aurora cluster snapshots through the RDS API (query protocol): CreateDBClusterSnapshot under a deterministic
 * identifier, DescribeDBClusterSnapshots to poll. IAM: rds:CreateDBClusterSnapshot, rds:AddTagsToResource
 * (tags on create), rds:DescribeDBClusterSnapshots, rds:DescribeDBClusters (the backups behind the restore point).
 */
public final class RdsSnapshots implements Snapshots {
    private final RdsClient rds;

    public RdsSnapshots(RdsClient rds) {
        this.rds = rds;
    }

    @Override
    public SnapshotStatus create(SnapshotRequest request) {
        SnapshotNames.require(request.snapshotId());
        String doing = "creating cluster snapshot " + request.snapshotId() + " of " + request.clusterIdentifier();
        try {
            DBClusterSnapshot created = rds.createDBClusterSnapshot(b -> b
                    .dbClusterIdentifier(request.clusterIdentifier())
                    .dbClusterSnapshotIdentifier(request.snapshotId())
                    .tags(request.tags().entrySet().stream()
                            .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()))
                    .dbClusterSnapshot();
            return toStatus(created, true);
        } catch (DbClusterSnapshotAlreadyExistsException e) {
            // A retry or a redrive: the snapshot we started earlier, if it is of the same cluster.
            SnapshotStatus existing = describe(request.clusterIdentifier(), request.snapshotId())
                    .orElseThrow(() -> new SnapshotConflictException("cluster snapshot " + request.snapshotId()
                            + " exists but is not a snapshot of cluster " + request.clusterIdentifier()
                            + "; choose another migrationId or delete that snapshot after checking whose it is"));
            return existing.withCreated(false);
        } catch (DbClusterNotFoundException e) {
            throw new ConfigurationException("target.clusterIdentifier: no Aurora DB cluster named '"
                    + request.clusterIdentifier() + "' in this account and region", e);
        } catch (InvalidDbClusterStateException e) {
            throw new io.cutover.core.error.TransientAwsException(doing + ": the cluster is not available for a snapshot right now ("
                    + e.awsErrorDetails().errorMessage() + ")", e);
        } catch (SdkException e) {
            throw AwsErrors.translate(doing, e);
        }
    }

    @Override
    public Optional<SnapshotStatus> describe(String clusterIdentifier, String snapshotId) {
        try {
            List<DBClusterSnapshot> found = rds.describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier(snapshotId))
                    .dbClusterSnapshots();
            return found.stream()
                    .filter(s -> clusterIdentifier.equalsIgnoreCase(s.dbClusterIdentifier()))
                    .findFirst()
                    .map(s -> toStatus(s, false));
        } catch (DbClusterSnapshotNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.translate("describing cluster snapshot " + snapshotId, e);
        }
    }

    @Override
    public Optional<ClusterBackups> backups(String clusterIdentifier) {
        // DescribeDBClusters: BackupRetentionPeriod, EarliestRestorableTime, LatestRestorableTime
        // (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBCluster.html).
        try {
            return rds.describeDBClusters(b -> b.dbClusterIdentifier(clusterIdentifier)).dbClusters().stream()
                    .filter(c -> clusterIdentifier.equalsIgnoreCase(c.dbClusterIdentifier()))
                    .findFirst()
                    .map(c -> new ClusterBackups(c.dbClusterIdentifier(), c.backupRetentionPeriod() == null ? 0 : c.backupRetentionPeriod(),
                            c.earliestRestorableTime(), c.latestRestorableTime()));
        } catch (DbClusterNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.translate("describing the backups of cluster " + clusterIdentifier, e);
        }
    }

    private static SnapshotStatus toStatus(DBClusterSnapshot s, boolean created) {
        String status = s.status() == null ? "unknown" : s.status().toLowerCase(Locale.ROOT);
        return new SnapshotStatus(s.dbClusterSnapshotIdentifier(), s.dbClusterIdentifier(), status, s.percentProgress(),
                s.snapshotCreateTime(), s.dbClusterSnapshotArn(), null, created);
    }
}
