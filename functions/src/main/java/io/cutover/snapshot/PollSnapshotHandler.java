package io.cutover.snapshot;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Ports;

/**
 * "7 Wait for the snapshot": DONE when the snapshot is available (its description goes to the artifacts as
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
        return new ClusterSnapshot(ports).poll(input);
    }
}
