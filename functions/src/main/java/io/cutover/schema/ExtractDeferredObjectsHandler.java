package io.cutover.schema;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.schema.ExtractDeferredObjectsHandler.Request;
import io.cutover.schema.ExtractDeferredObjectsHandler.Result;
import io.cutover.schema.deferred.DeferredObjectExtractor;
import io.cutover.schema.deferred.DeferredObjects;
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
        MigrationConfig config = request.config();
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source())) {
            var schemas = SchemaSelection.names(SchemaSelection.resolve(config, source));
            DeferredObjects extracted = DeferredObjectExtractor.extract(config.migrationId(), source, schemas);
            String key = SchemaArtifacts.deferredObjects(config.migrationId());
            ports.artifacts().putJson(key, extracted);
            Map<ObjectType, Integer> c = extracted.counts();
            String summary = extracted.objects().size() + " deferred object(s): " + c.get(ObjectType.PROCEDURE) + " procedure(s), "
                    + c.get(ObjectType.FUNCTION) + " function(s), " + c.get(ObjectType.VIEW) + " view(s), " + c.get(ObjectType.TRIGGER)
                    + " trigger(s), " + c.get(ObjectType.EVENT) + " event(s); source event_scheduler=" + extracted.sourceEventScheduler();
            return new Result(extracted.objects().size(), c, extracted.sourceEventScheduler(), key, summary);
        }
    }
}
