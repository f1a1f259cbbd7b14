package io.cutover.core.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.input.ValidateInputHandler;
import io.cutover.core.error.InputValidationException;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.testing.CapturedStdout;
import io.cutover.testing.FakeContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskHandlerTest {
    private static final String INPUT = """
            {"stateName": "Validate input", "executionName": "exec-1", "purpose": "READINESS",
             "input": {"migrationId": "orders-eu", "source": {"secretId": "src"}, "target": {"secretId": "tgt"},
                       "schemas": ["shop"]}}""";

    private static JsonNode invoke(String payload) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ValidateInputHandler(InMemoryPorts.builder().build())
                .handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out, new FakeContext("ValidateInput"));
        return Json.parse(out.toByteArray());
    }

    @Test
    void writesTheHandlerResultAsJson() throws Exception {
        JsonNode config = invoke(INPUT);
        assertThat(config.path("migrationId").asText()).isEqualTo("orders-eu");
        assertThat(config.path("cutover").path("maxLagSeconds").asInt()).isEqualTo(5);
    }

    @Test
    void everyLogLineIsJsonWithTheMigrationIdAndTheStateName() throws Exception {
        List<JsonNode> lines;
        try (CapturedStdout captured = CapturedStdout.start()) {
            invoke(INPUT);
            lines = captured.jsonLines();
        }
        assertThat(lines).isNotEmpty();
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.path("migration_id").asText()).isEqualTo("orders-eu");
            assertThat(line.path("state").asText()).isEqualTo("Validate input");
            assertThat(line.path("execution").asText()).isEqualTo("exec-1");
            assertThat(line.path("function_name").asText()).isEqualTo("ValidateInput");
            assertThat(line.has("level")).isTrue();
        });
    }

    @Test
    void aFailureIsLoggedOnceAndPropagatesWithItsType() {
        String bad = INPUT.replace("\"schemas\": [\"shop\"]", "\"schemas\": []");
        List<JsonNode> lines;
        try (CapturedStdout captured = CapturedStdout.start()) {
            assertThatThrownBy(() -> invoke(bad)).isInstanceOf(InputValidationException.class).hasMessageContaining("$.schemas");
            lines = captured.jsonLines();
        }
        assertThat(lines).filteredOn(l -> l.path("level").asText().equals("ERROR")).singleElement()
                .satisfies(l -> assertThat(l.path("message").asText()).contains(InputValidationException.class.getName()));
    }

    @Test
    void aKeyGivenTwiceIsRefusedNamingTheField() {
        String twice = INPUT.replace("\"migrationId\": \"orders-eu\",", "\"migrationId\": \"orders-eu\", \"migrationId\": \"orders-us\",");
        assertThatThrownBy(() -> invoke(twice)).isInstanceOf(InputValidationException.class)
                .satisfies(e -> assertThat(((InputValidationException) e).errors()).singleElement()
                        .satisfies(f -> {
                            assertThat(f.path()).isEqualTo("$.input.migrationId");
                            assertThat(f.message()).contains("given twice");
                        }));
    }

    @Test
    void bindingErrorsNameTheFieldInWordsNotJacksonText() {
        String bogus = INPUT.replace("\"purpose\": \"READINESS\"", "\"purpose\": \"EVERYTHING\"");
        assertThatThrownBy(() -> invoke(bogus)).isInstanceOf(InputValidationException.class)
                .hasMessage("invalid input (1 problem): $.purpose: must be one of MIGRATION, READINESS");
        assertThatThrownBy(() -> invoke("{\"input\": {\"migrationId\": \"a\"")).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("is not valid JSON at line 1").hasMessageNotContaining("Unexpected end-of-input");
    }

    @Test
    void aHugeMigrationIdDoesNotFloodTheLogLines() {
        String huge = "a".repeat(1_000_000);
        List<JsonNode> lines;
        try (CapturedStdout captured = CapturedStdout.start()) {
            assertThatThrownBy(() -> invoke(INPUT.replace("orders-eu", huge))).isInstanceOf(InputValidationException.class)
                    .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(1_000));
            lines = captured.jsonLines();
        }
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            assertThat(line.toString().length()).isLessThan(20_000);
            assertThat(line.path("migration_id").asText()).startsWith("aaaa").endsWith("…(1000000 chars)");
        });
    }
}
