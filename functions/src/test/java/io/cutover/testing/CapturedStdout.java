package io.cutover.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Captures System.out (where the JSON log appender writes) for the duration of a try block. */
public final class CapturedStdout implements AutoCloseable {
    private final PrintStream original = System.out;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    private CapturedStdout() {
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    public static CapturedStdout start() {
        return new CapturedStdout();
    }

    public String text() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    /** Every line that is a JSON object; fails on a non-JSON line, since every log line must be JSON. */
    public List<JsonNode> jsonLines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text().split("\n")) {
            if (!line.isBlank()) {
                JsonNode node = Json.parse(line);
                lines.add(node);
            }
        }
        return lines;
    }

    @Override
    public void close() {
        System.setOut(original);
    }
}
