package io.cutover.cutover.validation;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Ports;

/**
 * "5.1.3 Recheck differences after the lag window" (pre-freeze, a poll): while CDC runs, a chunk can differ only
 * because its latest changes are still in flight; each call re-verifies what differed ({@link ValidationPass#recheck}),
 * at most {@link ValidationPass#MAX_ROUNDS} rounds: what still differs then is real or the rows are hot; the
 * post-freeze pass verifies it again either way.
 */
public class RecheckMismatchesHandler extends TaskHandler<ValidationRequest, PollDecision> {

    public RecheckMismatchesHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public RecheckMismatchesHandler(Ports ports) {
        super(ValidationRequest.class, ports);
    }

    @Override
    public PollDecision handle(ValidationRequest input) {
        return new ValidationPass(ports).recheck(input);
    }
}
