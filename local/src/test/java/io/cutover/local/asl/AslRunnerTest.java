package io.cutover.local.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.local.Project;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The local runner's emulation of what aws-local-stepfunctions does not do like AWS. */
class AslRunnerTest {
    private static final Path GATE = Project.root().resolve("local/src/test/resources/asl/callback-timeout.asl.json");

    private static AslRunner runner(java.util.concurrent.BlockingQueue<JsonNode> payloads) {
        return AslRunner.builder(GATE).substitution("GateFunctionArn", "GateFunction")
                .function("GateFunction", payload -> {
                    payloads.add(payload);
                    return Json.object();
                })
                .build();
    }

    @Test
    void aCallbackInTimeSucceedsAndTheStateNameAndAFreshTokenReachTheFunction() throws Exception {
        var payloads = new java.util.concurrent.LinkedBlockingQueue<JsonNode>();
        AslRunner runner = runner(payloads);
        try (AslExecution execution = runner.start(Json.parse("{\"timeoutSeconds\": 30}"))) {
            JsonNode seen = payloads.poll(30, TimeUnit.SECONDS);
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
        var payloads = new java.util.concurrent.LinkedBlockingQueue<JsonNode>();
        AslRunner runner = runner(payloads);
        try (AslExecution execution = runner.start(Json.parse("{\"timeoutSeconds\": 1}"))) {
            String first = payloads.poll(30, TimeUnit.SECONDS).path("taskToken").asText();
            JsonNode second = payloads.poll(30, TimeUnit.SECONDS);
            assertThat(second.path("stateName").asText()).isEqualTo("Wait for a second callback");
            assertThatThrownBy(() -> runner.callbacks().succeed(first, "{}"))
                    .isInstanceOf(DriverCallbacks.TaskDoesNotExistException.class);
            runner.callbacks().succeed(second.path("taskToken").asText(), "{}");
            ExecutionResult result = execution.await(Duration.ofSeconds(30));
            assertThat(result.statesEntered()).containsExactly("Wait for a callback", "Wait for a second callback",
                    "Called back after a timeout");
            assertThat(result.eventsOfType("StateCaught")).singleElement()
                    .satisfies(e -> assertThat(e.raw().at("/catch/catcher/ErrorEquals/0").asText()).isEqualTo("States.Timeout"));
        }
    }

    /**
     * A failure sent for the token before the function that received it has returned (a person rejecting at once, a
     * fast approver on a loaded machine): the callback task fails with that error, as in AWS, and the driver lives on.
     */
    @Test
    void aFailureSentBeforeTheFunctionReturnsFailsTheTask() {
        var runner = new java.util.concurrent.atomic.AtomicReference<AslRunner>();
        runner.set(AslRunner.builder(GATE).substitution("GateFunctionArn", "GateFunction")
                .function("GateFunction", payload -> {
                    runner.get().callbacks().fail(payload.path("taskToken").asText(), "Cutover.ApprovalRejected", "{\"decidedBy\":\"Ana\"}");
                    return Json.object();
                })
                .build());
        ExecutionResult result = runner.get().run(Json.parse("{\"timeoutSeconds\": 30}"), Duration.ofSeconds(30));
        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).as(result.toString()).isEqualTo("Cutover.ApprovalRejected");
        assertThat(result.cause()).contains("Ana");
    }
}
