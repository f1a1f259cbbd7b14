package io.cutover.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The EMF lines {@link EmfMetrics} prints in Lambda, read back as CloudWatch would read them: namespace, metric
 * names, units, values and dimensions. Powertools decides from environment variables read in the process (the
 * surefire JVM has POWERTOOLS_METRICS_DISABLED=true, and outside Lambda EMF would look for a CloudWatch agent), so
 * the publication runs in a JVM of its own ({@link EmfMetricsProbe}) with the function's environment as
 * template.yaml sets it.
 */
class EmfMetricsTest {

    @Test
    void eachPublicationIsOneEmfLineWithTheNamespaceMetricsValuesAndDimensions() throws Exception {
        List<JsonNode> emf = emfLines(runProbe(Map.of(
                "POWERTOOLS_METRICS_DISABLED", "false",
                "AWS_LAMBDA_FUNCTION_NAME", "cutover-PublishReadiness",
                "POWERTOOLS_METRICS_NAMESPACE", "Cutover",
                "POWERTOOLS_SERVICE_NAME", "cutover")));

        assertThat(emf).hasSize(2);
        JsonNode first = emf.get(0);
        JsonNode directive = first.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo("Cutover");
        assertThat(first.path("_aws").path("Timestamp").isNumber()).isTrue();
        assertThat(metricNames(directive)).containsExactlyInAnyOrder("ReadinessBlockers", "ReadinessWarnings");
        directive.path("Metrics").forEach(m -> assertThat(m.path("Unit").asText()).isEqualTo("Count"));
        assertThat(first.path("ReadinessBlockers").asDouble()).isEqualTo(2.0);
        assertThat(first.path("ReadinessWarnings").asDouble()).isEqualTo(5.0);
        // Two dimension sets, not one combined: each metric is stored under {MigrationId} (what the docs and the
        // dashboard's SEARCH('{Cutover,MigrationId} …') use) and under {Service} (Powertools' default dimension).
        assertThat(dimensionSets(directive)).containsExactlyInAnyOrder(List.of("Service"), List.of("MigrationId"));
        assertThat(first.path("MigrationId").asText()).isEqualTo("orders-eu");
        assertThat(first.path("Service").asText()).isEqualTo("cutover");

        // the second publication carries its own dimension value and metric only
        JsonNode second = emf.get(1);
        JsonNode directive2 = second.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive2.path("Namespace").asText()).isEqualTo("Cutover");
        assertThat(metricNames(directive2)).containsExactly("ReadinessBlockers");
        assertThat(second.path("ReadinessBlockers").asDouble()).isZero();
        assertThat(second.has("ReadinessWarnings")).isFalse();
        assertThat(second.path("MigrationId").asText()).isEqualTo("billing");
        assertThat(dimensionSets(directive2)).containsExactlyInAnyOrder(List.of("Service"), List.of("MigrationId"));
    }

    @Test
    void disabledMetricsPrintNothing() throws Exception {
        assertThat(emfLines(runProbe(Map.of(
                "POWERTOOLS_METRICS_DISABLED", "true",
                "AWS_LAMBDA_FUNCTION_NAME", "cutover-PublishReadiness",
                "POWERTOOLS_METRICS_NAMESPACE", "Cutover")))).isEmpty();
    }

    /** Runs {@link EmfMetricsProbe} in a new JVM on this test's class path; returns its standard output. */
    private static String runProbe(Map<String, String> environment) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", classPath, EmfMetricsProbe.class.getName());
        builder.environment().putAll(environment);
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the probe ends (EMF must not wait for an agent)").isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }

    /** The lines that are EMF documents (other lines are the JSON log). */
    private static List<JsonNode> emfLines(String stdout) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (line.startsWith("{")) {
                JsonNode node = Json.parse(line);
                if (node.has("_aws")) {
                    lines.add(node);
                }
            }
        }
        return lines;
    }

    private static List<String> metricNames(JsonNode directive) {
        List<String> names = new ArrayList<>();
        directive.path("Metrics").forEach(m -> names.add(m.path("Name").asText()));
        return names;
    }

    private static List<List<String>> dimensionSets(JsonNode directive) {
        List<List<String>> sets = new ArrayList<>();
        directive.path("Dimensions").forEach(set -> {
            List<String> names = new ArrayList<>();
            set.forEach(n -> names.add(n.asText()));
            sets.add(names);
        });
        return sets;
    }
}
