package io.cutover.schema;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.schema.ExtractDeferredObjectsHandler.Request;
import io.cutover.schema.ExtractDeferredObjectsHandler.Result;
import io.cutover.schema.deferred.ObjectType;
import java.util.Map;

/**
 * "Extract deferred objects" (runbook 1.7's "no deferred objects" made explicit, and 6.1 phase 1): writes every
 * procedure, function, view, trigger and event of the selected schemas, with its creation context, to
 * {@code schema/deferred-objects.json}. Read-only on the source. Run it after the cutover point (the source is
 * frozen, so the definitions are final) and, optionally, early in the migration to see what will be recreated.
 */
public class ExtractDeferredObjectsHandler extends TaskHandler<Request, Result> {

    public record Request(MigrationConfig config, String stateName, String executionName) {}

    public record Result(int objects, @NonNull Map<ObjectType, Integer> counts, String sourceEventScheduler, @NonNull String artifactKey, @NonNull String summary) {}

    public ExtractDeferredObjectsHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public ExtractDeferredObjectsHandler(Ports ports) {
        super(Request.class, ports);
    }

    @Override
    protected Result handle(Request request) {
        SchemaPhase.Extracted e = new SchemaPhase(ports).extractDeferredObjects(request.config());
        return new Result(e.objects().objects().size(), e.objects().counts(), e.objects().sourceEventScheduler(), e.key(), e.describe());
    }
}
