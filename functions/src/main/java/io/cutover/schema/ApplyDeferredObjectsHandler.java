package io.cutover.schema;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.TaskRef;
import io.cutover.schema.ApplyDeferredObjectsHandler.Request;
import io.cutover.schema.ApplyDeferredObjectsHandler.Result;
import io.cutover.schema.ddl.DatabaseDefaults;
import io.cutover.schema.ddl.TimeBudget;
import io.cutover.schema.deferred.AppliedObjects;
import io.cutover.schema.deferred.AppliedObjects.Status;
import io.cutover.schema.deferred.DeferredObjectApplier;
import io.cutover.schema.deferred.DeferredObjects;
import io.cutover.schema.deferred.ObjectType;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * "6.1 Recreate deferred objects" after the cutover point: creates what "Extract deferred objects" recorded,
 * DEFINER rewritten to the target's current user, in runbook order. Report: {@code schema/deferred-objects-applied.json};
 * the exact statements and session settings used: {@code schema/deferred-objects.sql} (mysql-client script).
 */
public class ApplyDeferredObjectsHandler extends TaskHandler<Request, Result> {

    /**
     * {@code task}: the DMS task; when given, the step refuses to run unless it is stopped (a trigger or event
     * created while DMS applies changes would act twice). {@code timeBudgetSeconds}: default 600.
     */
    public record Request(MigrationConfig config, String stateName, String executionName, TaskRef task, Integer timeBudgetSeconds) {}

    /** {@code present} per type; {@code ok}: complete and every object present as on the source. */
    public record Result(boolean ok, boolean complete, int objects, long present, long different, long failed,
                         Map<ObjectType, Long> presentByType, String definer, String eventScheduler, @NonNull List<String> warnings,
                         @NonNull String reportKey, @NonNull String scriptKey, @NonNull String summary) {}

    public ApplyDeferredObjectsHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public ApplyDeferredObjectsHandler(Ports ports) {
        super(Request.class, ports);
    }

    @Override
    protected Result handle(Request request) {
        MigrationConfig config = request.config();
        String extractedKey = SchemaArtifacts.deferredObjects(config.migrationId());
        DeferredObjects extracted = ports.artifacts().getJson(extractedKey, DeferredObjects.class).orElseThrow(() ->
                new ConfigurationException("no deferred objects at " + extractedKey + ": run \"Extract deferred objects\" first"));
        CutoverPointGuard.requireStopped(ports, request.task(), "create triggers, events and routines on the target");
        try (Database target = ports.databases().open(DatabaseRole.TARGET, config.target())) {
            DeferredObjectApplier.Outcome outcome = new DeferredObjectApplier(target, DatabaseDefaults.of(config), config.definers())
                    .apply(extracted, TimeBudget.of(ports.clock(), request.timeBudgetSeconds()));
            AppliedObjects report = outcome.report();
            String key = SchemaArtifacts.deferredObjectsApplied(config.migrationId());
            ports.artifacts().putJson(key, report);
            String scriptKey = SchemaArtifacts.deferredObjectsScript(config.migrationId());
            ports.artifacts().put(scriptKey, outcome.script().getBytes(StandardCharsets.UTF_8), "application/sql");
            Map<ObjectType, Long> byType = new EnumMap<>(ObjectType.class);
            for (ObjectType type : ObjectType.values()) {
                byType.put(type, report.count(type, Status.PRESENT));
            }
            long present = report.count(Status.PRESENT);
            long different = report.count(Status.DIFFERS);
            long failed = report.count(Status.FAILED);
            boolean ok = report.complete() && present == extracted.objects().size();
            String summary = extracted.objects().size() + " deferred object(s): " + present + " present as on the source, "
                    + different + " defined differently, " + failed + " failed; event_scheduler=" + report.targetEventScheduler()
                    + (report.complete() ? "" : "; time budget used up, call again to continue");
            return new Result(ok, report.complete(), extracted.objects().size(), present, different, failed, byType,
                    report.definer(), report.targetEventScheduler(), Results.firstOf(report.warnings()), key, scriptKey, summary);
        }
    }
}
