package io.cutover.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Artifacts;
import io.cutover.core.ports.Snapshots;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.input.InputValidator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** "7 Snapshot the target cluster": the restore point for Aurora's point-in-time restore is recorded once, with the snapshot. */
class ClusterSnapshotTest {
    private final List<Snapshots.SnapshotRequest> requested = new ArrayList<>();
    private int retentionDays = 7;
    private Instant latestRestorable = Instant.parse("2026-12-07T09:55:00Z");
    private final Snapshots snapshots = new Snapshots() {
        @Override
        public SnapshotStatus create(SnapshotRequest request) {
            requested.add(request);
            return new SnapshotStatus(request.snapshotId(), request.clusterIdentifier(), "creating", 0, null, "arn:snap", null, requested.size() == 1);
        }

        @Override
        public Optional<SnapshotStatus> describe(String clusterIdentifier, String snapshotId) {
            return Optional.empty();
        }

        @Override
        public Optional<ClusterBackups> backups(String clusterIdentifier) {
            return "orders-aurora".equals(clusterIdentifier)
                    ? Optional.of(new ClusterBackups(clusterIdentifier, retentionDays, Instant.parse("2026-12-01T00:00:00Z"), latestRestorable))
                    : Optional.empty();
        }
    };

    private static MigrationConfig config() {
        ObjectNode input = Json.object();
        input.put("migrationId", "orders");
        input.putObject("source").put("secretId", "cutover/source");
        input.putObject("target").put("secretId", "cutover/target").put("clusterIdentifier", "orders-aurora");
        input.set("schemas", Json.tree(List.of("shop")));
        input.putObject("dms").put("replicationInstanceArn", "arn:aws:dms:eu-west-1:123456789012:rep:RI")
                .put("secretsAccessRoleArn", "arn:aws:iam::123456789012:role/dms-secrets");
        return new InputValidator().validate(input, InputValidator.Purpose.MIGRATION);
    }

    private InMemoryPorts ports(Instant now, Artifacts artifacts) {
        return InMemoryPorts.builder().snapshots(snapshots).artifacts(artifacts).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    }

    @Test
    void theRestorePointIsTheTimeOfTheFirstAttemptAndNoSnapshotIsStartedInsideTheDowntime() {
        MigrationConfig config = config();
        SnapshotRequestPayload input = new SnapshotRequestPayload(config, "7 Record the restore point", "exec-1", null, SnapshotRequestPayload.RESTORE_POINT);
        InMemoryPorts first = ports(Instant.parse("2026-12-07T10:00:00Z"), new io.cutover.core.ports.memory.MemoryArtifacts());

        ClusterSnapshot.RestorePoint point = new ClusterSnapshot(first).recordRestorePoint(input);

        assertThat(point.clusterIdentifier()).isEqualTo("orders-aurora");
        assertThat(point.restoreToTime()).isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(point.snapshotId()).startsWith("cutover-orders-pre-switch-");
        assertThat(point.how()).contains("restore-db-cluster-to-point-in-time").contains("2026-12-07T10:00:00Z");
        assertThat(requested).as("the snapshot is taken after READY_TO_SWITCH, not here").isEmpty();
        String key = Artifacts.key("orders", "cutover", "restore-point.json");
        assertThat(first.artifacts().getJson(key, ClusterSnapshot.RestorePoint.class)).contains(point);

        // a retry a minute later (nothing has written to the target yet) keeps the first restore point
        InMemoryPorts retry = ports(Instant.parse("2026-12-07T10:01:00Z"), first.artifacts());
        assertThat(new ClusterSnapshot(retry).recordRestorePoint(input).restoreToTime()).isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));

        // another execution (its own snapshot) records its own
        ClusterSnapshot.RestorePoint other = new ClusterSnapshot(retry).recordRestorePoint(
                new SnapshotRequestPayload(config, "7", "exec-2", null, SnapshotRequestPayload.RESTORE_POINT));
        assertThat(other.restoreToTime()).isEqualTo(Instant.parse("2026-12-07T10:01:00Z"));

        // the snapshot step, later, starts the snapshot under the name the restore point gave
        Snapshots.SnapshotStatus started = new ClusterSnapshot(retry).startSnapshot(new SnapshotRequestPayload(config, "7 Snapshot the target cluster", "exec-1", null));
        assertThat(started.snapshotId()).isEqualTo(point.snapshotId());
        assertThat(requested).hasSize(1);
    }

    @Test
    void aRetentionPeriodThatDoesNotCoverTheRollbackWindowIsRefusedBeforeAnythingIsRecorded() {
        retentionDays = 1; // the default of 24 h does not cover the default 24-hour window plus the margin
        InMemoryPorts ports = ports(Instant.parse("2026-12-07T10:00:00Z"), new io.cutover.core.ports.memory.MemoryArtifacts());
        SnapshotRequestPayload input = new SnapshotRequestPayload(config(), "7 Record the restore point", "exec-1", null, SnapshotRequestPayload.RESTORE_POINT);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ClusterSnapshot(ports).recordRestorePoint(input))
                .isInstanceOf(io.cutover.core.error.ConfigurationException.class)
                .hasMessageContaining("orders-aurora").hasMessageContaining("1 day(s)").hasMessageContaining("at least 2 day(s)")
                .hasMessageContaining("--backup-retention-period 2");
        assertThat(ports.artifacts().getJson(Artifacts.key("orders", "cutover", "restore-point.json"), ClusterSnapshot.RestorePoint.class)).isEmpty();

        retentionDays = 2;
        assertThat(new ClusterSnapshot(ports).recordRestorePoint(input).restoreToTime()).isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
    }

    @Test
    void theRestorableTimeIsWaitedForUntilTheBackupsReachTheRestorePoint() {
        InMemoryPorts ports = ports(Instant.parse("2026-12-07T10:00:00Z"), new io.cutover.core.ports.memory.MemoryArtifacts());
        SnapshotRequestPayload record = new SnapshotRequestPayload(config(), "7 Record the restore point", "exec-1", null, SnapshotRequestPayload.RESTORE_POINT);
        ClusterSnapshot logic = new ClusterSnapshot(ports);

        // nothing recorded yet: FAILED, naming the state to run
        io.cutover.core.poll.PollDecision none = logic.pollRestorable(record);
        assertThat(none.outcome().name()).isEqualTo("FAILED");
        assertThat(none.reason()).contains("7 Record the restore point");

        logic.recordRestorePoint(record);
        io.cutover.core.poll.PollDecision waiting = logic.pollRestorable(record);
        assertThat(waiting.outcome().name()).isEqualTo("CONTINUE");
        assertThat(waiting.reason()).contains("2026-12-07T09:55:00Z").contains("not yet");

        latestRestorable = Instant.parse("2026-12-07T10:00:00Z"); // exactly the restore point: not yet ("before LatestRestorableTime")
        io.cutover.core.poll.PollDecision equal = logic.pollRestorable(new SnapshotRequestPayload(config(), "7", "exec-1", waiting, SnapshotRequestPayload.RESTORE_POINT));
        assertThat(equal.outcome().name()).isEqualTo("CONTINUE");

        latestRestorable = Instant.parse("2026-12-07T10:00:00.001Z");
        io.cutover.core.poll.PollDecision done = logic.pollRestorable(new SnapshotRequestPayload(config(), "7", "exec-1", waiting, SnapshotRequestPayload.RESTORE_POINT));
        assertThat(done.outcome().name()).isEqualTo("DONE");
        assertThat(done.attempt()).isEqualTo(2);
    }

    @Test
    void backupsThatNeverReachTheRestorePointFailAfterTheBudget() {
        InMemoryPorts ports = ports(Instant.parse("2026-12-07T10:00:00Z"), new io.cutover.core.ports.memory.MemoryArtifacts());
        SnapshotRequestPayload record = new SnapshotRequestPayload(config(), "7", "exec-1", null, SnapshotRequestPayload.RESTORE_POINT);
        ClusterSnapshot logic = new ClusterSnapshot(ports);
        logic.recordRestorePoint(record);
        io.cutover.core.poll.PollDecision last = null;
        for (int i = 0; i < ClusterSnapshot.MAX_RESTORABLE_ATTEMPTS; i++) {
            last = logic.pollRestorable(new SnapshotRequestPayload(config(), "7", "exec-1", last, SnapshotRequestPayload.RESTORE_POINT));
        }
        assertThat(last.outcome().name()).isEqualTo("FAILED");
        assertThat(last.reason()).contains("not keeping up");
    }
}
