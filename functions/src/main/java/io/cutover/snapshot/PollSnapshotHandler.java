package io.cutover.snapshot;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Ports;

/**
 * Step {@code RESTORE_POINT}, "7 Poll the restorable time": DONE once the cluster's LatestRestorableTime has reached the
 * recorded restore point ({@link ClusterSnapshot#pollRestorable}). Step {@code SNAPSHOT}, "7 Poll the snapshot": DONE when the snapshot is available (its description goes to the artifacts as
 * evidence for the switch), FAILED when it failed, vanished or the attempt budget is spent, else CONTINUE.
 */
public class PollSnapshotHandler extends TaskHandler<SnapshotRequestPayload, PollDecision> {

    public PollSnapshotHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public PollSnapshotHandler(Ports ports) {
        super(SnapshotRequestPayload.class, ports);
    }

    @Override
    public PollDecision handle(SnapshotRequestPayload input) {
        ClusterSnapshot logic = new ClusterSnapshot(ports);
        return input.snapshotStep() ? logic.poll(input) : logic.pollRestorable(input);
    }
}
