package io.cutover.precheck;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.input.InputValidator;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.testing.FakeContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs the readiness Lambdas the way Lambda does (JSON in, JSON out) and reads their reports back. */
final class Readiness {
    private Readiness() {}

    static MigrationConfig config(ObjectNode input) {
        return new InputValidator().validate(input, InputValidator.Purpose.READINESS);
    }

    /** Calls the source or target handler and returns its summary. */
    static ReadinessSummary call(InMemoryPorts ports, MigrationConfig config, DatabaseRole side) {
        var handler = side == DatabaseRole.SOURCE ? new CheckSourceReadinessHandler(ports) : new CheckTargetReadinessHandler(ports);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(Json.bytes(Map.of("config", config,
                    "stateName", "Check " + side.label() + " readiness", "executionName", "it-" + config.migrationId()))),
                    out, new FakeContext("Check" + side.label()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Json.read(out.toString(StandardCharsets.UTF_8), ReadinessSummary.class);
    }

    /** Calls a handler and reads the full report it stored. */
    static ReadinessReport report(InMemoryPorts ports, MemoryArtifacts artifacts, MigrationConfig config, DatabaseRole side) {
        ReadinessSummary summary = call(ports, config, side);
        return artifacts.getJson(summary.reportKey(), ReadinessReport.class).orElseThrow();
    }

    static Map<String, CheckResult> byId(ReadinessReport report) {
        Map<String, CheckResult> map = new LinkedHashMap<>();
        report.checks().forEach(c -> map.put(c.id(), c));
        return map;
    }

    /** Both sides' results by id (each id is reported by one side only). */
    static Map<String, CheckResult> both(InMemoryPorts ports, MemoryArtifacts artifacts, MigrationConfig config) {
        Map<String, CheckResult> map = new LinkedHashMap<>(byId(report(ports, artifacts, config, DatabaseRole.SOURCE)));
        for (CheckResult r : report(ports, artifacts, config, DatabaseRole.TARGET).checks()) {
            if (map.put(r.id(), r) != null) {
                throw new AssertionError("reported by both sides: " + r.id());
            }
        }
        return map;
    }

    static String describe(Map<String, CheckResult> results) {
        StringBuilder text = new StringBuilder();
        results.values().forEach(r -> text.append(r.id()).append(' ').append(r.status()).append(": ").append(r.found()).append('\n'));
        return text.toString();
    }
}
