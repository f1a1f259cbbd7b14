package io.cutover.schema;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.schema.CreateTargetSchemaHandler.Request;
import io.cutover.schema.CreateTargetSchemaHandler.Result;
import io.cutover.schema.TargetSchemaReport.Status;
import io.cutover.schema.ddl.DatabaseDefaults;
import io.cutover.schema.ddl.TimeBudget;

/**
 * "2.5 Create target schema": databases and tables of the selected schemas on the target, from the source's
 * SHOW CREATE TABLE, without foreign keys and deferred objects. The full report (every table's state and
 * differences) goes to the artifacts store; the state gets counts and {@code ok}.
 */
public class CreateTargetSchemaHandler extends TaskHandler<Request, Result> {

    /**
     * {@code timeBudgetSeconds}: stop starting new tables after this long and return {@code complete: false}
     * (default 600). The databases' defaults come from the config ({@code target.databaseCharacterSet} /
     * {@code target.databaseCollation}; default: as on the source).
     */
    public record Request(MigrationConfig config, String stateName, String executionName, Integer timeBudgetSeconds) {}

    /**
     * {@code ok}: complete, no blocker, every database and table matches the source. {@code complete: false}:
     * the time budget ran out; call again.
     */
    public record Result(boolean ok, boolean complete, int databases, int tables, long tablesMatching,
                         long tablesDifferent, long tablesFailed, int blockers, @NonNull String reportKey, @NonNull String summary) {}

    public CreateTargetSchemaHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public CreateTargetSchemaHandler(Ports ports) {
        super(Request.class, ports);
    }

    @Override
    protected Result handle(Request request) {
        MigrationConfig config = request.config();
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source());
             Database target = ports.databases().open(DatabaseRole.TARGET, config.target())) {
            var schemas = SchemaSelection.resolve(config, source);
            // Checked on the target before anything is created: a name it does not know changes nothing.
            DatabaseDefaults defaults = DatabaseDefaults.of(config).resolve(target);
            TargetSchemaReport report = new TargetSchemaCreator(source, target).create(config.migrationId(), schemas,
                    defaults, TimeBudget.of(ports.clock(), request.timeBudgetSeconds()));
            String key = SchemaArtifacts.targetSchema(config.migrationId());
            ports.artifacts().putJson(key, report);
            return summarize(report, key);
        }
    }

    static Result summarize(TargetSchemaReport report, String key) {
        long matching = report.tables(Status.MATCHES_SOURCE);
        long different = report.tables(Status.DIFFERS);
        long failed = report.tables(Status.FAILED);
        long databasesDifferent = report.databases(Status.DIFFERS);
        boolean ok = report.complete() && report.blockers().isEmpty() && different == 0 && failed == 0 && databasesDifferent == 0;
        String summary;
        if (!report.blockers().isEmpty()) {
            summary = report.blockers().size() + " blocker(s), nothing created: " + report.blockers().get(0);
        } else {
            summary = report.databases().size() + " database(s), " + report.tables().size() + " table(s): " + matching
                    + " match the source, " + different + " differ, " + failed + " failed"
                    + (databasesDifferent > 0 ? ", " + databasesDifferent + " database(s) with other defaults" : "")
                    + (report.complete() ? "" : "; time budget used up, call again to continue");
        }
        return new Result(ok, report.complete(), report.databases().size(), report.tables().size(), matching, different,
                failed, report.blockers().size(), key, summary);
    }
}
