package io.cutover.cutover;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import java.util.List;

/**
 * "5.2 Freeze writes on source": records read_only / super_read_only (before changing anything), reports open
 * transactions, locked tables and the accounts that can still write, sets read_only, writes the drain marker and
 * (MySQL) sets super_read_only. Idempotent: a retry keeps the first recording and the first marker.
 */
public class FreezeWritesHandler extends TaskHandler<CutoverRequest, FreezeWritesHandler.Frozen> {

    /** The state's view of the freeze; the full report is the artifact {@code reportKey}. */
    public record Frozen(boolean frozen, @NonNull String server, boolean readOnlyBefore, Boolean superReadOnlyBefore,
                         @NonNull String markerId, @NonNull String markerWrittenAt, @NonNull String freezePosition, int openTransactions,
                         int lockedTables, @NonNull List<String> accountsThatCanStillWrite, int warnings, @NonNull String recordKey,
                         @NonNull String reportKey, @NonNull String summary) {}

    public FreezeWritesHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public FreezeWritesHandler(Ports ports) {
        super(CutoverRequest.class, ports);
    }

    @Override
    public Frozen handle(CutoverRequest input) {
        SourceFreeze.Frozen f = new SourceFreeze(ports).freeze(input);
        FreezeRecord r = f.outcome().record();
        List<String> writers = f.writers();
        return new Frozen(true, r.server(), r.readOnlyBefore(), r.superReadOnlyBefore(), r.marker().markerId(),
                r.marker().writtenAt().toString(), r.freezePosition().describe(), f.outcome().openTransactions().size(),
                f.outcome().lockedTables().size(), writers.subList(0, Math.min(writers.size(), 20)), f.outcome().warnings().size(),
                f.recordKey(), f.reportKey(), f.describe());
    }
}
