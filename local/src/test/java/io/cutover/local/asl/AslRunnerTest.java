package io.cutover.local.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.local.Project;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The local runner's emulation of what aws-local-stepfunctions does not do like AWS. */
class AslRunnerTest {
    private static final Path GATE = Project.root().resolve("local/src/test/resources/asl/callback-timeout.asl.json");

    private static AslRunner runner(CompletableFuture<JsonNode> payloads) {
        return AslRunner.builder(GATE).substitution("GateFunctionArn", "GateFunction")
                .function("GateFunction", payload -> {
                    payloads.complete(payload);
                    return Json.object();
                })
                .build();
    }

    @Test
    void aCallbackInTimeSucceedsAndTheStateNameAndAFreshTokenReachTheFunction() throws Exception {
        CompletableFuture<JsonNode> payload = new CompletableFuture<>();
        AslRunner runner = runner(payload);
        try (AslExecution execution = runner.start(Json.parse("{\"timeoutSeconds\": 30}"))) {
            JsonNode seen = payload.get(30, TimeUnit.SECONDS);
            assertThat(seen.path("stateName").asText()).isEqualTo("Wait for a callback");
            assertThat(seen.path("taskToken").asText()).startsWith("tok-");
            assertThat(seen.has("__cutoverTimeoutSeconds")).isFalse();
            runner.callbacks().succeed(seen.path("taskToken").asText(), "{\"decision\":\"APPROVED\"}");
            ExecutionResult result = execution.await(Duration.ofSeconds(30));
            assertThat(result.succeeded()).as(result.toString()).isTrue();
        }
    }

    @Test
    void timeoutSecondsPathIsReadFromTheStateInputAndALateCallbackIsRefused() throws Exception {
        CompletableFuture<JsonNode> payload = new CompletableFuture<>();
        AslRunner runner = runner(payload);
        try (AslExecution execution = runner.start(Json.parse("{\"timeoutSeconds\": 1}"))) {
            String token = payload.get(30, TimeUnit.SECONDS).path("taskToken").asText();
            ExecutionResult result = execution.await(Duration.ofSeconds(30));
            assertThat(result.error()).isEqualTo("Gate.TimedOut");
            assertThat(result.eventsOfType("StateCaught")).hasSize(1);
            assertThatThrownBy(() -> runner.callbacks().succeed(token, "{}"))
                    .isInstanceOf(DriverCallbacks.TaskDoesNotExistException.class);
        }
    }
}
