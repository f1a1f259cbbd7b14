package io.cutover.local.aws;

import io.cutover.local.Project;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * moto's server (the pinned moto[server] of .ci/requirements.txt, installed into .venv by .ci/python-tools.sh) on a
 * free loopback port, started by the test and stopped by it. Step Functions runs its executions (moto's
 * "execute_state_machine" mode), so task tokens are real and callbacks reach a waiting task.
 *
 * <p>Never skipped: without moto_server the suite fails and says how to install it.
 */
public final class MotoServer implements AwsBackend {
    /** The version .ci/requirements.txt pins (for the reports and messages). */
    static final String VERSION = "5.2.6";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final int port;
    private final Path log;

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts moto_server on a free port of 127.0.0.1 and waits until it answers. */
    public static MotoServer start() {
        Path executable = executable();
        int port = freePort();
        try {
            Path log = Files.createTempFile("moto-" + port + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // moto's Step Functions engine calls the integrated services (SQS here) on localhost:MOTO_PORT
            builder.environment().put("MOTO_PORT", Integer.toString(port));
            MotoServer server = new MotoServer(builder.start(), port, log);
            try {
                server.awaitReady();
                server.post("/moto-api/config", "{\"stepfunctions\":{\"execute_state_machine\":true}}");
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
    }

    /** .venv/bin/moto_server under the repository (what .ci/python-tools.sh installs), else moto_server on the PATH. */
    static Path executable() {
        Path venv = Project.root().resolve(".venv/bin/moto_server");
        if (Files.isExecutable(venv)) {
            return venv;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "moto_server");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("moto_server is not installed: the AWS contract suite needs moto " + VERSION
                + " from .ci/requirements.txt. Run `source .ci/python-tools.sh` in the repository (it installs the pinned "
                + "Python tools into .venv/, which this suite finds), then run the tests again.");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited (" + process.exitValue() + ") before answering: " + logTail());
            }
            try {
                if (get("/moto-api/config").statusCode() < 500) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            sleep(100);
        }
        throw new IllegalStateException("moto_server did not answer on port " + port + " within " + START_TIMEOUT.toSeconds()
                + " s: " + logTail());
    }

    private HttpResponse<String> get(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(endpoint() + path)).timeout(Duration.ofSeconds(5)).GET().build());
    }

    /** A call to moto's own API (not an AWS API), e.g. its configuration. */
    HttpResponse<String> post(String path, String json) {
        try {
            return send(HttpRequest.newBuilder(URI.create(endpoint() + path)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An AWS JSON-protocol request as raw HTTP (moto checks no signature, and routes by the credential scope's
     * service): what moto answers to an operation.
     */
    HttpResponse<String> awsJson(String signingName, String targetPrefix, String operation, String body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", targetPrefix + "." + operation)
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey() + "/20260101/" + REGION
                            + "/" + signingName + "/aws4_request, SignedHeaders=host, Signature=0")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for moto_server", e);
        }
    }

    /**
     * Through moto's API as raw JSON: its answer carries the creation time as an ISO-8601 string with microseconds, which
     * the SDK refuses ({@link AwsGap#DMS_TASK_TIMESTAMPS}); only the ARN is needed here.
     */
    @Override
    public String createReplicationInstance(String identifier) {
        HttpResponse<String> response = awsJson("dms", "AmazonDMSv20160101", "CreateReplicationInstance",
                "{\"ReplicationInstanceIdentifier\":\"" + identifier + "\",\"ReplicationInstanceClass\":\"dms.t3.medium\","
                        + "\"AllocatedStorage\":50}");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("moto CreateReplicationInstance: HTTP " + response.statusCode() + " " + response.body());
        }
        return io.cutover.core.json.Json.parse(response.body()).at("/ReplicationInstance/ReplicationInstanceArn").asText();
    }

    @Override
    public String name() {
        return "moto " + VERSION;
    }

    @Override
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public String accessKey() {
        return "AKIDTEST"; // moto maps any key to its default account 123456789012
    }

    @Override
    public String secretKey() {
        return "test-secret-key";
    }

    @Override
    public Set<AwsGap> gaps() {
        return AwsGap.MOTO;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temp file
        }
    }
}
