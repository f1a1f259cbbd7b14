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
    void theRestorePointIsTheTimeOfTheFirstAttemptAndTheSnapshotStartsEachTime() {
        MigrationConfig config = config();
        SnapshotRequestPayload input = new SnapshotRequestPayload(config, "7 Snapshot the target cluster", "exec-1", null);
        InMemoryPorts first = ports(Instant.parse("2026-12-07T10:00:00Z"), new io.cutover.core.ports.memory.MemoryArtifacts());

        ClusterSnapshot.Begun begun = new ClusterSnapshot(first).start(input);

        assertThat(begun.restorePoint().clusterIdentifier()).isEqualTo("orders-aurora");
        assertThat(begun.restorePoint().restoreToTime()).isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(begun.restorePoint().snapshotId()).isEqualTo(begun.snapshot().snapshotId());
        assertThat(begun.restorePoint().how()).contains("restore-db-cluster-to-point-in-time").contains("2026-12-07T10:00:00Z");
        String key = Artifacts.key("orders", "cutover", "restore-point.json");
        assertThat(first.artifacts().getJson(key, ClusterSnapshot.RestorePoint.class)).contains(begun.restorePoint());

        // a retry a minute later (nothing has written to the target yet) keeps the first restore point
        InMemoryPorts retry = ports(Instant.parse("2026-12-07T10:01:00Z"), first.artifacts());
        ClusterSnapshot.Begun again = new ClusterSnapshot(retry).start(input);
        assertThat(again.restorePoint().restoreToTime()).isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(requested).hasSize(2);

        // another execution (its own snapshot) records its own
        ClusterSnapshot.Begun other = new ClusterSnapshot(retry).start(new SnapshotRequestPayload(config, "7", "exec-2", null));
        assertThat(other.restorePoint().restoreToTime()).isEqualTo(Instant.parse("2026-12-07T10:01:00Z"));
    }
}
