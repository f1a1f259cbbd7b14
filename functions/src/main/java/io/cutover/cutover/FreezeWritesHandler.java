package io.cutover.cutover;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.cutover.WriteFreeze.FreezeOutcome;
import java.util.List;

/**
 * "5.2 Freeze writes on the source": records read_only / super_read_only (before changing anything), reports open
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
        var config = input.config();
        CutoverArtifacts store = new CutoverArtifacts(ports.artifacts(), config.migrationId());
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source())) {
            FreezeOutcome outcome = new WriteFreeze(ports.clock()).freeze(source, config.migrationId(), input.execution(),
                    store.freezeRecord(), store::saveFreezeRecord);
            String reportKey = store.put("freeze-report.json", outcome);
            FreezeRecord r = outcome.record();
            List<String> writers = r.accountsThatCanStillWrite();
            String summary = "source frozen (" + r.server() + "): read_only was " + (r.readOnlyBefore() ? "ON" : "OFF")
                    + (r.superReadOnlyBefore() == null ? "" : ", super_read_only was " + (r.superReadOnlyBefore() ? "ON" : "OFF"))
                    + "; marker " + r.marker().markerId() + " written at " + r.freezePosition().describe()
                    + (outcome.alreadyFrozenByUs() ? " (already frozen by an earlier attempt; its recording is kept)" : "")
                    + (writers.isEmpty() ? "" : "; " + writers.size() + " account(s) can still write");
            return new Frozen(true, r.server(), r.readOnlyBefore(), r.superReadOnlyBefore(), r.marker().markerId(),
                    r.marker().writtenAt().toString(), r.freezePosition().describe(), outcome.openTransactions().size(),
                    outcome.lockedTables().size(), writers.subList(0, Math.min(writers.size(), 20)), outcome.warnings().size(),
                    CutoverArtifacts.freezeKey(config.migrationId()), reportKey, summary);
        }
    }
}
