package io.cutover.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.cutover.validation.ValidationKeys;
import io.cutover.cutover.validation.ValidationModel.RowDifference;
import io.cutover.cutover.validation.ValidationModel.Scope;
import io.cutover.cutover.validation.ValidationReport;
import io.cutover.cutover.validation.ValidationRequest;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.testing.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A write the binlog does not carry (a session with sql_log_bin = 0 on the source, between the pre-freeze and the
 * post-freeze pass, to an InnoDB and to a non-transactional MyISAM table) is found by the post-freeze pass through performance_schema's per-table write counters: its
 * own pair of servers, both with performance_schema on (the shared harness runs without it): the target's write counters,
 * aligned with the binlog by the baseline marker the test replays as DMS would, show that nothing else wrote there.
 */
class UnloggedWritesIT {
    private static DatabasePair pair;
    private static final MemorySecrets secrets = new MemorySecrets();

    @BeforeAll
    static void start() {
        pair = DatabasePair.start(DatabasePair.newBaseDir(), MariaDbOptions.source().withPerformanceSchema(),
                MariaDbOptions.target().withPerformanceSchema());
        pair.publishSecrets(secrets);
    }

    @AfterAll
    static void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    private static void pass(InMemoryPorts ports, MigrationConfig config, String pass) {
        pass(ports, config, pass, "exec-1");
    }

    private static void pass(InMemoryPorts ports, MigrationConfig config, String pass, String execution) {
        io.cutover.local.testing.ValidationPasses.run(ports, config, pass, execution);
    }

    @Test
    void aWriteWithSqlLogBinOffBetweenThePassesIsFoundAndOnlyItsTableIsVerifiedInFull() {
        String s = TestDatabases.newSchema("unlogged");
        for (var server : List.of(pair.source(), pair.target())) {
            server.execute("CREATE DATABASE " + s,
                    "CREATE TABLE " + s + ".hidden (id INT PRIMARY KEY, v INT)", "CREATE TABLE " + s + ".logged (id INT PRIMARY KEY, v INT)",
                    "CREATE TABLE " + s + ".quiet (id INT PRIMARY KEY, v INT)",
                    // non-transactional on the source; the target (an Aurora stand-in) has InnoDB only
                    "CREATE TABLE " + s + ".plain (id INT PRIMARY KEY, v INT) ENGINE=" + (server == pair.source() ? "MyISAM" : "InnoDB"),
                    "INSERT INTO " + s + ".plain SELECT seq, seq FROM " + s + ".seq_1_to_100",
                    "INSERT INTO " + s + ".hidden SELECT seq, seq FROM " + s + ".seq_1_to_100",
                    "INSERT INTO " + s + ".logged SELECT seq, seq FROM " + s + ".seq_1_to_100",
                    "INSERT INTO " + s + ".quiet SELECT seq, seq FROM " + s + ".seq_1_to_100");
        }
        MemoryArtifacts artifacts = new MemoryArtifacts();
        InMemoryPorts ports = InMemoryPorts.builder().secrets(secrets).artifacts(artifacts).build();
        MigrationConfig config = Json.convert(TestDatabases.input(pair, "unlogged", List.of(s)), MigrationConfig.class); // exactCounts false
        io.cutover.schema.HeartbeatTable.ensureOnBothSides(ports, config);
        pass(ports, config, ValidationRequest.PRE_FREEZE);
        io.cutover.local.testing.HeartbeatReplay.applyMarkers(pair); // DMS applies the baseline marker on the target

        // an update the binlog does not see (the target never gets it), and one it does (replicated, as DMS would)
        pair.source().execute("SET SESSION sql_log_bin = 0", "UPDATE " + s + ".hidden SET v = -1 WHERE id = 42");
        pair.source().execute("SET SESSION sql_log_bin = 0", "DELETE FROM " + s + ".plain WHERE id = 3"); // a non-transactional table
        pair.source().execute("UPDATE " + s + ".logged SET v = 0 WHERE id = 7");
        pair.target().execute("UPDATE " + s + ".logged SET v = 0 WHERE id = 7");

        pass(ports, config, ValidationRequest.POST_FREEZE);
        var plan = artifacts.getJson(ValidationKeys.planKey("unlogged", ValidationRequest.POST_FREEZE),
                io.cutover.cutover.validation.ValidationModel.Plan.class).orElseThrow();
        assertThat(plan.tables()).as("%s", plan.warnings()).extracting(t -> t.table() + ":" + t.scope())
                .containsExactlyInAnyOrder("hidden:" + Scope.FULL, "plain:" + Scope.FULL, "logged:" + Scope.KEYS, "quiet:" + Scope.UNCHANGED);
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("written more often than the binlog shows")
                .contains(s + ".hidden (1 writes, 0 in the binlog)"));
        ValidationReport report = artifacts.getJson(ValidationKeys.reportKey("unlogged", ValidationRequest.POST_FREEZE), ValidationReport.class)
                .orElseThrow();
        assertThat(report.mismatches()).extracting(ValidationReport.TableMismatch::table).containsExactlyInAnyOrder(s + ".hidden", s + ".plain");
        assertThat(report.mismatches()).filteredOn(m -> m.table().equals(s + ".hidden")).singleElement()
                .satisfies(m -> assertThat(m.sampleRows()).extracting(RowDifference::key).containsExactly(List.of("n:42")));
        assertThat(report.mismatches()).filteredOn(m -> m.table().equals(s + ".plain")).singleElement()
                .satisfies(m -> assertThat(m.sampleRows()).extracting(RowDifference::key).containsExactly(List.of("n:3")));
        // every write accounted for: only the suspect tables were counted (100 rows, and 99 on the source), nothing else
        assertThat(report.rowsCounted()).isEqualTo(100 + 99);
        assertThat(report.rowsChecksummed()).isEqualTo(100 + 99 + 1);

        // cutover.validation.exactCounts: every table counted again, as without the write counters
        var input = TestDatabases.input(pair, "unlogged", List.of(s));
        input.putObject("cutover").putObject("validation").put("exactCounts", true);
        pass(ports, Json.convert(input, MigrationConfig.class), ValidationRequest.POST_FREEZE, "exec-2");
        var counted = artifacts.getJson(ValidationKeys.planKey("unlogged", ValidationRequest.POST_FREEZE),
                io.cutover.cutover.validation.ValidationModel.Plan.class).orElseThrow();
        assertThat(counted.tables()).extracting(t -> t.table() + ":" + t.scope())
                .containsExactlyInAnyOrder("hidden:" + Scope.FULL, "plain:" + Scope.FULL, "logged:" + Scope.CHANGED, "quiet:" + Scope.COUNTS);
    }
}
