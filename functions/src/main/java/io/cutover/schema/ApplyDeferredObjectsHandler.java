package io.cutover.schema;

import io.cutover.core.handler.Results;
import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.TaskRef;
import io.cutover.schema.ApplyDeferredObjectsHandler.Request;
import io.cutover.schema.ApplyDeferredObjectsHandler.Result;
import io.cutover.schema.deferred.AppliedObjects;
import io.cutover.schema.deferred.ObjectType;
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
        SchemaPhase.Applied a = new SchemaPhase(ports).applyDeferredObjects(request.config(), request.task(), request.timeBudgetSeconds());
        AppliedObjects report = a.report();
        return new Result(a.ok(), report.complete(), a.extracted().objects().size(), a.present(), a.different(), a.failed(),
                a.presentByType(), report.definer(), report.targetEventScheduler(), Results.firstOf(report.warnings()), a.key(),
                a.scriptKey(), a.describe());
    }
}
