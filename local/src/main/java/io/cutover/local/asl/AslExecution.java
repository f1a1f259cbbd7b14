package io.cutover.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.local.Project;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** One running execution: a Node driver process, the Java functions it calls, and the events it reports. */
public final class AslExecution implements AutoCloseable {
    private final Process process;
    private final LambdaHttpServer lambdas;
    private final Path specFile;
    private final List<ExecutionEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final List<LambdaHttpServer.Invocation> invocations = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<ExecutionResult> result = new CompletableFuture<>();
    private final StringBuilder stderr = new StringBuilder();
    private Thread stderrReader;

    private AslExecution(JsonNode spec, Map<String, FunctionInvoker> functions, DriverCallbacks callbacks,
                         List<Consumer<ExecutionEvent>> listeners) {
        this.lambdas = new LambdaHttpServer(functions, invocations::add);
        Path node = Project.root().resolve("local/node");
        if (!Files.isDirectory(node.resolve("node_modules/aws-local-stepfunctions"))) {
            lambdas.close();
            throw new IllegalStateException("the local ASL runner is not installed: run `npm ci` in " + node);
        }
        try {
            ((com.fasterxml.jackson.databind.node.ObjectNode) spec).put("lambdaUrl", lambdas.url());
            specFile = Files.createTempFile("cutover-asl-", ".json");
            Files.writeString(specFile, Json.write(spec));
            String nodeBinary = System.getenv().getOrDefault("CUTOVER_NODE", "node");
            process = new ProcessBuilder(nodeBinary, "--import", node.resolve("polyfill.mjs").toUri().toString(),
                    node.resolve("driver.mjs").toString(), specFile.toString())
                    .directory(node.toFile()).start();
        } catch (IOException e) {
            lambdas.close();
            throw new UncheckedIOException(e);
        }
        Thread out = new Thread(() -> readEvents(callbacks, listeners), "asl-driver-out");
        out.setDaemon(true);
        out.start();
        stderrReader = new Thread(this::readStderr, "asl-driver-err");
        stderrReader.setDaemon(true);
        stderrReader.start();
    }

    static AslExecution start(JsonNode spec, Map<String, FunctionInvoker> functions, DriverCallbacks callbacks,
                              List<Consumer<ExecutionEvent>> listeners) {
        return new AslExecution(spec, functions, callbacks, listeners);
    }

    private void readEvents(DriverCallbacks callbacks, List<Consumer<ExecutionEvent>> listeners) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || !line.startsWith("{")) {
                    continue;
                }
                JsonNode raw = Json.parse(line);
                String type = raw.path("type").asText();
                switch (type) {
                    case "DriverReady" -> callbacks.connect(raw.path("callbackUrl").asText());
                    case "ExecutionResult" -> result.complete(new ExecutionResult(raw.path("status").asText(),
                            raw.get("output"), raw.hasNonNull("error") ? raw.get("error").asText() : null,
                            raw.hasNonNull("cause") ? raw.get("cause").asText() : null, List.copyOf(events),
                            raw.path("historyEvents").asInt(), children(raw.path("executions"))));
                    case "DriverError" -> result.completeExceptionally(new IllegalStateException(
                            "the ASL driver failed: " + raw.path("message").asText()));
                    default -> {
                        ExecutionEvent event = ExecutionEvent.of(raw);
                        events.add(event);
                        for (Consumer<ExecutionEvent> listener : listeners) {
                            listener.accept(event);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            result.completeExceptionally(e);
        }
        if (!result.isDone()) {
            try {
                stderrReader.join(2_000); // the driver's last words, when it died
                process.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String exit = process.isAlive() ? "" : " (exit code " + process.exitValue() + ")";
            result.completeExceptionally(new IllegalStateException("the ASL driver exited without a result" + exit + ":\n" + stderr));
        }
    }

    private static List<ExecutionResult.ChildExecution> children(JsonNode executions) {
        List<ExecutionResult.ChildExecution> children = new ArrayList<>();
        for (JsonNode e : executions) {
            children.add(new ExecutionResult.ChildExecution(e.path("name").asText(), e.path("stateMachine").asText(),
                    e.path("parentState").asText(null), e.path("status").asText(), e.path("historyEvents").asInt()));
        }
        return List.copyOf(children);
    }

    private void readStderr() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (stderr) {
                    stderr.append(line).append('\n');
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Events so far (a copy). */
    public List<ExecutionEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Every local Lambda invocation so far: function name, payload, result or error. */
    public List<LambdaHttpServer.Invocation> invocations() {
        synchronized (invocations) {
            return List.copyOf(invocations);
        }
    }

    public boolean isDone() {
        return result.isDone();
    }

    public ExecutionResult await(Duration timeout) {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the execution did not end within " + timeout + "; states so far: "
                    + events().stream().filter(ev -> "StateEntered".equals(ev.type())).map(ExecutionEvent::stateName).toList());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        lambdas.close();
        try {
            Files.deleteIfExists(specFile);
        } catch (IOException ignored) {
            // a temp file
        }
    }
}
