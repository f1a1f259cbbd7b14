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
 * different existing definition, the target's error); each constraint's entry says how its orphans were looked for
 * (changed keys or full scan). Report: {@code schema/foreign-keys-recreated.json}.
 *
 * <p>Step {@code ORPHANS_BEFORE_FREEZE}, "5.1.4 Check the source for orphan rows": the full orphan scan of every
 * recorded foreign key on the source, after the validation pass before the freeze; {@code ok} false (orphans, with the
 * constraint and example keys in {@code summary}) fails the migration before the freeze. Report:
 * {@code schema/orphans-before-freeze.json}. Step {@code ORPHANS_SINCE_CATCH_UP}, "5.2.1 Check the changed rows for orphans on
 * the source": the same record moved to the catch-up validation pass, the rows it listed checked on the source
 * ({@link io.cutover.schema.fk.ChangedKeyOrphans#advance}); orphans fail the migration before the freeze as well. All
 * go through {@link SchemaPhase}.
 */
public class RecreateForeignKeysHandler extends TaskHandler<Request, Result> {

    /**
     * {@code task}: the DMS task; when given, the step refuses to run unless it is stopped.
     * {@code timeBudgetSeconds}: stop starting new constraints after this long (default 600), {@code complete: false}.
     * {@code step}: {@code RECREATE} (the default), {@code ORPHANS_BEFORE_FREEZE} or {@code ORPHANS_SINCE_CATCH_UP}.
     */
    public record Request(MigrationConfig config, String stateName, String executionName, TaskRef task, Integer timeBudgetSeconds,
                          String step) {
        public static final String RECREATE = "RECREATE";
        public static final String ORPHANS_BEFORE_FREEZE = "ORPHANS_BEFORE_FREEZE";
        public static final String ORPHANS_SINCE_CATCH_UP = "ORPHANS_SINCE_CATCH_UP";

        public Request(MigrationConfig config, String stateName, String executionName, TaskRef task, Integer timeBudgetSeconds) {
            this(config, stateName, executionName, task, timeBudgetSeconds, RECREATE);
        }

        String checkedStep() {
            if (step == null || RECREATE.equals(step) || ORPHANS_BEFORE_FREEZE.equals(step) || ORPHANS_SINCE_CATCH_UP.equals(step)) {
                return step == null ? RECREATE : step;
            }
            throw new io.cutover.core.error.InputValidationException(List.of(new io.cutover.core.error.InputValidationException.FieldError(
                    "$.step", "must be RECREATE, ORPHANS_BEFORE_FREEZE or ORPHANS_SINCE_CATCH_UP, not '" + step + "'")));
        }
    }

    /**
     * {@code ok}: complete, every constraint present as on the source, counts per table equal, no orphan row. For
     * {@code ORPHANS_BEFORE_FREEZE}: {@code ok} no orphan row on the source, {@code complete} every constraint scanned,
     * {@code foreignKeys} the constraints scanned, {@code blockedByOrphans} those with orphans; the rest are 0.
     */
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
        SchemaPhase phase = new SchemaPhase(ports);
        String step = request.checkedStep();
        if (!Request.RECREATE.equals(step)) {
            SchemaPhase.ScannedBeforeFreeze s = Request.ORPHANS_BEFORE_FREEZE.equals(step)
                    ? phase.scanOrphansBeforeFreeze(request.config(), request.executionName(), request.timeBudgetSeconds())
                    : phase.scanOrphansSinceCatchUp(request.config(), request.executionName(), request.timeBudgetSeconds());
            return new Result(s.ok(), s.scan().complete(), s.scan().foreignKeys().size(), 0, 0, s.scan().withOrphans().size(), 0,
                    s.scan().orphanRows(), List.of(), s.key(), s.describe());
        }
        SchemaPhase.Recreated r = phase.recreateForeignKeys(request.config(), request.executionName(), request.task(), request.timeBudgetSeconds());
        return new Result(r.ok(), r.result().complete(), r.record().foreignKeys().size(), r.count(Status.PRESENT), r.count(Status.DIFFERS),
                r.count(Status.BLOCKED_BY_ORPHANS), r.count(Status.FAILED), r.orphanRows(), r.result().countDifferences(), r.key(),
                r.describe());
    }
}
