package io.cutover.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.json.Json;
import io.cutover.local.Project;
import io.cutover.local.template.SamBuildCheck;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * What Lambda gets, and a function's cold initialisation from it. The package is the `sam build` package of
 * ValidateInputFunction (.aws-sam/build; every function shares it) when there is one at least as new as functions/,
 * else the package `sam build` makes from this build (functions/target/classes + lib/cutover-functions-libraries.jar,
 * functions/pom.xml "Package size"), else the shaded jar. Its size zipped is what `sam deploy` uploads
 * ({@link SamBuildCheck#sizes}). Cold initialisation runs in fresh JVMs whose class path is that package alone, in
 * Lambda's order (root, then lib/*.jar), with template.yaml's JVM flags: the handler's no-arg constructor plus its first
 * invocation, the median of {@value #RUNS}. Without SnapStart this is what a function's first invocation pays. The
 * times mean something on an idle machine only.
 */
final class ColdStartBenchmark implements Benchmarks.Benchmark {
    private static final int RUNS = 7;
    private static final String FUNCTION = "ValidateInputFunction";
    private static final String HANDLER = "io.cutover.input.ValidateInputHandler";

    @Override
    public String description() {
        return "Lambda package size (zipped, as sam deploy uploads it) and a handler's cold initialisation from it in "
                + "fresh JVMs (median of " + RUNS + ")";
    }

    /** The class path Lambda would run, what it is, and its size zipped. */
    private record LambdaPackage(String what, List<Path> classPath, long zippedBytes, long unzippedBytes, long files) {}

    @Override
    public void run(String[] args) throws Exception {
        Path jar = lambdaJar();
        System.out.printf("shaded Lambda jar: %s, %.1f MB (zip), %.1f MB unpacked, %d entries%n",
                jar.getFileName(), Files.size(jar) / 1e6, unpacked(jar) / 1e6, entries(jar));
        Path scratch = Files.createTempDirectory("cutover-cold-start-");
        try {
            LambdaPackage pkg = lambdaPackage(jar, scratch);
            System.out.printf("Lambda package: %s%n  %.1f MB zipped (what sam deploy uploads), %.1f MB unzipped, %d files%n",
                    pkg.what(), pkg.zippedBytes() / 1e6, pkg.unzippedBytes() / 1e6, pkg.files());
            coldStarts(pkg);
        } finally {
            deleteTree(scratch);
        }
    }

    private void coldStarts(LambdaPackage pkg) throws Exception {
        Path payload = Files.createTempFile("cutover-payload-", ".json");
        JsonNode input = Json.parse(Files.readString(Project.root().resolve("events/start-migration.json")));
        Files.writeString(payload, Json.write(Map.of("input", input, "purpose", "MIGRATION", "stateName", "Validate input")));
        String probeClasses = Path.of(ColdStartProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<JsonNode> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            ObjectNode probe = (ObjectNode) probe(pkg.classPath(), probeClasses, payload);
            probe.put("processWallMs", (System.nanoTime() - start) / 1_000_000);
            probe.put("coldInitMs", probe.get("constructMs").asDouble() + probe.get("firstInvokeMs").asDouble());
            runs.add(probe);
        }
        Files.deleteIfExists(payload);
        System.out.printf("%n%s, %d fresh JVMs (-XX:TieredStopAtLevel=1, as template.yaml), median:%n", HANDLER, RUNS);
        for (String field : List.of("jvmToMainMs", "constructMs", "firstInvokeMs", "secondInvokeMs", "processWallMs", "coldInitMs")) {
            System.out.printf("  %-15s %8.1f ms   (min %.1f, max %.1f)%n", field, median(runs, field),
                    runs.stream().mapToDouble(r -> r.get(field).asDouble()).min().orElse(0),
                    runs.stream().mapToDouble(r -> r.get(field).asDouble()).max().orElse(0));
        }
        System.out.printf("%ncold initialisation (construct + first invoke; the JVM start itself is Lambda's): %.1f ms, "
                + "median of %d%npackage zipped: %.1f MB (%s)%n", median(runs, "coldInitMs"), RUNS, pkg.zippedBytes() / 1e6,
                pkg.what());
        System.out.println("(times are meaningful on an idle machine only: load average " + loadAverage() + ")");
    }

    /** The sam build package when current, else the package sam build makes from this build, else the shaded jar. */
    private static LambdaPackage lambdaPackage(Path jar, Path scratch) throws IOException {
        Path samPackage = Project.root().resolve(".aws-sam/build").resolve(FUNCTION);
        Path samTemplate = Project.root().resolve(".aws-sam/build/template.yaml");
        if (Files.isDirectory(samPackage) && Files.isRegularFile(samTemplate)) {
            FileTime built = Files.getLastModifiedTime(samTemplate);
            if (built.compareTo(newestSource()) >= 0) {
                SamBuildCheck.Sizes sizes = SamBuildCheck.sizes(samPackage);
                return new LambdaPackage("the sam build package " + Project.root().relativize(samPackage) + " (built " + built + ")",
                        SamBuildCheck.lambdaClassPath(samPackage), sizes.zippedBytes(), sizes.unzippedBytes(), sizes.files());
            }
            System.out.println("(.aws-sam/build is older than functions/: not used; run `sam build` to measure it)");
        }
        Path classes = Project.root().resolve("functions/target/classes");
        Path libraries = Project.root().resolve("functions/target/dependency/cutover-functions-libraries.jar");
        if (Files.isRegularFile(libraries)) {
            Path assembled = scratch.resolve(FUNCTION);
            copyTree(classes, assembled);
            Files.createDirectories(assembled.resolve("lib"));
            Files.copy(libraries, assembled.resolve("lib").resolve(libraries.getFileName()));
            SamBuildCheck.Sizes sizes = SamBuildCheck.sizes(assembled);
            return new LambdaPackage("the package sam build makes from this build (functions/target/classes + lib/"
                    + libraries.getFileName() + ")", SamBuildCheck.lambdaClassPath(assembled), sizes.zippedBytes(),
                    sizes.unzippedBytes(), sizes.files());
        }
        return new LambdaPackage("the shaded jar " + jar.getFileName() + " (no sam build package)", List.of(jar),
                Files.size(jar), unpacked(jar), entries(jar));
    }

    private static JsonNode probe(List<Path> classPath, String probeClasses, Path payload) throws IOException, InterruptedException {
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator))
                + File.pathSeparator + probeClasses;
        ProcessBuilder pb = new ProcessBuilder(javaBinary, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-cp", cp, ColdStartProbe.class.getName(), HANDLER, payload.toString());
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

    private static FileTime newestSource() throws IOException {
        Path functions = Project.root().resolve("functions");
        try (Stream<Path> files = Files.walk(functions.resolve("src"))) {
            FileTime newest = Files.getLastModifiedTime(functions.resolve("pom.xml"));
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                FileTime t = Files.getLastModifiedTime(f);
                newest = t.compareTo(newest) > 0 ? t : newest;
            }
            return newest;
        }
    }

    private static long unpacked(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return Collections.list(zip.entries()).stream().mapToLong(e -> Math.max(0, e.getSize())).sum();
        }
    }

    private static int entries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.size();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path lambdaJar() throws IOException {
        try (Stream<Path> files = Files.list(Project.root().resolve("functions/target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Lambda jar in functions/target: run `mvn -B -ntp package -DskipTests` at the root (local/bench does; never `mvn install`)"));
        }
    }
}
