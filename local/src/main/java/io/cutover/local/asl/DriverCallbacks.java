package io.cutover.local.asl;

import io.cutover.core.json.Json;
import io.cutover.core.ports.TaskCallbacks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local Step Functions callback API: SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat posted to the
 * driver of the execution that is running. Give the same instance to the ports (so that the real approval
 * handlers call it) and to the runner (which connects it to each execution it starts).
 */
public final class DriverCallbacks implements TaskCallbacks {
    /** Like Step Functions' TaskDoesNotExist / InvalidToken: the token is unknown, already used, or timed out. */
    public static final class TaskDoesNotExistException extends RuntimeException {
        public TaskDoesNotExistException(String message) {
            super(message);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String callbackUrl;

    void connect(String url) {
        this.callbackUrl = url;
    }

    @Override
    public void succeed(String taskToken, String outputJson) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("taskToken", taskToken);
        body.put("output", outputJson);
        post("/SendTaskSuccess", body);
    }

    @Override
    public void fail(String taskToken, String error, String cause) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("taskToken", taskToken);
        body.put("error", error);
        body.put("cause", cause);
        post("/SendTaskFailure", body);
    }

    @Override
    public void heartbeat(String taskToken) {
        post("/SendTaskHeartbeat", Map.of("taskToken", taskToken));
    }

    private void post(String operation, Map<String, String> body) {
        String url = callbackUrl;
        if (url == null) {
            throw new IllegalStateException("no local execution is running to receive " + operation);
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + operation))
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 400 && (response.body().contains("TaskDoesNotExist") || response.body().contains("TaskTimedOut"))) {
                throw new TaskDoesNotExistException(operation + ": the task does not exist any more (already decided, or timed out)");
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException(operation + " failed: HTTP " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(operation + " could not reach the local execution: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
