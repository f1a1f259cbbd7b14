package io.cutover.snapshot;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.error.InputValidationException;
import io.cutover.core.error.InputValidationException.FieldError;
import io.cutover.core.ports.SnapshotNames;
import io.cutover.core.ports.Snapshots;
import java.util.List;
import java.util.Map;

/** Which cluster to snapshot and under which deterministic name: the config's cluster, the execution's own name. */
record SnapshotTarget(String clusterIdentifier, String snapshotId, String executionName) {
    static final String PURPOSE = "pre-switch";

    static SnapshotTarget of(MigrationConfig config, String executionName) {
        String cluster = config.target().clusterIdentifier();
        if (cluster == null || cluster.isBlank()) {
            throw new InputValidationException(List.of(new FieldError("$.target.clusterIdentifier",
                    "is required to snapshot the Aurora cluster before the application switch (runbook 7)")));
        }
        return new SnapshotTarget(cluster, SnapshotNames.forExecution(config.migrationId(), PURPOSE, executionName), executionName);
    }

    Snapshots.SnapshotRequest request(MigrationConfig config) {
        return new Snapshots.SnapshotRequest(clusterIdentifier, snapshotId, config.schemas(),
                Map.of("cutover:migration-id", config.migrationId(), "cutover:purpose", PURPOSE, "cutover:execution", executionName));
    }
}
