package io.cutover.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.handler.LambdaInvocation;
import io.cutover.core.json.Json;
import java.util.Map;

/** Calls a handler the way Lambda does: JSON payload in, JSON result out (the contract the state machine sees). */
final class SchemaCalls {
    private SchemaCalls() {}

    /** The result as JSON text, for comparing two runs byte for byte. */
    static String callJson(TaskHandler<?, ?> handler, MigrationConfig config, Map<String, Object> fields) {
        ObjectNode payload = Json.object();
        payload.set("config", Json.tree(config));
        payload.put("stateName", handler.getClass().getSimpleName());
        payload.put("executionName", "schema-it");
        fields.forEach((k, v) -> payload.set(k, Json.tree(v)));
        return Json.write(LambdaInvocation.invoke(handler, handler.getClass().getSimpleName(), payload));
    }

    static <R> R call(TaskHandler<?, ?> handler, MigrationConfig config, Map<String, Object> fields, Class<R> result) {
        return Json.read(callJson(handler, config, fields), result);
    }

    static <R> R call(TaskHandler<?, ?> handler, MigrationConfig config, Class<R> result) {
        return call(handler, config, Map.of(), result);
    }
}
