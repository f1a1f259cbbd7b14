package io.cutover.local.asl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole migration ends with a large state (the config and every phase's result). The driver must hand it over
 * complete: Node's process.exit() does not wait for a pipe to drain, and the rehearsal once lost its last line. The
 * result here is about 200 KB, several times a pipe's buffer and within the 256 KiB a state may carry (QuotasTest).
 */
class LargeOutputTest {
    @TempDir
    Path dir;

    @Test
    void aLargeFinalOutputArrivesWhole() throws Exception {
        Path asl = dir.resolve("large.asl.json");
        Files.writeString(asl, """
                {"Comment": "One task returning a large result.", "StartAt": "Big",
                 "States": {"Big": {"Type": "Task", "Comment": "c", "Resource": "arn:aws:states:::lambda:invoke",
                   "Parameters": {"FunctionName": "${BigFunctionArn}", "Payload": {}}, "ResultSelector": {"big.$": "$.Payload"},
                   "TimeoutSeconds": 30, "End": true}}}
                """);
        String chunk = "x".repeat(1_000);
        AslRunner runner = AslRunner.builder(asl).substitution("BigFunctionArn", "BigFunction").function("BigFunction", payload -> {
            ObjectNode big = Json.object();
            for (int i = 0; i < 200; i++) {
                big.put("k" + i, chunk);
            }
            return big;
        }).build();
        ExecutionResult result = runner.run(Json.object(), Duration.ofSeconds(60));
        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.output().path("big").size()).isEqualTo(200);
        assertThat(result.output().at("/big/k199").asText()).isEqualTo(chunk);
    }
}
