package io.cutover.schema;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.TaskRef;
import io.cutover.schema.RecreateForeignKeysHandler.Request;
import io.cutover.schema.RecreateForeignKeysHandler.Result;
import io.cutover.schema.ddl.TimeBudget;
import io.cutover.schema.fk.ForeignKeyRecord;
import io.cutover.schema.fk.ForeignKeyRecreator;
import io.cutover.schema.fk.ForeignKeyState;
import io.cutover.schema.fk.ForeignKeyState.Status;
import java.util.List;

/**
 * "6.2 Recreate foreign keys" after the cutover point: every foreign key recorded by "2.6 Prepare foreign keys"
 * is on the target exactly as on the source, or the report says why not (orphan rows with examples, a
 * different existing definition, the target's error). Report: {@code schema/foreign-keys-recreated.json}.
 */
public class RecreateForeignKeysHandler extends TaskHandler<Request, Result> {

    /**
     * {@code task}: the DMS task; when given, the step refuses to run unless it is stopped.
     * {@code timeBudgetSeconds}: stop starting new constraints after this long (default 600), {@code complete: false}.
     */
    public record Request(MigrationConfig config, String stateName, String executionName, TaskRef task, Integer timeBudgetSeconds) {}

    /** {@code ok}: complete, every constraint present as on the source, counts per table equal, no orphan row. */
    public record Result(boolean ok, boolean complete, int foreignKeys, long present, long different, long blockedByOrphans,
                         long failed, long orphanRows, List<String> countDifferences, @NonNull String reportKey, @NonNull String summary) {}

    /** The report artifact. */
    public record Report(String migrationId, boolean complete, List<ForeignKeyState> foreignKeys, List<String> countDifferences) {}

    public RecreateForeignKeysHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public RecreateForeignKeysHandler(Ports ports) {
        super(Request.class, ports);
    }

    @Override
    protected Result handle(Request request) {
        MigrationConfig config = request.config();
        ForeignKeyRecord record = ForeignKeyRecords.read(ports.artifacts(), config.migrationId());
        CutoverPointGuard.requireStopped(ports, request.task(), "recreate foreign keys");
        try (Database target = ports.databases().open(DatabaseRole.TARGET, config.target())) {
            List<String> schemas = config.schemas();
            ForeignKeyRecreator.Result result = new ForeignKeyRecreator(target)
                    .recreate(record, schemas, TimeBudget.of(ports.clock(), request.timeBudgetSeconds()));
            String key = SchemaArtifacts.foreignKeysRecreated(config.migrationId());
            ports.artifacts().putJson(key, new Report(config.migrationId(), result.complete(), result.states(), result.countDifferences()));
            long present = count(result.states(), Status.PRESENT);
            long different = count(result.states(), Status.DIFFERS);
            long blocked = count(result.states(), Status.BLOCKED_BY_ORPHANS);
            long failed = count(result.states(), Status.FAILED);
            long orphans = result.states().stream().mapToLong(ForeignKeyState::orphanRows).sum();
            boolean ok = result.complete() && present == record.foreignKeys().size() && orphans == 0 && result.countDifferences().isEmpty();
            String summary = record.foreignKeys().size() + " foreign key(s): " + present + " present as on the source, "
                    + blocked + " blocked by orphan rows, " + different + " defined differently, " + failed + " failed"
                    + (orphans > 0 ? "; " + orphans + " orphan row(s) in total" : "")
                    + (result.complete() ? "" : "; time budget used up, call again to continue");
            return new Result(ok, result.complete(), record.foreignKeys().size(), present, different, blocked, failed, orphans,
                    result.countDifferences(), key, summary);
        }
    }

    private static long count(List<ForeignKeyState> states, Status status) {
        return states.stream().filter(s -> s.status() == status).count();
    }
}
