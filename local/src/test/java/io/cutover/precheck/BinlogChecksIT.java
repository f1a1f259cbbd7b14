package io.cutover.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import io.cutover.precheck.framework.CheckContext;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.CheckStatus;
import io.cutover.precheck.framework.Severity;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The binlog checks (runbook 1.1, bl-*) against real MariaDB servers: the shared source configured as DMS needs,
 * and a private source restarted with every setting wrong at once.
 */
@ExtendWith(DatabaseServers.class)
class BinlogChecksIT {

    private static String cleanSchema(TestDatabases db, String prefix) {
        String schema = TestDatabases.newSchema(prefix);
        db.source().execute("CREATE DATABASE `" + schema + "`", "CREATE TABLE `" + schema + "`.t (id INT PRIMARY KEY, v VARCHAR(20))");
        return schema;
    }

    @Test
    void aSourceConfiguredForDmsPassesEveryBinlogCheck(TestDatabases db) {
        MemoryArtifacts artifacts = new MemoryArtifacts();
        MigrationConfig config = db.config("binlog-ok", List.of(cleanSchema(db, "binlog_ok")));
        ReadinessReport report = Readiness.report(db.ports().artifacts(artifacts).build(), artifacts, config, DatabaseRole.SOURCE);
        Map<String, CheckResult> r = Readiness.byId(report);

        assertThat(report.server()).startsWith("MariaDB 10.");
        assertThat(r.keySet()).filteredOn(id -> id.startsWith("bl-")).hasSize(13);
        assertThat(r.values()).filteredOn(c -> c.id().startsWith("bl-") && c.severity() != Severity.INFO && !c.id().equals("bl-ddl-during-cdc"))
                .allSatisfy(c -> assertThat(c.status()).as(c.id() + ": " + c.found()).isEqualTo(CheckStatus.PASSED));
        assertThat(r.get("bl-binlog-retention").found()).contains("168 h").contains("72 h");
        assertThat(r.get("bl-binlog-compression-off").found()).isEqualTo("log_bin_compress = OFF");
        assertThat(r.get("bl-binlog-filters").found()).isEqualTo("no binlog or replication filters");
        assertThat(r.get("bl-ddl-during-cdc").status()).isEqualTo(CheckStatus.NEEDS_MANUAL_CONFIRMATION);
        assertThat(r.get("bl-binlog-checksum-legacy-dms").found()).contains("binlog_checksum = CRC32");
        assertThat(report.blockers()).as(Readiness.describe(r)).isEmpty();
    }

    @Test
    void aMisconfiguredSourceIsReportedCheckByCheck() throws Exception {
        try (DatabasePair pair = TestDatabases.startPrivatePair(MariaDbOptions.source().named("binlog-wrong-source"),
                MariaDbOptions.target().named("binlog-wrong-target"))) {
            MemorySecrets secrets = pair.publishSecrets(new MemorySecrets());
            MemoryArtifacts artifacts = new MemoryArtifacts();
            InMemoryPorts ports = InMemoryPorts.builder().secrets(secrets).artifacts(artifacts).build();
            pair.source().execute("CREATE DATABASE kept", "CREATE TABLE kept.t (id INT PRIMARY KEY)",
                    "CREATE DATABASE hidden", "CREATE TABLE hidden.t (id INT PRIMARY KEY)");
            MigrationConfig config = Readiness.config(TestDatabases.input(pair, "binlog-wrong", List.of("kept", "hidden")));

            pair.source().restart(MariaDbOptions.source().withArgs("--binlog-format=STATEMENT", "--binlog-row-image=MINIMAL",
                    "--binlog-expire-logs-seconds=7200", "--log-bin-compress=ON", "--binlog-ignore-db=hidden",
                    "--binlog-checksum=NONE", "--performance-schema=ON"));
            // server_id 0 cannot be seeded here: MariaDB's minimum is 1 (the check is tested on a MySQL recording)
            pair.source().execute("ALTER TABLE kept.t ADD COLUMN note VARCHAR(10)");
            Map<String, CheckResult> r = Readiness.byId(Readiness.report(ports, artifacts, config, DatabaseRole.SOURCE));

            assertThat(r.get("bl-binlog-enabled").status()).isEqualTo(CheckStatus.PASSED);
            assertThat(r.get("bl-binlog-format-row").found()).isEqualTo("binlog_format = STATEMENT (must be ROW)");
            assertThat(r.get("bl-binlog-row-image-full").found()).isEqualTo("binlog_row_image = MINIMAL (must be FULL)");
            assertThat(r.get("bl-binlog-retention").found()).contains("2 h").contains("72 h");
            assertThat(r.get("bl-binlog-compression-off").found()).isEqualTo("log_bin_compress = ON");
            assertThat(r.get("bl-binlog-filters").objects()).containsExactly(
                    "schema hidden is in Binlog_Ignore_DB = hidden: its changes are not written to the binary log");
            assertThat(r.get("bl-binlog-checksum-legacy-dms").status()).isEqualTo(CheckStatus.PASSED);
            assertThat(r.get("bl-ddl-during-cdc").status()).isEqualTo(CheckStatus.FAILED);
            assertThat(r.get("bl-ddl-during-cdc").objects()).singleElement().asString().startsWith("ALTER TABLE `kept` . `t` ADD COLUMN");
            assertThat(r.values()).filteredOn(c -> c.id().startsWith("bl-") && c.blocks()).extracting(CheckResult::id)
                    .containsExactlyInAnyOrder("bl-binlog-format-row", "bl-binlog-row-image-full", "bl-binlog-retention",
                            "bl-binlog-compression-off", "bl-binlog-filters");

            pair.source().restart(MariaDbOptions.source().withoutBinlog());
            r = Readiness.byId(Readiness.report(ports, artifacts, config, DatabaseRole.SOURCE));
            assertThat(r.get("bl-binlog-enabled").blocks()).isTrue();
            assertThat(r.get("bl-binlog-enabled").found()).isEqualTo("log_bin = OFF");
            assertThat(r.get("bl-binlog-filters").found()).contains("binary logging is off");
        }
    }

    @Test
    void largeBinlogFilesAndBigOpenTransactionsAreSeenWithLoweredLimits(TestDatabases db) throws Exception {
        String schema = cleanSchema(db, "binlog_big");
        MigrationConfig config = db.config("binlog-big", List.of(schema));
        try (Connection writer = db.source().rootConnection(); Statement s = writer.createStatement();
             Database source = db.open(DatabaseRole.SOURCE, config)) {
            writer.setAutoCommit(false);
            for (int i = 0; i < 25; i++) {
                s.executeUpdate("INSERT INTO `" + schema + "`.t VALUES (" + i + ", 'x')");
            }
            List<CheckResult> results = new BinlogChecks(new BinlogChecks.Limits(1024, 20)).run(new CheckContext(config, source, null));
            CheckResult huge = results.stream().filter(c -> c.id().equals("bl-binlog-4gb-transactions")).findFirst().orElseThrow();
            assertThat(huge.status()).isEqualTo(CheckStatus.FAILED);
            assertThat(huge.objects()).anySatisfy(o -> assertThat(o).matches("binlog binlog\\.\\d+ is .*"))
                    .anySatisfy(o -> assertThat(o).contains("has modified 25 rows"));
            writer.rollback();

            CheckResult clean = new BinlogChecks().run(new CheckContext(config, source, null)).stream()
                    .filter(c -> c.id().equals("bl-binlog-4gb-transactions")).findFirst().orElseThrow();
            assertThat(clean.status()).isEqualTo(CheckStatus.PASSED);
        }
    }

    @Test
    void aSourceWithoutBinlogMonitorOrProcessCannotBeCheckedAndThatBlocks(TestDatabases db) {
        // `app` has DML only: no BINLOG MONITOR, SLAVE MONITOR or PROCESS.
        ObjectNode input = db.input("binlog-app", List.of(cleanSchema(db, "binlog_app")));
        ((ObjectNode) input.get("source")).put("secretId", DatabasePair.secretId(DatabaseRole.SOURCE, "app"));
        MemoryArtifacts artifacts = new MemoryArtifacts();
        Map<String, CheckResult> r = Readiness.byId(Readiness.report(db.ports().artifacts(artifacts).build(), artifacts,
                Readiness.config(input), DatabaseRole.SOURCE));
        assertThat(r.get("bl-binlog-filters").status()).isEqualTo(CheckStatus.COULD_NOT_CHECK);
        assertThat(r.get("bl-binlog-filters").found()).contains("BINLOG MONITOR");
        assertThat(r.get("bl-binlog-filters").blocks()).isTrue();
        assertThat(r.get("sc-source-is-primary").status()).isEqualTo(CheckStatus.COULD_NOT_CHECK);
        assertThat(r.get("sc-source-is-primary").blocks()).isTrue();
        assertThat(r.get("bl-binlog-4gb-transactions").status()).isEqualTo(CheckStatus.COULD_NOT_CHECK);
        assertThat(r.get("bl-binlog-4gb-transactions").warns()).isTrue();
        // the DMS source user defaults to source.secretId: app has no replication grants
        assertThat(r.get("pr-dms-source-grants").blocks()).isTrue();
        assertThat(r.get("pr-dms-source-grants").objects()).contains("REPLICATION SLAVE ON *.*", "BINLOG MONITOR ON *.*");
    }

    @Test
    void aUserThatCannotLogInIsABlockerNamingTheSideWithoutThePassword(TestDatabases db) {
        MemorySecrets secrets = new MemorySecrets().put(DatabasePair.secretId(DatabaseRole.SOURCE, "cutover"),
                "{\"username\":\"nobody\",\"password\":\"wrong-pw-123\",\"host\":\"127.0.0.1\",\"port\":" + db.source().port() + "}");
        MemoryArtifacts artifacts = new MemoryArtifacts();
        InMemoryPorts ports = InMemoryPorts.builder().secrets(secrets).artifacts(artifacts).build();
        ReadinessReport report = Readiness.report(ports, artifacts, db.config("binlog-denied", List.of("shop")), DatabaseRole.SOURCE);
        assertThat(report.checks()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("cutover-connect-source");
            assertThat(c.status()).isEqualTo(CheckStatus.COULD_NOT_CHECK);
            assertThat(c.blocks()).isTrue();
            assertThat(c.found()).contains("source: connecting to 127.0.0.1:" + db.source().port() + " as nobody")
                    .contains("Access denied").doesNotContain("wrong-pw-123");
        });
        assertThat(report.server()).isEqualTo("not connected");
    }
}
