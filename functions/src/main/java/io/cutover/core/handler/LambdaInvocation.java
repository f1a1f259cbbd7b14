package io.cutover.core.handler;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Invokes a handler exactly as Lambda does (the payload as JSON bytes in, the result as JSON bytes out, a
 * context), outside Lambda: for the local ASL runner, the rehearsal and tests. Exceptions propagate unchanged.
 */
public final class LambdaInvocation {
    private LambdaInvocation() {}

    /** The handler's result, or null when it wrote nothing. */
    public static JsonNode invoke(RequestStreamHandler handler, String functionName, Object payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(Json.bytes(payload)), out, new LocalContext(functionName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.size() == 0 ? null : Json.parse(out.toByteArray());
    }
}
