package io.cutover.schema;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.TaskRef;
import io.cutover.schema.RecreateForeignKeysHandler.Request;
import io.cutover.schema.RecreateForeignKeysHandler.Result;
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

    public RecreateForeignKeysHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public RecreateForeignKeysHandler(Ports ports) {
        super(Request.class, ports);
    }

    @Override
    protected Result handle(Request request) {
        SchemaPhase.Recreated r = new SchemaPhase(ports).recreateForeignKeys(request.config(), request.task(), request.timeBudgetSeconds());
        return new Result(r.ok(), r.result().complete(), r.record().foreignKeys().size(), r.count(Status.PRESENT), r.count(Status.DIFFERS),
                r.count(Status.BLOCKED_BY_ORPHANS), r.count(Status.FAILED), r.orphanRows(), r.result().countDifferences(), r.key(),
                r.describe());
    }
}
