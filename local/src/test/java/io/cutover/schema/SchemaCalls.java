package io.cutover.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.json.Json;
import io.cutover.testing.FakeContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(Json.bytes(payload)), out, new FakeContext(handler.getClass().getSimpleName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static <R> R call(TaskHandler<?, ?> handler, MigrationConfig config, Map<String, Object> fields, Class<R> result) {
        return Json.read(callJson(handler, config, fields), result);
    }

    static <R> R call(TaskHandler<?, ?> handler, MigrationConfig config, Class<R> result) {
        return call(handler, config, Map.of(), result);
    }
}
