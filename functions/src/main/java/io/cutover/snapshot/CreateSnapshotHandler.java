package io.cutover.snapshot;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Snapshots.SnapshotStatus;

/**
 * Step {@code RESTORE_POINT}, "7 Record the restore point" (inside the application downtime): checks the cluster's backup
 * retention against the rollback window and records the restore point ({@link ClusterSnapshot#recordRestorePoint}).
 * Step {@code SNAPSHOT}, "7 Snapshot the target cluster" (after READY_TO_SWITCH): starts a cluster snapshot of this
 * execution, named {@code cutover-<migrationId>-pre-switch-<execution>} ({@link io.cutover.core.ports.SnapshotNames#forExecution}),
 * or finds the one a previous attempt of this execution started (idempotent). Poll either with {@link PollSnapshotHandler}.
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
        ClusterSnapshot logic = new ClusterSnapshot(ports);
        if (!input.snapshotStep()) {
            ClusterSnapshot.RestorePoint point = logic.recordRestorePoint(input);
            return new Started(point.snapshotId(), point.clusterIdentifier(), NOT_STARTED, false, null, point.restoreToTime().toString());
        }
        SnapshotStatus status = logic.startSnapshot(input);
        String restoreToTime = logic.recorded(input).map(p -> p.restoreToTime().toString()).orElse("none recorded");
        return new Started(status.snapshotId(), status.clusterIdentifier(), status.status(), status.created(), status.location(), restoreToTime);
    }

    /** The status "7 Record the restore point" reports for the snapshot it names but does not start. */
    public static final String NOT_STARTED = "not started";
}
