package io.cutover.schema;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.schema.ValidateSchemaHandler.Request;
import io.cutover.schema.ValidateSchemaHandler.Result;
import java.util.List;
import java.util.Map;

/**
 * "6.3 Validate schema": counts and definitions of databases, tables, foreign keys, procedures, functions,
 * views, triggers and events on the target equal the source's; the report ({@code schema/validation.json})
 * lists each difference. Read-only on both sides.
 */
public class ValidateSchemaHandler extends TaskHandler<Request, Result> {

    public record Request(MigrationConfig config, String stateName, String executionName) {}

    /** {@code counts}: per type, source and target; {@code firstDifferences}: the first ten, the report has all. */
    public record Result(boolean ok, int differences, Map<String, ValidationReport.Count> counts, @NonNull List<String> firstDifferences,
                         @NonNull String reportKey, @NonNull String summary) {}

    public ValidateSchemaHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public ValidateSchemaHandler(Ports ports) {
        super(Request.class, ports);
    }

    @Override
    protected Result handle(Request request) {
        SchemaPhase.Validated v = new SchemaPhase(ports).validateSchema(request.config());
        ValidationReport report = v.report();
        return new Result(report.ok(), report.differences().size(), report.counts(), v.firstDifferences(), v.key(), v.describe());
    }
}
