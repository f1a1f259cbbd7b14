package io.cutover.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.local.Project;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

/**
 * The Lambda jar's size and a handler's cold initialisation in fresh JVMs (class path = the shaded jar only,
 * JVM flags as in template.yaml). Without SnapStart this is what the first invocation of a function pays.
 */
final class ColdStartBenchmark implements Benchmarks.Benchmark {
    private static final int RUNS = 7;

    @Override
    public String description() {
        return "Lambda jar size and handler cold initialisation in fresh JVMs (median of " + RUNS + ")";
    }

    @Override
    public void run(String[] args) throws Exception {
        Path jar = lambdaJar();
        long unpacked = 0;
        int entries = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (var e : java.util.Collections.list(zip.entries())) {
                unpacked += Math.max(0, e.getSize());
                entries++;
            }
        }
        System.out.printf("Lambda jar: %s%n  size %.1f MB (zip), %.1f MB unpacked, %d entries%n",
                jar.getFileName(), Files.size(jar) / 1e6, unpacked / 1e6, entries);

        Path payload = Files.createTempFile("cutover-payload-", ".json");
        JsonNode input = Json.parse(Files.readString(Project.root().resolve("events/start-migration.json")));
        Files.writeString(payload, Json.write(Map.of("input", input, "purpose", "MIGRATION", "stateName", "Validate input")));
        String probeClasses = Path.of(ColdStartProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();

        String handler = "io.cutover.input.ValidateInputHandler";
        List<JsonNode> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            JsonNode probe = probe(jar, probeClasses, handler, payload);
            long wall = (System.nanoTime() - start) / 1_000_000;
            ((com.fasterxml.jackson.databind.node.ObjectNode) probe).put("processWallMs", wall);
            runs.add(probe);
        }
        System.out.printf("%n%s, %d fresh JVMs (-XX:TieredStopAtLevel=1), median:%n", handler, RUNS);
        for (String field : List.of("jvmToMainMs", "constructMs", "firstInvokeMs", "secondInvokeMs", "processWallMs")) {
            System.out.printf("  %-15s %8.1f ms   (min %.1f, max %.1f)%n", field, median(runs, field),
                    runs.stream().mapToDouble(r -> r.get(field).asDouble()).min().orElse(0),
                    runs.stream().mapToDouble(r -> r.get(field).asDouble()).max().orElse(0));
        }
        System.out.println("\ncold initialisation = constructMs + firstInvokeMs (the JVM start itself is Lambda's).");
        Files.deleteIfExists(payload);
    }

    private static JsonNode probe(Path jar, String probeClasses, String handler, Path payload) throws IOException, InterruptedException {
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBinary, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-cp", jar + java.io.File.pathSeparator + probeClasses, ColdStartProbe.class.getName(), handler, payload.toString());
        pb.environment().put("AWS_REGION", "eu-west-1");
        pb.environment().put("POWERTOOLS_METRICS_DISABLED", "true");
        pb.environment().put("POWERTOOLS_LOG_LEVEL", "WARN");
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("probe failed: " + err);
        }
        String line = err.lines().filter(l -> l.startsWith("{\"jvmToMainMs\"")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no probe output: " + err));
        return Json.parse(line);
    }

    private static double median(List<JsonNode> runs, String field) {
        List<Double> values = runs.stream().map(r -> r.get(field).asDouble()).sorted(Comparator.naturalOrder()).toList();
        return values.get(values.size() / 2);
    }

    private static Path lambdaJar() throws IOException {
        try (var files = Files.list(Project.root().resolve("functions/target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Lambda jar in functions/target: run `mvn -B -ntp package -DskipTests` at the root (local/bench does; never `mvn install`)"));
        }
    }
}
