package io.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.error.SafetyCheckFailedException;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import io.cutover.local.testing.UnsupportedReplication;
import io.cutover.core.ports.Replication;
import io.cutover.schema.deferred.AppliedObjects;
import io.cutover.schema.fk.CascadePolicy;
import io.cutover.schema.fk.ForeignKeyState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the schema phase refuses, reports instead of overwriting, and checks before acting. */
@ExtendWith(DatabaseServers.class)
class SchemaSafetyIT {

    private static String small(TestDatabases db, String prefix) {
        String s = TestDatabases.newSchema(prefix);
        db.source().execute("CREATE DATABASE `" + s + "`", "USE `" + s + "`",
                "CREATE TABLE parent (id INT PRIMARY KEY, label VARCHAR(20))",
                "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, KEY ix_parent (parent_id), "
                        + "CONSTRAINT fk_child FOREIGN KEY (parent_id) REFERENCES parent (id))",
                "CREATE TABLE cascaded (id INT PRIMARY KEY, parent_id INT, "
                        + "CONSTRAINT fk_cascaded FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE)");
        return s;
    }

    @Test
    void aTriggerOnTheTargetBlocksTheSchemaStepAndNothingIsCreated(TestDatabases db) {
        String s = small(db, "trig");
        db.target().execute("CREATE DATABASE `" + s + "`", "CREATE TABLE `" + s + "`.audit (id INT)",
                "CREATE TRIGGER `" + s + "`.stray BEFORE INSERT ON `" + s + "`.audit FOR EACH ROW SET NEW.id = NEW.id + 1");
        MigrationConfig config = db.config("schema-trig", List.of(s));
        CreateTargetSchemaHandler.Result result = SchemaCalls.call(new CreateTargetSchemaHandler(db.ports().build()), config,
                CreateTargetSchemaHandler.Result.class);
        assertThat(result.ok()).isFalse();
        assertThat(result.blockers()).isEqualTo(1);
        assertThat(result.summary()).contains("trigger `" + s + "`.`stray` on `audit` exists on the target").contains("nothing created");
        assertThat(TargetSnapshot.of(db.target(), List.of(s)).keySet()).containsExactly("TABLE " + s + ".audit", "TRIGGER " + s + ".stray");
    }

    @Test
    void anExistingTableThatDiffersIsReportedAndLeftAsItIs(TestDatabases db) {
        String s = small(db, "differs");
        String mine = "CREATE TABLE `" + s + "`.parent (id BIGINT PRIMARY KEY, label VARCHAR(20), extra INT)";
        db.target().execute("CREATE DATABASE `" + s + "`", mine);
        MemoryArtifacts artifacts = new MemoryArtifacts();
        MigrationConfig config = db.config("schema-differs", List.of(s));
        CreateTargetSchemaHandler.Result result = SchemaCalls.call(new CreateTargetSchemaHandler(db.ports().artifacts(artifacts).build()),
                config, CreateTargetSchemaHandler.Result.class);
        assertThat(result.ok()).isFalse();
        assertThat(result.tablesDifferent()).isEqualTo(1);
        assertThat(result.tablesMatching()).isEqualTo(2);
        TargetSchemaReport report = artifacts.getJson(result.reportKey(), TargetSchemaReport.class).orElseThrow();
        assertThat(report.tables()).filteredOn(t -> t.table().equals("parent")).singleElement().satisfies(t -> assertThat(t.differences())
                .containsExactly("column `id` differs: source `id` int(11) NOT NULL, target `id` bigint(20) NOT NULL",
                        "column `extra` exists only on the target (`extra` int(11) DEFAULT NULL)"));
        assertThat(TargetSnapshot.of(db.target(), List.of(s)).get("TABLE " + s + ".parent")).contains("`extra` int(11)");
    }

    @Test
    void aTableTheTargetRefusesIsNamedWithTheReasonAndTheOthersAreCreated() {
        // MariaDB's analogue of Aurora's sql_require_primary_key=ON
        try (var pair = TestDatabases.startPrivatePair(io.cutover.local.db.MariaDbOptions.source().named("pk-source"),
                io.cutover.local.db.MariaDbOptions.target().named("pk-target").withArgs("--innodb-force-primary-key=ON"))) {
            pair.source().execute("CREATE DATABASE shop", "CREATE TABLE shop.with_pk (id INT PRIMARY KEY)", "CREATE TABLE shop.no_pk (v INT)");
            MemoryArtifacts artifacts = new MemoryArtifacts();
            InMemoryPorts ports = InMemoryPorts.builder().secrets(pair.publishSecrets(new io.cutover.core.ports.memory.MemorySecrets()))
                    .artifacts(artifacts).build();
            MigrationConfig config = Json.convert(TestDatabases.input(pair, "schema-no-pk", List.of("shop")), MigrationConfig.class);
            CreateTargetSchemaHandler.Result result = SchemaCalls.call(new CreateTargetSchemaHandler(ports), config, CreateTargetSchemaHandler.Result.class);
            assertThat(result.ok()).isFalse();
            assertThat(result.tablesFailed()).isEqualTo(1);
            assertThat(result.tablesMatching()).isEqualTo(1);
            TargetSchemaReport report = artifacts.getJson(result.reportKey(), TargetSchemaReport.class).orElseThrow();
            assertThat(report.tables()).filteredOn(t -> t.status() == TargetSchemaReport.Status.FAILED).singleElement()
                    .satisfies(t -> assertThat(t.error()).startsWith("CREATE TABLE `shop`.`no_pk` failed on the target: target: ")
                            .contains("[1173]").contains("requires a primary key on every table"));
        }
    }

    @Test
    void theBlockPolicyStopsOnCascadesAndChangesNothing(TestDatabases db) {
        String s = small(db, "block");
        MigrationConfig config = db.config("schema-block", List.of(s));
        InMemoryPorts ports = db.ports().build();
        SchemaCalls.call(new CreateTargetSchemaHandler(ports), config, CreateTargetSchemaHandler.Result.class);
        db.target().execute("ALTER TABLE `" + s + "`.child ADD CONSTRAINT fk_child FOREIGN KEY (parent_id) REFERENCES `" + s + "`.parent (id)");
        PrepareForeignKeysHandler.Result result = SchemaCalls.call(new PrepareForeignKeysHandler(ports), config,
                Map.of("cascadingForeignKeys", CascadePolicy.BLOCK), PrepareForeignKeysHandler.Result.class);
        assertThat(result.ok()).isFalse();
        assertThat(result.blockers()).singleElement().asString().contains("`" + s + "`.`cascaded`.`fk_cascaded`")
                .contains("does not write those child changes to its binlog").contains("KEEP_CASCADING");
        assertThat(TargetSnapshot.of(db.target(), List.of(s)).get("TABLE " + s + ".child")).as("target unchanged").contains("fk_child");
    }

    @Test
    void foreignKeysOutsideTheMigrationOrOnlyOnTheTargetAreBlockers(TestDatabases db) {
        String s = small(db, "outside");
        String other = TestDatabases.newSchema("other");
        db.source().execute("CREATE DATABASE `" + other + "`", "CREATE TABLE `" + other + "`.ref (id INT PRIMARY KEY)",
                "CREATE TABLE `" + s + "`.uses_other (id INT PRIMARY KEY, ref_id INT, CONSTRAINT fk_other FOREIGN KEY (ref_id) REFERENCES `"
                        + other + "`.ref (id))");
        MigrationConfig config = db.config("schema-outside", List.of(s));
        InMemoryPorts ports = db.ports().build();
        SchemaCalls.call(new CreateTargetSchemaHandler(ports), config, CreateTargetSchemaHandler.Result.class);
        db.target().execute("ALTER TABLE `" + s + "`.child ADD CONSTRAINT fk_mine FOREIGN KEY (id) REFERENCES `" + s + "`.parent (id)");
        PrepareForeignKeysHandler.Result result = SchemaCalls.call(new PrepareForeignKeysHandler(ports), config, PrepareForeignKeysHandler.Result.class);
        assertThat(result.ok()).isFalse();
        assertThat(result.blockers()).anySatisfy(m -> assertThat(m).contains("fk_other").contains("not migrated").contains("'" + other + "'"))
                .anySatisfy(m -> assertThat(m).contains("fk_mine").contains("exists only on the target"));
        assertThat(TargetSnapshot.of(db.target(), List.of(s)).get("TABLE " + s + ".child")).as("target unchanged").contains("fk_mine");
    }

    @Test
    void orphanRowsBlockTheirConstraintWithExamplesAndTheOthersAreRecreated(TestDatabases db) {
        String s = small(db, "orphans");
        MigrationConfig config = db.config("schema-orphans", List.of(s));
        MemoryArtifacts artifacts = new MemoryArtifacts();
        InMemoryPorts ports = db.ports().artifacts(artifacts).build();
        SchemaCalls.call(new CreateTargetSchemaHandler(ports), config, CreateTargetSchemaHandler.Result.class);
        SchemaCalls.call(new PrepareForeignKeysHandler(ports), config, PrepareForeignKeysHandler.Result.class);
        // what a load with checks off can leave: children whose parent is missing, under both constraints
        db.target().execute("SET SESSION foreign_key_checks = 0", "INSERT INTO `" + s + "`.parent VALUES (1, 'one')",
                "INSERT INTO `" + s + "`.child VALUES (10, 1), (11, 99), (12, 98), (13, NULL)",
                "INSERT INTO `" + s + "`.cascaded VALUES (20, 77)");

        CheckTargetForReplicationHandler.Result beforeCdc = SchemaCalls.call(new CheckTargetForReplicationHandler(ports), config,
                Map.of("checkOrphans", true), CheckTargetForReplicationHandler.Result.class);
        assertThat(beforeCdc.ok()).isFalse();
        assertThat(beforeCdc.orphanRows()).isEqualTo(1);
        assertThat(beforeCdc.blockers()).singleElement().asString().contains("fk_cascaded").contains("cascades the source performed during the full load");

        RecreateForeignKeysHandler.Result result = SchemaCalls.call(new RecreateForeignKeysHandler(ports), config, RecreateForeignKeysHandler.Result.class);
        assertThat(result.ok()).isFalse();
        assertThat(result.blockedByOrphans()).isEqualTo(1);
        assertThat(result.present()).isEqualTo(1);
        assertThat(result.orphanRows()).isEqualTo(3);
        SchemaPhase.RecreatedForeignKeys report = artifacts.getJson(result.reportKey(), SchemaPhase.RecreatedForeignKeys.class).orElseThrow();
        ForeignKeyState child = report.foreignKeys().stream().filter(f -> f.id().endsWith("`fk_child`")).findFirst().orElseThrow();
        assertThat(child.status()).isEqualTo(ForeignKeyState.Status.BLOCKED_BY_ORPHANS);
        assertThat(child.orphanRows()).isEqualTo(2);
        assertThat(child.orphanExamples()).containsExactly(Map.of("id", "11"), Map.of("id", "12"));
        assertThat(child.error()).contains("2 row(s) of `" + s + "`.`child` reference no row of `" + s + "`.`parent`");
        assertThat(TargetSnapshot.of(db.target(), List.of(s)).get("TABLE " + s + ".child")).doesNotContain("FOREIGN KEY");

        db.target().execute("DELETE FROM `" + s + "`.child WHERE id IN (11, 12)", "DELETE FROM `" + s + "`.cascaded WHERE id = 20");
        RecreateForeignKeysHandler.Result fixed = SchemaCalls.call(new RecreateForeignKeysHandler(ports), config, RecreateForeignKeysHandler.Result.class);
        assertThat(fixed.ok()).as(fixed.summary()).isTrue();
    }

    @Test
    void anObjectTheTargetRefusesIsNamedWithTheServerErrorAndTheRestIsCreated(TestDatabases db) {
        String s = small(db, "broken");
        db.source().execute("USE `" + s + "`", "CREATE TABLE gone (id INT)", "CREATE VIEW v_ok AS SELECT id FROM parent",
                "CREATE VIEW v_broken AS SELECT id FROM gone", "DROP TABLE gone",
                "CREATE PROCEDURE p_ok() SELECT 1");
        MigrationConfig config = db.config("schema-broken", List.of(s));
        MemoryArtifacts artifacts = new MemoryArtifacts();
        InMemoryPorts ports = db.ports().artifacts(artifacts).build();
        SchemaCalls.call(new CreateTargetSchemaHandler(ports), config, CreateTargetSchemaHandler.Result.class);
        SchemaCalls.call(new ExtractDeferredObjectsHandler(ports), config, ExtractDeferredObjectsHandler.Result.class);
        ApplyDeferredObjectsHandler.Result result = SchemaCalls.call(new ApplyDeferredObjectsHandler(ports), config,
                ApplyDeferredObjectsHandler.Result.class);
        assertThat(result.ok()).isFalse();
        assertThat(result.failed()).isEqualTo(1);
        assertThat(result.present()).isEqualTo(2);
        AppliedObjects report = artifacts.getJson(result.reportKey(), AppliedObjects.class).orElseThrow();
        assertThat(report.objects()).filteredOn(o -> o.name().equals("v_broken")).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(AppliedObjects.Status.FAILED);
            assertThat(o.error()).contains("CREATE VIEW failed on the target").contains("[1146]").contains("gone")
                    .contains("a table or view it uses does not exist on the target");
        });
    }

    @Test
    void triggersEventsAndForeignKeysWaitForTheStoppedTask(TestDatabases db) {
        String s = small(db, "guard");
        db.source().execute("CREATE TRIGGER `" + s + "`.t BEFORE INSERT ON `" + s + "`.parent FOR EACH ROW SET NEW.label = 'x'");
        MigrationConfig config = db.config("schema-guard", List.of(s));
        StatusOnlyReplication replication = new StatusOnlyReplication("running");
        InMemoryPorts ports = db.ports().replication(replication).build();
        SchemaCalls.call(new CreateTargetSchemaHandler(ports), config, CreateTargetSchemaHandler.Result.class);
        SchemaCalls.call(new PrepareForeignKeysHandler(ports), config, PrepareForeignKeysHandler.Result.class);
        SchemaCalls.call(new ExtractDeferredObjectsHandler(ports), config, ExtractDeferredObjectsHandler.Result.class);
        Map<String, Object> task = Map.of("task", new Replication.TaskRef("arn:aws:dms:eu-west-1:1:task:X", "cutover-schema-guard", false));

        assertThatThrownBy(() -> SchemaCalls.callJson(new ApplyDeferredObjectsHandler(ports), config, task))
                .isInstanceOf(SafetyCheckFailedException.class).hasMessageContaining("while DMS task cutover-schema-guard is running");
        assertThatThrownBy(() -> SchemaCalls.callJson(new RecreateForeignKeysHandler(ports), config, task))
                .isInstanceOf(SafetyCheckFailedException.class);
        assertThat(TargetSnapshot.count(TargetSnapshot.of(db.target(), List.of(s)), "TRIGGER")).isZero();

        replication.status = "stopped";
        ApplyDeferredObjectsHandler.Result applied = SchemaCalls.call(new ApplyDeferredObjectsHandler(ports), config, task,
                ApplyDeferredObjectsHandler.Result.class);
        assertThat(applied.ok()).as(applied.summary()).isTrue();
        assertThat(TargetSnapshot.count(TargetSnapshot.of(db.target(), List.of(s)), "TRIGGER")).isEqualTo(1);
    }

    @Test
    void aTimeBudgetSplitsTheWorkIntoCallsThatEndWhereOneRunEnds(TestDatabases db) {
        String a = TestDatabases.newSchema("budget");
        String b = TestDatabases.newSchema("budget_b");
        SchemaFixture.create(db.source(), a, b);
        MigrationConfig config = db.config("schema-budget", List.of(a, b));
        // a clock that moves a minute per reading: every call does one object and stops
        Clock ticking = new Clock() {
            Instant now = Instant.parse("2030-01-01T00:00:00Z");
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public synchronized Instant instant() { now = now.plus(Duration.ofMinutes(1)); return now; }
        };
        InMemoryPorts ports = db.ports().clock(ticking).build();
        int calls = 0;
        CreateTargetSchemaHandler.Result result;
        do {
            result = SchemaCalls.call(new CreateTargetSchemaHandler(ports), config, Map.of("timeBudgetSeconds", 60), CreateTargetSchemaHandler.Result.class);
            calls++;
        } while (!result.complete() && calls < 50);
        assertThat(calls).isGreaterThan(2);
        assertThat(result.ok()).as(result.summary()).isTrue();
        assertThat(result.tablesMatching()).isEqualTo(SchemaFixture.TABLES_A + SchemaFixture.TABLES_B);

        SchemaCalls.call(new PrepareForeignKeysHandler(ports), config, PrepareForeignKeysHandler.Result.class);
        SchemaCalls.call(new ExtractDeferredObjectsHandler(ports), config, ExtractDeferredObjectsHandler.Result.class);
        int applyCalls = 0;
        ApplyDeferredObjectsHandler.Result applied;
        do {
            applied = SchemaCalls.call(new ApplyDeferredObjectsHandler(ports), config, Map.of("timeBudgetSeconds", 60),
                    ApplyDeferredObjectsHandler.Result.class);
            applyCalls++;
        } while (!applied.complete() && applyCalls < 50);
        assertThat(applyCalls).isGreaterThan(2);
        assertThat(applied.ok()).as(applied.summary()).isTrue();
    }

    @Test
    void theHeartbeatTableIsCreatedOnBothSidesAndASecondRunChangesNothing(TestDatabases db) {
        MigrationConfig config = db.config("schema-heartbeat", List.of(small(db, "hb")));
        InMemoryPorts ports = db.ports().build();
        String first = SchemaCalls.callJson(new CreateHeartbeatTableHandler(ports), config, Map.of());
        assertThat(SchemaCalls.callJson(new CreateHeartbeatTableHandler(ports), config, Map.of())).isEqualTo(first);
        assertThat(Json.parse(first).path("tableMapping").path("schemaName").asText()).isEqualTo("cutover");
        assertThat(Json.parse(first).path("tableMapping").path("tableName").asText()).isEqualTo("heartbeat");
        for (var server : List.of(db.source(), db.target())) {
            assertThat(TargetSnapshot.of(server, List.of("cutover")).get("TABLE cutover.heartbeat"))
                    .contains("`marker_id` varchar(100) NOT NULL").contains("`written_at` datetime(6) NOT NULL");
        }
    }

    /** A replication port that only answers the task status. */
    static final class StatusOnlyReplication extends UnsupportedReplication {
        volatile String status;

        StatusOnlyReplication(String status) {
            this.status = status;
        }

        @Override
        public TaskProgress progress(TaskRef task) {
            return new TaskProgress(status, null, null, 100, 0, 0, 0, 0, List.of());
        }
    }
}
