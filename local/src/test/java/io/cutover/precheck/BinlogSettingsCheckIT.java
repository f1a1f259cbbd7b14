package io.cutover.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runbook 1.1 against real MariaDB servers: one configured as DMS needs, one restarted with wrong options. */
@ExtendWith(DatabaseServers.class)
class BinlogSettingsCheckIT {

    private static Map<String, CheckResult> byId(ReadinessReport report) {
        return report.checks().stream().collect(Collectors.toMap(CheckResult::id, Function.identity()));
    }

    private static ReadinessReport runHandler(InMemoryPorts ports, MemoryArtifacts artifacts, MigrationConfig config) {
        ReadinessSummary summary = new CheckBinlogHandlerCaller(ports).call(config);
        assertThat(summary.reportKey()).isEqualTo("migrations/" + config.migrationId() + "/readiness/source-binlog.json");
        return artifacts.getJson(summary.reportKey(), ReadinessReport.class).orElseThrow();
    }

    @Test
    void aSourceConfiguredForDmsPassesEveryCheck(TestDatabases db) {
        MemoryArtifacts artifacts = new MemoryArtifacts();
        MigrationConfig config = db.config("binlog-ok", List.of("shop"));
        ReadinessReport report = runHandler(db.ports().artifacts(artifacts).build(), artifacts, config);

        assertThat(report.server()).startsWith("MariaDB 10.");
        assertThat(report.checks()).hasSize(5).allSatisfy(c -> assertThat(c.status()).as(c.id() + ": " + c.found()).isEqualTo(CheckStatus.PASSED));
        assertThat(byId(report).get("bl-binlog-retention").found()).contains("168 h").contains("72 h");
        assertThat(report.blockers()).isEmpty();
    }

    @Test
    void aMisconfiguredSourceIsReportedCheckByCheck() {
        try (DatabasePair pair = TestDatabases.startPrivatePair(MariaDbOptions.source().named("wrong-source"),
                MariaDbOptions.target().named("wrong-target"))) {
            MemorySecrets secrets = pair.publishSecrets(new MemorySecrets());
            MemoryArtifacts artifacts = new MemoryArtifacts();
            InMemoryPorts ports = InMemoryPorts.builder().secrets(secrets).artifacts(artifacts).build();
            MigrationConfig config = Json.convert(TestDatabases.input(pair, "binlog-wrong", List.of("shop")), MigrationConfig.class);

            pair.source().restart(MariaDbOptions.source()
                    .withArgs("--binlog-format=STATEMENT", "--binlog-row-image=MINIMAL", "--binlog-expire-logs-seconds=7200"));
            Map<String, CheckResult> r = byId(runHandler(ports, artifacts, config));
            assertThat(r.get("bl-binlog-enabled").status()).isEqualTo(CheckStatus.PASSED);
            assertThat(r.get("bl-binlog-format-row").found()).isEqualTo("binlog_format = STATEMENT (must be ROW)");
            assertThat(r.get("bl-binlog-row-image-full").found()).isEqualTo("binlog_row_image = MINIMAL (must be FULL)");
            assertThat(r.get("bl-binlog-retention").found()).contains("2 h").contains("72 h");
            assertThat(r.values()).filteredOn(CheckResult::blocks).extracting(CheckResult::id)
                    .containsExactlyInAnyOrder("bl-binlog-format-row", "bl-binlog-row-image-full", "bl-binlog-retention");

            pair.source().restart(MariaDbOptions.source().withoutBinlog());
            r = byId(runHandler(ports, artifacts, config));
            assertThat(r.get("bl-binlog-enabled").blocks()).isTrue();
            assertThat(r.get("bl-binlog-enabled").found()).isEqualTo("log_bin = OFF");
        }
    }

    @Test
    void aUserWithoutAccessGetsAClearErrorNamingTheSide(TestDatabases db) {
        MemorySecrets secrets = new MemorySecrets().put(DatabasePair.secretId(DatabaseRole.SOURCE, "cutover"),
                "{\"username\":\"nobody\",\"password\":\"wrong\",\"host\":\"127.0.0.1\",\"port\":" + db.source().port() + "}");
        InMemoryPorts ports = InMemoryPorts.builder().secrets(secrets).build();
        MigrationConfig config = db.config("binlog-denied", List.of("shop"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CheckBinlogHandlerCaller(ports).call(config))
                .isInstanceOf(io.cutover.core.error.AccessDeniedException.class)
                .hasMessageContaining("source: connecting to 127.0.0.1:" + db.source().port() + " as nobody")
                .hasMessageNotContaining("wrong");
    }

    /** Calls the handler the way Lambda does (JSON in, JSON out). */
    private record CheckBinlogHandlerCaller(InMemoryPorts ports) {
        ReadinessSummary call(MigrationConfig config) {
            var out = new java.io.ByteArrayOutputStream();
            try {
                new CheckBinlogHandler(ports).handleRequest(
                        new java.io.ByteArrayInputStream(Json.bytes(Map.of("config", config, "stateName", "1.1 Check binlog settings"))),
                        out, new io.cutover.testing.FakeContext("CheckBinlog"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Json.read(out.toString(java.nio.charset.StandardCharsets.UTF_8), ReadinessSummary.class);
        }
    }
}
