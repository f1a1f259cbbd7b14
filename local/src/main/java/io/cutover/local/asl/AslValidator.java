package io.cutover.local.asl;

import io.cutover.local.Project;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs the npm package asl-validator on an ASL file (JSONPath mode). */
public final class AslValidator {
    public record Result(boolean valid, String output) {}

    private AslValidator() {}

    public static Result validate(Path aslFile) {
        Path node = Project.root().resolve("local/node");
        Path cli = node.resolve("node_modules/asl-validator/dist/bin/asl-validator.js");
        try {
            Process p = new ProcessBuilder(System.getenv().getOrDefault("CUTOVER_NODE", "node"), cli.toString(),
                    "--json-path", aslFile.toAbsolutePath().toString())
                    .directory(node.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(false, "asl-validator timed out");
            }
            return new Result(p.exitValue() == 0, output);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
