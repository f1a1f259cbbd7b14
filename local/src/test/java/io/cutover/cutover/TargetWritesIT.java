package io.cutover.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.Heartbeat;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.cutover.validation.ValidationKeys;
import io.cutover.cutover.validation.ValidationModel.Plan;
import io.cutover.cutover.validation.ValidationModel.RowDifference;
import io.cutover.cutover.validation.ValidationModel.Scope;
import io.cutover.cutover.validation.ValidationReport;
import io.cutover.cutover.validation.ValidationRequest;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.db.MariaDbServer;
import io.cutover.local.testing.TestDatabases;
import io.cutover.schema.HeartbeatTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The target's write counters aligned with the source's binlog ({@code TargetWrites}): with the default
 * {@code exactCounts: false}, a row deleted, inserted or updated on the TARGET behind DMS's back between the passes is
 * found and only its table verified in full, a write with sql_log_bin = 0 on the source still is, and changes that DMS
 * applied count no table. Its own pair of servers, both with performance_schema on. DMS is played by the test: it applies
 * the source's heartbeat rows (the baseline marker, which fires the target's trigger) and then the same statements on the
 * target, in the source's commit order.
 */
class TargetWritesIT {
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
        io.cutover.local.testing.ValidationPasses.run(ports, config, pass, "exec-1");
    }

    private static void applyMarkers() {
        io.cutover.local.testing.HeartbeatReplay.applyMarkers(pair);
    }

    /** A statement on the source and then, as DMS applies it, on the target. */
    private static void replicated(String sql) {
        pair.source().execute(sql);
        pair.target().execute(sql);
    }

    private static MigrationConfig setUp(String s, List<String> tables) {
        for (MariaDbServer server : List.of(pair.source(), pair.target())) {
            server.execute("CREATE DATABASE " + s);
            for (String t : tables) {
                server.execute("CREATE TABLE " + s + "." + t + " (id INT PRIMARY KEY, v INT)",
                        "INSERT INTO " + s + "." + t + " SELECT seq, seq FROM " + s + ".seq_1_to_100");
            }
        }
        var input = TestDatabases.input(pair, s, List.of(s));
        MigrationConfig config = Json.convert(input, MigrationConfig.class);
        assertThat(config.cutover().validation().exactCounts()).as("the default").isFalse();
        InMemoryPorts ports = InMemoryPorts.builder().secrets(secrets).build();
        HeartbeatTable.Ready ready = HeartbeatTable.ensureOnBothSides(ports, config);
        assertThat(ready.describe()).contains("write baselines ready on the target");
        return config;
    }

    private static Plan plan(MemoryArtifacts artifacts, String migrationId) {
        return artifacts.getJson(ValidationKeys.planKey(migrationId, ValidationRequest.POST_FREEZE), Plan.class).orElseThrow();
    }

    private static ValidationReport report(MemoryArtifacts artifacts, String migrationId) {
        return artifacts.getJson(ValidationKeys.reportKey(migrationId, ValidationRequest.POST_FREEZE), ValidationReport.class).orElseThrow();
    }

    @Test
    void changesDmsAppliedCountNoTable() {
        String s = TestDatabases.newSchema("tw_dms");
        MigrationConfig config = setUp(s, List.of("busy", "quiet"));
        MemoryArtifacts artifacts = new MemoryArtifacts();
        InMemoryPorts ports = InMemoryPorts.builder().secrets(secrets).artifacts(artifacts).build();
        pass(ports, config, ValidationRequest.PRE_FREEZE);

        applyMarkers();
        replicated("UPDATE " + s + ".busy SET v = -v WHERE id <= 10");
        replicated("INSERT INTO " + s + ".busy VALUES (101, 1), (102, 2), (103, 3), (104, 4), (105, 5)");
        replicated("DELETE FROM " + s + ".busy WHERE id IN (50, 51, 52)");

        pass(ports, config, ValidationRequest.POST_FREEZE);
        assertThat(plan(artifacts, s).tables()).extracting(t -> t.table() + ":" + t.scope())
                .containsExactlyInAnyOrder("busy:" + Scope.KEYS, "quiet:" + Scope.UNCHANGED);
        assertThat(plan(artifacts, s).warnings()).noneSatisfy(w -> assertThat(w).contains("on the target"));
        ValidationReport report = report(artifacts, s);
        assertThat(report.mismatches()).isEmpty();
        assertThat(report.rowsCounted()).as("no table counted").isZero();
        assertThat(report.rowsChecksummed()).as("the changed rows: 10 updated, 5 inserted, 3 deleted").isEqualTo(10 + 5 + 3);
    }

    @Test
    void aRowDeletedInsertedOrUpdatedOnTheTargetBehindDmsBackIsFoundAndOnlyItsTableVerifiedInFull() {
        String s = TestDatabases.newSchema("tw_behind");
        MigrationConfig config = setUp(s, List.of("busy", "deleted", "inserted", "updated", "hidden", "quiet"));
        MemoryArtifacts artifacts = new MemoryArtifacts();
        InMemoryPorts ports = InMemoryPorts.builder().secrets(secrets).artifacts(artifacts).build();
        pass(ports, config, ValidationRequest.PRE_FREEZE);

        applyMarkers();
        replicated("UPDATE " + s + ".busy SET v = 0 WHERE id = 7");
        pair.target().execute("DELETE FROM " + s + ".deleted WHERE id = 13");
        pair.target().execute("INSERT INTO " + s + ".inserted VALUES (500, 5)");
        pair.target().execute("UPDATE " + s + ".updated SET v = -1 WHERE id = 21");
        // on the source, a write the binlog does not carry: the source's own counters still see it
        pair.source().execute("SET SESSION sql_log_bin = 0", "UPDATE " + s + ".hidden SET v = -1 WHERE id = 42");
        replicated("UPDATE " + s + ".busy SET v = 0 WHERE id = 8");

        pass(ports, config, ValidationRequest.POST_FREEZE);
        Plan plan = plan(artifacts, s);
        assertThat(plan.tables()).extracting(t -> t.table() + ":" + t.scope()).containsExactlyInAnyOrder("busy:" + Scope.KEYS,
                "deleted:" + Scope.FULL, "inserted:" + Scope.FULL, "updated:" + Scope.FULL, "hidden:" + Scope.FULL, "quiet:" + Scope.UNCHANGED);
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("written on the target otherwise than DMS applied the binlog")
                .contains(s + ".deleted (1 writes on the target, 0 row events after the marker)")
                .contains(s + ".inserted (1 writes").contains(s + ".updated (1 writes").doesNotContain(s + ".busy"));
        ValidationReport report = report(artifacts, s);
        assertThat(report.mismatches()).extracting(ValidationReport.TableMismatch::table)
                .containsExactlyInAnyOrder(s + ".deleted", s + ".inserted", s + ".updated", s + ".hidden");
        assertThat(report.mismatches()).filteredOn(m -> m.table().equals(s + ".deleted")).singleElement()
                .satisfies(m -> assertThat(m.sampleRows()).containsExactly(new RowDifference(List.of("n:13"),
                        io.cutover.cutover.validation.ValidationModel.DifferenceKind.MISSING_ON_TARGET)));
        assertThat(report.mismatches()).filteredOn(m -> m.table().equals(s + ".inserted")).singleElement()
                .satisfies(m -> assertThat(m.sampleRows()).extracting(RowDifference::key).containsExactly(List.of("n:500")));
        assertThat(report.mismatches()).filteredOn(m -> m.table().equals(s + ".updated")).singleElement()
                .satisfies(m -> assertThat(m.sampleRows()).extracting(RowDifference::key).containsExactly(List.of("n:21")));
        // only the four suspect tables counted (the source's 100 rows each)
        assertThat(report.rowsCounted()).isEqualTo(4 * 100);
    }

    @Test
    void withoutABaselineOnTheTargetEveryTableIsCountedAndThePlanSaysWhy() {
        String s = TestDatabases.newSchema("tw_nobase");
        MigrationConfig config = setUp(s, List.of("busy", "quiet"));
        MemoryArtifacts artifacts = new MemoryArtifacts();
        InMemoryPorts ports = InMemoryPorts.builder().secrets(secrets).artifacts(artifacts).build();
        pass(ports, config, ValidationRequest.PRE_FREEZE);

        // the trigger is gone when the marker arrives: no baseline
        pair.target().execute("DROP TRIGGER " + io.cutover.core.sql.Sql.qualified(Heartbeat.SCHEMA, Heartbeat.BASELINE_TRIGGER));
        applyMarkers();
        replicated("UPDATE " + s + ".busy SET v = 0 WHERE id = 7");
        pair.target().execute("DELETE FROM " + s + ".quiet WHERE id = 3");

        pass(ports, config, ValidationRequest.POST_FREEZE);
        Plan plan = plan(artifacts, s);
        assertThat(plan.tables()).extracting(t -> t.table() + ":" + t.scope())
                .containsExactlyInAnyOrder("busy:" + Scope.CHANGED, "quiet:" + Scope.COUNTS);
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("the target recorded no write baseline")
                .contains("every table is counted exactly"));
        assertThat(report(artifacts, s).mismatches()).extracting(ValidationReport.TableMismatch::table).containsExactly(s + ".quiet");

        // put back for the other tests (idempotent: a second call keeps an equal trigger)
        InMemoryPorts again = InMemoryPorts.builder().secrets(secrets).build();
        String first = HeartbeatTable.ensureOnBothSides(again, config).describe();
        try (java.sql.Connection c = pair.target().rootConnection(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '"
                     + Heartbeat.SCHEMA + "' AND TRIGGER_NAME = '" + Heartbeat.BASELINE_TRIGGER + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1); // created again
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(HeartbeatTable.ensureOnBothSides(again, config).describe()).isEqualTo(first);
    }

    @Test
    void withBatchApplyTheCountersAreNotAlignedAndEveryTableIsCounted() {
        String s = TestDatabases.newSchema("tw_batch");
        MigrationConfig plain = setUp(s, List.of("busy", "quiet"));
        var input = TestDatabases.input(pair, s, List.of(s));
        input.putObject("dms").putObject("taskSettings").putObject("TargetMetadata").put("BatchApplyEnabled", true)
                .put("FullLobMode", false).put("LimitedSizeLobMode", true).put("LobMaxSize", 32);
        MigrationConfig config = Json.convert(input, MigrationConfig.class);
        assertThat(config.schemas()).isEqualTo(plain.schemas());
        MemoryArtifacts artifacts = new MemoryArtifacts();
        InMemoryPorts ports = InMemoryPorts.builder().secrets(secrets).artifacts(artifacts).build();
        pass(ports, config, ValidationRequest.PRE_FREEZE);
        applyMarkers();
        replicated("UPDATE " + s + ".busy SET v = 0 WHERE id = 7");

        pass(ports, config, ValidationRequest.POST_FREEZE);
        Plan plan = plan(artifacts, s);
        assertThat(plan.tables()).extracting(t -> t.table() + ":" + t.scope())
                .containsExactlyInAnyOrder("busy:" + Scope.CHANGED, "quiet:" + Scope.COUNTS);
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("BatchApplyEnabled").contains("every table is counted exactly"));
    }

    /**
     * What happens if the trigger failed: the statement that fired it fails, so DMS's apply of the marker would fail
     * (the heartbeat table errors and the drain proof never sees its marker: the migration rolls back before the cutover,
     * never silently past it). Here the only way to make it fail is to drop the baseline table behind Cutover's back.
     */
    @Test
    void aTriggerThatCannotWriteFailsTheMarkersInsertLoudly() {
        String s = TestDatabases.newSchema("tw_fail");
        MigrationConfig config = setUp(s, List.of("t"));
        String table = io.cutover.core.sql.Sql.qualified(Heartbeat.SCHEMA, Heartbeat.BASELINE_TABLE);
        pair.target().execute("RENAME TABLE " + table + " TO " + io.cutover.core.sql.Sql.qualified(Heartbeat.SCHEMA, "moved_away"));
        try {
            assertThatThrownBy(() -> pair.target().execute("INSERT INTO " + Heartbeat.qualifiedName()
                    + " (marker_id, migration_id, kind, written_at) VALUES ('drain:x', 'm', 'drain', NOW(6))"))
                    .hasStackTraceContaining(Heartbeat.BASELINE_TABLE);
        } finally {
            pair.target().execute("RENAME TABLE " + io.cutover.core.sql.Sql.qualified(Heartbeat.SCHEMA, "moved_away") + " TO " + table);
        }
        // restored, a drain marker writes no baseline and a baseline marker writes one row per table and the "fired" row
        pair.target().execute("INSERT INTO " + Heartbeat.qualifiedName() + " (marker_id, migration_id, kind, written_at) VALUES "
                + "('drain:y', 'm', 'drain', NOW(6)), ('baseline:y', 'm', 'baseline', NOW(6))");
        try (Connection t = pair.target().rootConnection();
             ResultSet rs = t.createStatement().executeQuery("SELECT marker_id, COUNT(*) FROM " + table + " WHERE marker_id IN ('drain:y', "
                     + "'baseline:y') AND object_name IN ('', 't') GROUP BY marker_id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("baseline:y");
            assertThat(rs.getInt(2)).isEqualTo(2);
            assertThat(rs.next()).isFalse();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(config.schemas()).containsExactly(s);
    }

    /**
     * A table performance_schema could not instrument counts no write: with table instrumentation lost on the target, a
     * missing counter must not read as "not written", so every table is counted (a delete behind DMS's back on a table it
     * never counted is still found).
     */
    @Test
    void withTableInstrumentationLostOnTheTargetEveryTableIsCounted() {
        try (DatabasePair small = DatabasePair.start(DatabasePair.newBaseDir(), MariaDbOptions.source().withPerformanceSchema(),
                MariaDbOptions.target().withPerformanceSchema().withArgs("--performance-schema-max-table-instances=2"))) {
            MemorySecrets own = small.publishSecrets(new MemorySecrets());
            String s = TestDatabases.newSchema("tw_lost");
            for (MariaDbServer server : List.of(small.source(), small.target())) {
                server.execute("CREATE DATABASE " + s);
                for (String t : List.of("a", "b", "c")) {
                    server.execute("CREATE TABLE " + s + "." + t + " (id INT PRIMARY KEY, v INT)",
                            "INSERT INTO " + s + "." + t + " SELECT seq, seq FROM " + s + ".seq_1_to_100");
                }
            }
            MigrationConfig config = Json.convert(TestDatabases.input(small, s, List.of(s)), MigrationConfig.class);
            MemoryArtifacts artifacts = new MemoryArtifacts();
            InMemoryPorts ports = InMemoryPorts.builder().secrets(own).artifacts(artifacts).build();
            HeartbeatTable.ensureOnBothSides(ports, config);
            pass(ports, config, ValidationRequest.PRE_FREEZE);
            io.cutover.local.testing.HeartbeatReplay.applyMarkers(small);
            small.target().execute("DELETE FROM " + s + ".c WHERE id = 5");

            pass(ports, config, ValidationRequest.POST_FREEZE);
            Plan plan = plan(artifacts, s);
            assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("lost table instrumentation")
                    .contains("every table is counted exactly"));
            assertThat(plan.tables()).extracting(t -> t.table() + ":" + t.scope())
                    .containsExactlyInAnyOrder("a:" + Scope.COUNTS, "b:" + Scope.COUNTS, "c:" + Scope.COUNTS);
            assertThat(report(artifacts, s).mismatches()).extracting(ValidationReport.TableMismatch::table).containsExactly(s + ".c");
        }
    }
}
