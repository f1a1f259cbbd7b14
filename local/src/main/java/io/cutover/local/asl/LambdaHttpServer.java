package io.cutover.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cutover.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Answers {@code POST /invoke/<FunctionName>} like the Lambda Invoke API: the function's result as the body;
 * on an exception, header {@code X-Amz-Function-Error: Unhandled} and {@code {errorType, errorMessage,
 * stackTrace}} with errorType the exception's fully qualified class name. Loopback only.
 */
final class LambdaHttpServer implements AutoCloseable {
    /** One invocation, for logs and assertions. */
    record Invocation(String functionName, JsonNode payload, JsonNode result, String errorType, String errorMessage) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lambda-local");
        t.setDaemon(true);
        return t;
    });

    LambdaHttpServer(Map<String, FunctionInvoker> functions, Consumer<Invocation> listener) {
        if (!"true".equals(System.getProperty("sun.net.httpserver.nodelay"))) {
            // Nagle + delayed ACK add ~20 ms per task; the property must be set before HttpServer is first used.
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/invoke/", exchange -> handle(exchange, functions, listener));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange, Map<String, FunctionInvoker> functions, Consumer<Invocation> listener)
            throws IOException {
        String name = URLDecoder.decode(exchange.getRequestURI().getPath().substring("/invoke/".length()), StandardCharsets.UTF_8);
        JsonNode payload = Json.parse(exchange.getRequestBody().readAllBytes());
        FunctionInvoker function = functions.get(name);
        if (function == null) {
            respond(exchange, 404, null, Json.write(Map.of("Type", "User", "message",
                    "Function not found: " + name + " (no handler bound locally; bound: " + functions.keySet() + ")")));
            return;
        }
        try {
            JsonNode result = function.invoke(payload);
            listener.accept(new Invocation(name, payload, result, null, null));
            respond(exchange, 200, null, result == null ? "null" : Json.write(result));
        } catch (Throwable e) {
            String type = e instanceof FunctionError fe ? fe.errorType() : e.getClass().getName();
            ObjectNode error = Json.object();
            error.put("errorType", type);
            error.put("errorMessage", e.getMessage() == null ? type : e.getMessage());
            var trace = error.putArray("stackTrace");
            StackTraceElement[] frames = e.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, 12); i++) {
                trace.add(frames[i].toString());
            }
            listener.accept(new Invocation(name, payload, null, type, e.getMessage()));
            respond(exchange, 200, "Unhandled", Json.write(error));
        }
    }

    private static void respond(HttpExchange exchange, int status, String functionError, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (functionError != null) {
            exchange.getResponseHeaders().set("X-Amz-Function-Error", functionError);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
