package io.cutover.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.cutover.validation.PlanValidationHandler;
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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catch-up pass between the freeze approval and the freeze ({@code ValidationPass.plan}): it verifies the rows
 * changed since the pre-freeze pass while CDC still runs, and the post-freeze pass then reads only the rows changed
 * after it, while every kind of write the chain must see is still seen: a row in flight at the catch-up (verified
 * again after the freeze), a write with sql_log_bin = 0 on the source and a write behind DMS's back on the target
 * before the catch-up (the post-freeze pass compares the write counters over both reads). Its own pair of servers with
 * performance_schema on; DMS is played by the test, as in TargetWritesIT.
 */
class CatchUpPassIT {
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

    /** Whether each pass's plan step compared the changed rows itself, by pass, as the last run of it answered. */
    private static final java.util.Map<String, Boolean> VALIDATED_IN_PLAN = new java.util.concurrent.ConcurrentHashMap<>();

    private static ValidationReport pass(InMemoryPorts ports, MigrationConfig config, String pass) {
        VALIDATED_IN_PLAN.put(pass, io.cutover.local.testing.ValidationPasses.run(ports, config, pass, "exec-1").plan().verified());
        return ((MemoryArtifacts) ports.artifacts()).getJson(ValidationKeys.reportKey(config.migrationId(), pass), ValidationReport.class).orElseThrow();
    }

    private static boolean validatedInPlan(InMemoryPorts ports, MigrationConfig config, String pass) {
        return VALIDATED_IN_PLAN.get(pass);
    }

    private static Plan plan(InMemoryPorts ports, MigrationConfig config, String pass) {
        return ((MemoryArtifacts) ports.artifacts()).getJson(ValidationKeys.planKey(config.migrationId(), pass), Plan.class).orElseThrow();
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
        MigrationConfig config = Json.convert(TestDatabases.input(pair, s, List.of(s)), MigrationConfig.class);
        HeartbeatTable.ensureOnBothSides(InMemoryPorts.builder().secrets(secrets).build(), config);
        return config;
    }

    private static InMemoryPorts ports() {
        return InMemoryPorts.builder().secrets(secrets).artifacts(new MemoryArtifacts()).build();
    }

    @Test
    void thePostFreezePassReadsOnlyWhatChangedAfterTheCatchUpAndARowInFlightThenIsVerifiedAgain() {
        String s = TestDatabases.newSchema("cu_chain");
        MigrationConfig config = setUp(s, List.of("busy", "quiet"));
        InMemoryPorts ports = ports();
        pass(ports, config, ValidationRequest.PRE_FREEZE);

        io.cutover.local.testing.HeartbeatReplay.applyMarkers(pair);
        replicated("UPDATE " + s + ".busy SET v = -v WHERE id <= 30");
        // in flight: on the source, not yet applied on the target when the catch-up pass reads it
        pair.source().execute("UPDATE " + s + ".busy SET v = 999 WHERE id = 77");
        ValidationReport catchUp = pass(ports, config, ValidationRequest.CATCH_UP);
        Plan catchUpPlan = plan(ports, config, ValidationRequest.CATCH_UP);
        assertThat(catchUpPlan.baselinePass()).isEqualTo(ValidationRequest.PRE_FREEZE);
        assertThat(catchUpPlan.tables()).extracting(t -> t.table() + ":" + t.scope())
                .containsExactlyInAnyOrder("busy:" + Scope.KEYS, "quiet:" + Scope.UNCHANGED);
        assertThat(catchUp.rowsCounted()).as("nothing counted while the application writes").isZero();
        assertThat(catchUp.rowsChecksummed()).as("the 31 rows changed since the pre-freeze pass").isEqualTo(31);
        assertThat(catchUp.mismatches()).singleElement().satisfies(m -> assertThat(m.sampleRows()).extracting(RowDifference::key)
                .containsExactly(List.of("n:77")));

        pair.target().execute("UPDATE " + s + ".busy SET v = 999 WHERE id = 77"); // DMS applies it
        replicated("UPDATE " + s + ".busy SET v = 0 WHERE id IN (90, 91)");
        ValidationReport postFreeze = pass(ports, config, ValidationRequest.POST_FREEZE);
        Plan postFreezePlan = plan(ports, config, ValidationRequest.POST_FREEZE);
        assertThat(postFreezePlan.baselinePass()).isEqualTo(ValidationRequest.CATCH_UP);
        assertThat(postFreezePlan.tables()).extracting(t -> t.table() + ":" + t.scope())
                .containsExactlyInAnyOrder("busy:" + Scope.KEYS, "quiet:" + Scope.UNCHANGED);
        assertThat(postFreezePlan.warnings()).as("the target's counters align over both reads").noneSatisfy(w -> assertThat(w).contains("target"));
        assertThat(postFreeze.mismatches()).isEmpty();
        assertThat(postFreeze.rowsCounted()).isZero();
        assertThat(postFreeze.rowsChecksummed()).as("the two rows changed after the catch-up, and the one in flight then").isEqualTo(3);
        assertThat(validatedInPlan(ports, config, ValidationRequest.POST_FREEZE)).as("three rows by key: compared by the plan step").isTrue();
        assertThat(validatedInPlan(ports, config, ValidationRequest.CATCH_UP)).as("only after the freeze").isFalse();
    }

    @Test
    void aRowAppliedWronglyAfterTheCatchUpIsFoundByThePlanStepItself() {
        String s = TestDatabases.newSchema("cu_inplan");
        MigrationConfig config = setUp(s, List.of("busy", "quiet"));
        InMemoryPorts ports = ports();
        pass(ports, config, ValidationRequest.PRE_FREEZE);
        io.cutover.local.testing.HeartbeatReplay.applyMarkers(pair);
        pass(ports, config, ValidationRequest.CATCH_UP);

        replicated("UPDATE " + s + ".busy SET v = 0 WHERE id = 5");
        pair.source().execute("UPDATE " + s + ".busy SET v = 1 WHERE id = 90");
        pair.target().execute("UPDATE " + s + ".busy SET v = 2 WHERE id = 90"); // one write each side: the counters agree
        ValidationReport postFreeze = pass(ports, config, ValidationRequest.POST_FREEZE);

        assertThat(validatedInPlan(ports, config, ValidationRequest.POST_FREEZE)).isTrue();
        assertThat(postFreeze.rowsChecksummed()).isEqualTo(2);
        assertThat(postFreeze.mismatches()).singleElement().satisfies(m -> assertThat(m.sampleRows()).extracting(RowDifference::key)
                .containsExactly(List.of("n:90")));
    }

    @Test
    void aRowInFlightAtTheCatchUpThatNeverArrivesIsFoundAfterTheFreeze() {
        String s = TestDatabases.newSchema("cu_lost");
        MigrationConfig config = setUp(s, List.of("busy"));
        InMemoryPorts ports = ports();
        pass(ports, config, ValidationRequest.PRE_FREEZE);

        io.cutover.local.testing.HeartbeatReplay.applyMarkers(pair);
        pair.source().execute("UPDATE " + s + ".busy SET v = 999 WHERE id = 12"); // never applied on the target
        pass(ports, config, ValidationRequest.CATCH_UP);
        ValidationReport postFreeze = pass(ports, config, ValidationRequest.POST_FREEZE);

        assertThat(postFreeze.mismatches()).extracting(ValidationReport.TableMismatch::table).containsExactly(s + ".busy");
        assertThat(postFreeze.mismatches().get(0).sampleRows()).extracting(RowDifference::key).contains(List.of("n:12"));
        // the target's counters miss the write the binlog has: the table is verified in full, by the batches
        assertThat(plan(ports, config, ValidationRequest.POST_FREEZE).tables()).extracting(t -> t.table() + ":" + t.scope())
                .containsExactly("busy:" + Scope.FULL);
        assertThat(validatedInPlan(ports, config, ValidationRequest.POST_FREEZE)).isFalse();
    }

    @Test
    void writesTheBinlogDoesNotCarryOrDmsDidNotMakeBeforeTheCatchUpAreFoundAfterTheFreeze() {
        String s = TestDatabases.newSchema("cu_hidden");
        MigrationConfig config = setUp(s, List.of("busy", "hidden", "behind", "quiet"));
        InMemoryPorts ports = ports();
        pass(ports, config, ValidationRequest.PRE_FREEZE);

        io.cutover.local.testing.HeartbeatReplay.applyMarkers(pair);
        replicated("UPDATE " + s + ".busy SET v = 0 WHERE id = 5");
        pair.source().execute("SET SESSION sql_log_bin = 0", "UPDATE " + s + ".hidden SET v = -1 WHERE id = 42");
        pair.target().execute("DELETE FROM " + s + ".behind WHERE id = 13");
        ValidationReport catchUp = pass(ports, config, ValidationRequest.CATCH_UP);
        assertThat(catchUp.mismatches()).as("the catch-up pass compares no counters: it cannot see these").isEmpty();

        replicated("UPDATE " + s + ".busy SET v = 0 WHERE id = 6");
        ValidationReport postFreeze = pass(ports, config, ValidationRequest.POST_FREEZE);
        Plan plan = plan(ports, config, ValidationRequest.POST_FREEZE);
        assertThat(plan.baselinePass()).isEqualTo(ValidationRequest.CATCH_UP);
        assertThat(plan.tables()).extracting(t -> t.table() + ":" + t.scope()).containsExactlyInAnyOrder("busy:" + Scope.KEYS,
                "hidden:" + Scope.FULL, "behind:" + Scope.FULL, "quiet:" + Scope.UNCHANGED);
        assertThat(postFreeze.mismatches()).extracting(ValidationReport.TableMismatch::table)
                .containsExactlyInAnyOrder(s + ".hidden", s + ".behind");
        assertThat(validatedInPlan(ports, config, ValidationRequest.POST_FREEZE)).as("tables verified in full are the batches' work").isFalse();
    }

    /**
     * Pre-freeze and catch-up passes, {@code beforeFreeze} (writes after the catch-up), then the freeze while the
     * application's transaction has updated two rows of {@code busy} and not committed: its COMMIT is refused, it rolls
     * back; then the post-freeze pass, whose report is returned with its plan; the source unfrozen again.
     */
    private static ValidationReport freezeWithATransactionInFlight(InMemoryPorts ports, MigrationConfig config, String s, Runnable beforeFreeze)
            throws java.sql.SQLException {
        pass(ports, config, ValidationRequest.PRE_FREEZE);
        io.cutover.local.testing.HeartbeatReplay.applyMarkers(pair);
        pass(ports, config, ValidationRequest.CATCH_UP);
        beforeFreeze.run();
        var request = new io.cutover.cutover.CutoverRequest(config, "5.2 Freeze writes on source", "exec-1",
                "arn:aws:dms:eu-west-1:123456789012:task:T", "cutover-task", null);
        try (java.sql.Connection app = java.sql.DriverManager.getConnection(pair.source().jdbcUrl(), "app",
                pair.password(io.cutover.core.db.DatabaseRole.SOURCE, "app"))) {
            app.setAutoCommit(false);
            try (java.sql.Statement st = app.createStatement()) {
                st.executeUpdate("UPDATE " + s + ".busy SET v = -1 WHERE id IN (10, 11)");
            }
            new io.cutover.cutover.FreezeWritesHandler(ports).handle(request);
            org.assertj.core.api.Assertions.assertThatThrownBy(app::commit).as("read_only refuses the COMMIT").hasMessageContaining("read-only");
            app.rollback();
            return pass(ports, config, ValidationRequest.POST_FREEZE);
        } finally {
            new io.cutover.cutover.UnfreezeHandler(ports).handle(request);
        }
    }

    @Test
    void aTransactionTheFreezeRefusesAtCommitMakesNoTableSuspect() throws Exception {
        String s = TestDatabases.newSchema("cu_inflight_only");
        MigrationConfig config = setUp(s, List.of("busy"));
        InMemoryPorts ports = ports();
        ValidationReport postFreeze = freezeWithATransactionInFlight(ports, config, s, () -> { });

        Plan plan = plan(ports, config, ValidationRequest.POST_FREEZE);
        assertThat(plan.tables()).extracting(x -> x.table() + ":" + x.scope()).containsExactly("busy:" + Scope.UNCHANGED);
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("by 2 row(s) in all").contains("not suspect"));
        assertThat(postFreeze.mismatches()).isEmpty();
        assertThat(postFreeze.rowsCounted() + postFreeze.rowsChecksummed()).as("nothing read").isZero();
    }

    @Test
    void besideARefusedTransactionAWriteBehindTheBinlogStillMakesTheTablesSuspect() throws Exception {
        String s = TestDatabases.newSchema("cu_inflight");
        MigrationConfig config = setUp(s, List.of("busy", "hidden", "quiet"));
        InMemoryPorts ports = ports();
        ValidationReport postFreeze = freezeWithATransactionInFlight(ports, config, s,
                () -> pair.source().execute("SET SESSION sql_log_bin = 0", "UPDATE " + s + ".hidden SET v = -1 WHERE id = 42"));

        Plan plan = plan(ports, config, ValidationRequest.POST_FREEZE);
        // 3 rows of surplus (2 refused, 1 unlogged) are more than the 2 the refused transaction explains: which table
        // holds which cannot be told, so every table with a surplus is verified in full
        assertThat(plan.tables()).extracting(t -> t.table() + ":" + t.scope())
                .containsExactlyInAnyOrder("busy:" + Scope.FULL, "hidden:" + Scope.FULL, "quiet:" + Scope.UNCHANGED);
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("verified in full").contains(s + ".hidden")
                .contains("more than the 2 row(s)"));
        assertThat(postFreeze.mismatches()).extracting(ValidationReport.TableMismatch::table).containsExactly(s + ".hidden");
    }

    @Test
    void aCatchUpPassOfAnotherExecutionIsNotBuiltOn() {
        String s = TestDatabases.newSchema("cu_other");
        MigrationConfig config = setUp(s, List.of("busy"));
        InMemoryPorts ports = ports();
        pass(ports, config, ValidationRequest.PRE_FREEZE);
        io.cutover.local.testing.HeartbeatReplay.applyMarkers(pair);
        replicated("UPDATE " + s + ".busy SET v = 0 WHERE id <= 4");
        pass(ports, config, ValidationRequest.CATCH_UP);

        var other = new PlanValidationHandler(ports).handle(new ValidationRequest(config, "plan", "exec-2", ValidationRequest.POST_FREEZE,
                null, null, null));
        assertThat(other.baselinePass()).isEqualTo(ValidationRequest.PRE_FREEZE);
        assertThat(other.changedRows()).as("read from the pre-freeze pass's position").isEqualTo(4);
    }
}
