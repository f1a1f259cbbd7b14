package io.cutover.cutover;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Ports;

/**
 * "8 Rollback window" (a poll): after a successful cutover the source stays read-only for
 * {@code cutover.rollbackWindowHours}, so that falling back loses nothing. Each poll checks that the source is still
 * read-only (FAILED if someone made it writable: writes there never reach Aurora) and returns DONE when the window is
 * over (the source stays read-only; decommission it when ready). A rollback decision inside the window calls
 * {@link UnfreezeHandler}. The window's start is recorded on the first poll ({@code cutover/rollback-window.json}); the checks and their
 * widening waits are {@link SourceFreeze#holdForRollbackWindow}.
 */
public class RollbackWindowHandler extends TaskHandler<CutoverRequest, PollDecision> {

    public RollbackWindowHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public RollbackWindowHandler(Ports ports) {
        super(CutoverRequest.class, ports);
    }

    @Override
    public PollDecision handle(CutoverRequest input) {
        return new SourceFreeze(ports).holdForRollbackWindow(input);
    }
}
