package io.cutover.snapshot;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Snapshots.SnapshotStatus;

/**
 * "7 Snapshot the target cluster": starts a cluster snapshot of this execution, named
 * {@code cutover-<migrationId>-pre-switch-<execution>} ({@link SnapshotNames#forExecution}), or finds the one a previous
 * attempt of this execution started (idempotent). Poll it with {@link PollSnapshotHandler}.
 */
public class CreateSnapshotHandler extends TaskHandler<SnapshotRequestPayload, CreateSnapshotHandler.Started> {

    /**
     * What the state carries: which snapshot, its status right now, whether this call started it, and the restore point
     * for Aurora's point-in-time restore ({@code restoreToTime}, ISO-8601; {@link ClusterSnapshot.RestorePoint}).
     */
    public record Started(@NonNull String snapshotId, String clusterIdentifier, @NonNull String status, boolean created, String location,
                          @NonNull String restoreToTime) {}

    public CreateSnapshotHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public CreateSnapshotHandler(Ports ports) {
        super(SnapshotRequestPayload.class, ports);
    }

    @Override
    public Started handle(SnapshotRequestPayload input) {
        ClusterSnapshot.Begun begun = new ClusterSnapshot(ports).start(input);
        SnapshotStatus status = begun.snapshot();
        return new Started(status.snapshotId(), status.clusterIdentifier(), status.status(), status.created(), status.location(),
                begun.restorePoint().restoreToTime().toString());
    }
}
