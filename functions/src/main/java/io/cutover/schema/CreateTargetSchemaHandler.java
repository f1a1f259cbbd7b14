package io.cutover.schema;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.schema.CreateTargetSchemaHandler.Request;
import io.cutover.schema.CreateTargetSchemaHandler.Result;

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
        SchemaPhase.TargetSchema t = new SchemaPhase(ports).createTargetSchema(request.config(), request.timeBudgetSeconds());
        TargetSchemaReport report = t.report();
        return new Result(t.ok(), report.complete(), report.databases().size(), report.tables().size(), t.matching(), t.different(),
                t.failed(), report.blockers().size(), t.key(), t.describe());
    }
}
