package io.cutover.schema;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.schema.ValidateSchemaHandler.Request;
import io.cutover.schema.ValidateSchemaHandler.Result;
import io.cutover.schema.ddl.DatabaseDefaults;
import io.cutover.schema.deferred.AppliedObjects;
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
        MigrationConfig config = request.config();
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source());
             Database target = ports.databases().open(DatabaseRole.TARGET, config.target())) {
            List<String> schemas = SchemaSelection.names(SchemaSelection.resolve(config, source));
            // Cutover's account as "6.1" recorded it (the current user if it has not): the definer of objects whose own
            // account is missing on the target; the others keep theirs or take the input's mapping (Definers).
            String definer = ports.artifacts().getJson(SchemaArtifacts.deferredObjectsApplied(config.migrationId()), AppliedObjects.class)
                    .map(AppliedObjects::definer)
                    .orElseGet(() -> target.query("SELECT CURRENT_USER() AS u").get(0).string("u"));
            DatabaseDefaults defaults = DatabaseDefaults.of(config).resolve(target);
            io.cutover.schema.deferred.Definers definers = new io.cutover.schema.deferred.Definers(config.definers(),
                    io.cutover.schema.deferred.Definers.accounts(target), definer);
            ValidationReport report = new SchemaValidator(source, target, defaults).validate(config.migrationId(), schemas, definers);
            String key = SchemaArtifacts.validation(config.migrationId());
            ports.artifacts().putJson(key, report);
            List<String> first = Results.firstOf(report.differences().stream()
                    .map(d -> d.type().toLowerCase(java.util.Locale.ROOT) + " " + d.object() + ": " + d.difference()).toList());
            String summary = report.ok()
                    ? "the target's schema equals the source's: " + describe(report.counts())
                    : report.differences().size() + " difference(s): " + first.get(0);
            return new Result(report.ok(), report.differences().size(), report.counts(), first, key, summary);
        }
    }

    private static String describe(Map<String, ValidationReport.Count> counts) {
        StringBuilder sb = new StringBuilder();
        counts.forEach((type, c) -> sb.append(sb.length() == 0 ? "" : ", ").append(c.source()).append(' ')
                .append(type.toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).append(c.source() == 1 ? "" : "s"));
        return sb.toString();
    }
}
