package io.cutover.replication;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.core.ports.Replication.TableState;
import io.cutover.core.ports.Replication.TaskProgress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Progress series in {@code src/test/resources/recorded/replication/} (each file's {@code note} says how it was made). */
final class RecordedSeries {
    static final Instant T0 = Instant.parse("2026-03-01T02:00:00Z");

    record Reading<T>(Instant at, T value) {}

    private RecordedSeries() {}

    static JsonNode load(String name) {
        try (InputStream in = RecordedSeries.class.getResourceAsStream("/recorded/replication/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded series " + name);
            }
            return Json.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Reading<TaskProgress>> fullLoad(String name) {
        List<Reading<TaskProgress>> out = new ArrayList<>();
        for (JsonNode s : load(name).path("samples")) {
            List<TableState> tables = new ArrayList<>();
            if (s.has("tables")) {
                for (JsonNode t : s.path("tables")) {
                    tables.add(new TableState(t.path("schema").asText(), t.path("table").asText(), t.path("state").asText(),
                            t.path("rows").asLong(), 0, 0, 0, 0, t.hasNonNull("error") ? t.path("error").asText() : null));
                }
            } else {
                tables.add(new TableState("shop", "all_tables", "Full load", s.path("rows").asLong(), 0, 0, 0, 0, null));
            }
            TaskProgress p = new TaskProgress(s.path("status").asText(), s.hasNonNull("stopReason") ? s.path("stopReason").asText() : null,
                    s.hasNonNull("lastFailureMessage") ? s.path("lastFailureMessage").asText() : null,
                    s.hasNonNull("percent") ? s.path("percent").asInt() : null, s.path("loaded").asInt(), s.path("loading").asInt(),
                    s.path("queued").asInt(), s.path("errored").asInt(), tables);
            out.add(new Reading<>(T0.plusSeconds(s.path("t").asLong()), p));
        }
        return out;
    }

    static List<CdcSample> cdc(String name) {
        List<CdcSample> out = new ArrayList<>();
        for (JsonNode s : load(name).path("samples")) {
            out.add(new CdcSample(T0.plusSeconds(s.path("t").asLong()),
                    s.hasNonNull("source") ? s.path("source").asDouble() : null,
                    s.hasNonNull("target") ? s.path("target").asDouble() : null,
                    s.path("inserts").asLong(), s.path("updates").asLong(), s.path("deletes").asLong(), s.path("ddls").asLong(),
                    s.hasNonNull("incoming") ? s.path("incoming").asLong() : null));
        }
        return out;
    }
}
