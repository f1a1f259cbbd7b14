package io.cutover.cutover;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Ports;

/** "5.2 Prove that CDC drained" (a poll): {@link SourceFreeze#proveDrain}. */
public class ProveDrainHandler extends TaskHandler<CutoverRequest, PollDecision> {

    public ProveDrainHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public ProveDrainHandler(Ports ports) {
        super(CutoverRequest.class, ports);
    }

    @Override
    public PollDecision handle(CutoverRequest input) {
        return new SourceFreeze(ports).proveDrain(input);
    }
}
