package io.cutover.cutover;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.cutover.WriteFreeze.UnfreezeOutcome;

/**
 * "Unfreeze the source" (rollback branches, and a rollback decision during the rollback window): restores exactly
 * the read_only / super_read_only that the freeze recorded, also when the source was read-only before. Idempotent;
 * without a recording it changes nothing.
 */
public class UnfreezeHandler extends TaskHandler<CutoverRequest, UnfreezeHandler.Unfrozen> {

    public record Unfrozen(boolean restored, boolean readOnly, Boolean superReadOnly, String recordKey, @NonNull String summary) {}

    public UnfreezeHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public UnfreezeHandler(Ports ports) {
        super(CutoverRequest.class, ports);
    }

    @Override
    public Unfrozen handle(CutoverRequest input) {
        UnfreezeOutcome o = new SourceFreeze(ports).unfreeze(input);
        return new Unfrozen(o.restored(), o.readOnly(), o.superReadOnly(), SourceFreeze.recordKey(input.config().migrationId()), o.summary());
    }
}
