package io.cutover.local.dms;

import io.cutover.core.db.BinlogPosition;
import io.cutover.core.config.DmsTls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.Heartbeat;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.testing.TestDatabases;
import io.cutover.core.ports.Replication.AssessmentItem;
import io.cutover.core.ports.Replication.AssessmentSpec;
import io.cutover.core.ports.Replication.AssessmentStatus;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.core.ports.Replication.Checkpoint;
import io.cutover.core.ports.Replication.ConnectionState;
import io.cutover.core.ports.Replication.ConnectionStatus;
import io.cutover.core.ports.Replication.EndpointPair;
import io.cutover.core.ports.Replication.EndpointSpec;
import io.cutover.core.ports.Replication.StartMode;
import io.cutover.core.ports.Replication.TableState;
import io.cutover.core.ports.Replication.TaskDefinition;
import io.cutover.core.ports.Replication.TaskProgress;
import io.cutover.core.ports.Replication.TaskRef;
import io.cutover.core.error.ReplicationConflictException;
import io.cutover.core.error.ReplicationStateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The engine's DMS behaviours beyond the shared contract, against the shared real servers. */
class DmsEngineBehaviourIT extends EngineOnFreshSchema {
    DmsEngineBehaviourIT() {
        super("dmsb");
    }

    /** {@code items (id INT PK, v VARCHAR(50), n INT)} on both servers, with {@code rows} rows on the source. */
    private void items(String table, int rows) {
        DmsTestFixture.both(pair, "CREATE TABLE " + t(table) + " (id INT PRIMARY KEY, v VARCHAR(50) NOT NULL, n INT NOT NULL)");
        pair.source().execute("USE `" + schema + "`",
                "INSERT INTO " + t(table) + " SELECT seq, CONCAT('value ', seq), seq % 10 FROM seq_1_to_" + rows);
    }

    private TaskRef task(int commitRate) {
        return engine.ensureTask(DmsTestFixture.task(engine, "b-" + schema.replace('_', '-'), DmsTestFixture.includeSchema(schema), commitRate));
    }

    /** A new engine with a task over the schema, started and through its full load: where the CDC tests begin. */
    private TaskRef loadedTask(int commitRate) {
        engine = new LocalDmsEngine(db.secrets());
        TaskRef task = task(commitRate);
        engine.start(task, StartMode.START_REPLICATION);
        DmsTestFixture.loaded(engine, task);
        return task;
    }

    private TableState table(TaskRef task, String name) {
        return engine.progress(task).tables().stream().filter(s -> s.table().equals(name)).findFirst().orElseThrow();
    }

    private String targetValue(String table, int id) {
        try (Connection c = pair.target().rootConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM " + t(table) + " WHERE id = " + id)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void changesMadeDuringATablesLoadAreCachedAndAppliedAfterIt() {
        items("items", 2000);
        engine = new LocalDmsEngine(db.secrets());
        AtomicReference<TaskRef> ref = new AtomicReference<>();
        AtomicReference<Throwable> problem = new AtomicReference<>();
        AtomicReference<CdcSample> whileLoading = new AtomicReference<>();
        AtomicReference<String> row50WhileLoading = new AtomicReference<>();
        AtomicBoolean acted = new AtomicBoolean();
        engine.failures().observeLoad((table, rows) -> {
            if (!table.table().equals("items") || rows < 100 || acted.getAndSet(true)) {
                return;
            }
            try {
                // rows 1..100 are on the target; 1500 and 1600 are not loaded yet
                pair.source().execute("UPDATE " + t("items") + " SET v = 'changed during the load' WHERE id = 50",
                        "UPDATE " + t("items") + " SET v = 'changed before its chunk' WHERE id = 1500",
                        "DELETE FROM " + t("items") + " WHERE id = 10", "DELETE FROM " + t("items") + " WHERE id = 1600",
                        "INSERT INTO " + t("items") + " VALUES (5000, 'inserted during the load', 0)");
                whileLoading.set(DmsTestFixture.await("the 5 changes read and cached", () -> engine.cdcSample(ref.get()),
                        s -> s.incomingChanges() != null && s.incomingChanges() >= 5, 30));
                row50WhileLoading.set(targetValue("items", 50));
            } catch (Throwable e) {
                problem.set(e);
            }
        });
        ref.set(task(100));
        engine.start(ref.get(), StartMode.START_REPLICATION);
        DmsTestFixture.loaded(engine, ref.get());

        assertThat(problem.get()).isNull();
        assertThat(whileLoading.get().inserts() + whileLoading.get().updates() + whileLoading.get().deletes()).as("nothing applied during the load").isZero();
        assertThat(row50WhileLoading.get()).as("a loaded row is not changed before its table's load ends").isEqualTo("value 50");
        DmsTestFixture.awaitSameRows(pair, t("items"), "id");
        TableState items = table(ref.get(), "items");
        assertThat(List.of(items.inserts(), items.updates(), items.deletes())).containsExactly(1L, 2L, 2L);
        assertThat(DmsTestFixture.await("nothing left incoming", () -> engine.cdcSample(ref.get()), s -> Long.valueOf(0).equals(s.incomingChanges()), 30)
                .incomingChanges()).isZero();
    }

    @Test
    void tablesLoadInParallelOnABoundedPool() {
        for (int i = 1; i <= 5; i++) {
            items("p" + i, 500);
        }
        engine = new LocalDmsEngine(db.secrets());
        AtomicReference<TaskRef> ref = new AtomicReference<>();
        AtomicInteger mostLoading = new AtomicInteger();
        engine.failures().observeLoad((table, rows) -> {
            mostLoading.accumulateAndGet(engine.progress(ref.get()).tablesLoading(), Math::max);
            try {
                Thread.sleep(20); // keep each table loading long enough for the two sub-tasks to overlap
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ref.set(task(50)); // MaxFullLoadSubTasks 2
        engine.start(ref.get(), StartMode.START_REPLICATION);
        TaskProgress done = DmsTestFixture.loaded(engine, ref.get());

        assertThat(mostLoading.get()).as("tables in 'Full load' at once").isEqualTo(2);
        assertThat(done.tablesLoaded()).isEqualTo(5);
        assertThat(done.tables()).allSatisfy(s -> assertThat(s.fullLoadRows()).isEqualTo(500));
        for (int i = 1; i <= 5; i++) {
            DmsTestFixture.assertSameRows(pair, t("p" + i), "id");
        }
    }

    @Test
    void aStopDuringTheLoadReloadsTheUnfinishedTableOnResume() {
        items("items", 2000);
        items("small", 10);
        engine = new LocalDmsEngine(db.secrets());
        AtomicReference<TaskRef> ref = new AtomicReference<>();
        engine.failures().observeLoad((table, rows) -> {
            if (table.table().equals("items") && rows == 300) {
                engine.stop(ref.get());
            }
        });
        ref.set(task(100));
        engine.start(ref.get(), StartMode.START_REPLICATION);
        TaskProgress stopped = DmsTestFixture.await("stopped", () -> engine.progress(ref.get()), p -> "stopped".equals(p.status()), 60);
        TableState interrupted = stopped.tables().stream().filter(s -> s.table().equals("items")).findFirst().orElseThrow();
        assertThat(interrupted.state()).isEqualTo("Full load");
        assertThat(interrupted.fullLoadRows()).isLessThan(2000);
        assertThat(stopped.stopReason()).isEqualTo("Stop Reason NORMAL");
        assertThat(stopped.fullLoadPercent()).isLessThan(100);

        pair.source().execute("UPDATE " + t("items") + " SET v = 'while stopped' WHERE id IN (1, 1999)",
                "DELETE FROM " + t("items") + " WHERE id = 2", "INSERT INTO " + t("items") + " VALUES (6000, 'new while stopped', 1)",
                "UPDATE " + t("small") + " SET n = n + 1");
        engine.failures().observeLoad((table, rows) -> { });
        engine.start(ref.get(), StartMode.RESUME_PROCESSING);
        TaskProgress resumed = DmsTestFixture.loaded(engine, ref.get());
        assertThat(resumed.tablesLoaded()).isEqualTo(2);
        DmsTestFixture.awaitSameRows(pair, t("items"), "id");
        DmsTestFixture.awaitSameRows(pair, t("small"), "id");
    }

    @Test
    void truncateBeforeLoadEmptiesTheTargetTableAndDoNothingLeavesIt() {
        items("items", 50);
        pair.target().execute("INSERT INTO " + t("items") + " VALUES (99999, 'only on the target', 0)");
        String other = TestDatabases.newSchema("dmsb");
        try {
            DmsTestFixture.both(pair, "CREATE DATABASE `" + other + "`",
                    "CREATE TABLE `" + other + "`.items (id INT PRIMARY KEY, v VARCHAR(50) NOT NULL, n INT NOT NULL)");
            pair.source().execute("INSERT INTO `" + other + "`.items VALUES (1, 'one', 1)");
            pair.target().execute("INSERT INTO `" + other + "`.items VALUES (99999, 'only on the target', 0)");
            engine = new LocalDmsEngine(db.secrets());
            EndpointPair endpoints = DmsTestFixture.endpoints(engine, "ep");
            TaskRef keep = engine.ensureTask(new TaskDefinition("keep-" + schema.replace('_', '-'), "arn:local:rep", endpoints, "full-load-and-cdc",
                    DmsTestFixture.includeSchema(schema), DmsTestFixture.SETTINGS.formatted(100)));
            TaskRef truncate = engine.ensureTask(new TaskDefinition("truncate-" + schema.replace('_', '-'), "arn:local:rep", endpoints, "full-load-and-cdc",
                    DmsTestFixture.includeSchema(other), DmsTestFixture.SETTINGS.formatted(100).replace("DO_NOTHING", "TRUNCATE_BEFORE_LOAD")));
            engine.start(keep, StartMode.START_REPLICATION);
            engine.start(truncate, StartMode.START_REPLICATION);
            DmsTestFixture.loaded(engine, keep);
            DmsTestFixture.loaded(engine, truncate);

            assertThat(DmsTestFixture.count(pair.target(), t("items"))).isEqualTo(51);
            DmsTestFixture.assertSameRows(pair, "`" + other + "`.items", "id");
        } finally {
            DmsTestFixture.dropSchema(pair, other);
        }
    }

    @Test
    void tablesWithoutAPrimaryKeyAreMatchedOnEveryColumnAndOtherKeysServeAsTheyCan() {
        DmsTestFixture.both(pair, "CREATE TABLE " + t("nokey") + " (a INT, b VARCHAR(20), f FLOAT)",
                "CREATE TABLE " + t("uk") + " (code VARCHAR(10) NOT NULL, n INT, UNIQUE KEY (code))",
                // an ENUM key sorts by member index ('z' first) but compares as text: it cannot be paged through
                "CREATE TABLE " + t("ek") + " (e ENUM('z', 'a') NOT NULL, n INT NOT NULL, PRIMARY KEY (e, n))");
        pair.source().execute("INSERT INTO " + t("nokey") + " VALUES (1, 'x', 0.5), (1, 'x', 0.5), (2, 'y', 1.25), (NULL, NULL, NULL)",
                "INSERT INTO " + t("uk") + " VALUES ('a', 1), ('b', 2), ('c', 3)",
                "INSERT INTO " + t("ek") + " VALUES ('z', 1), ('z', 2), ('a', 1), ('a', 2), ('a', 3)");
        TaskRef task = loadedTask(2);
        DmsTestFixture.assertSameRows(pair, t("nokey"), "a, b");
        DmsTestFixture.assertSameRows(pair, t("ek"), "e, n");

        pair.source().execute("INSERT INTO " + t("nokey") + " VALUES (3, 'z', 2.5)",
                "UPDATE " + t("nokey") + " SET b = 'yy' WHERE a = 2",
                "UPDATE " + t("nokey") + " SET b = 'was null' WHERE a IS NULL",
                "DELETE FROM " + t("nokey") + " WHERE a = 1 LIMIT 1",
                "UPDATE " + t("uk") + " SET n = 20 WHERE code = 'b'", "UPDATE " + t("uk") + " SET code = 'cc' WHERE code = 'c'",
                "DELETE FROM " + t("uk") + " WHERE code = 'a'",
                "UPDATE " + t("ek") + " SET e = 'z' WHERE e = 'a' AND n = 3", "DELETE FROM " + t("ek") + " WHERE e = 'z' AND n = 1");
        DmsTestFixture.awaitSameRows(pair, t("nokey"), "a, b");
        DmsTestFixture.awaitSameRows(pair, t("uk"), "code");
        DmsTestFixture.awaitSameRows(pair, t("ek"), "e, n");
        assertThat(DmsTestFixture.count(pair.target(), t("nokey"))).isEqualTo(4);
    }

    @Test
    void theMappingsSelectTheTablesAndTheHeartbeatTableReplicatesLikeAnyTable() {
        items("keep_a", 5);
        items("keep_b", 5);
        items("skip_me", 5);
        DmsTestFixture.both(pair, "CREATE DATABASE IF NOT EXISTS " + Heartbeat.SCHEMA, Heartbeat.CREATE_TABLE);
        engine = new LocalDmsEngine(db.secrets());
        String mappings = "{\"rules\":["
                + "{\"rule-type\":\"selection\",\"rule-id\":\"1\",\"rule-name\":\"1\",\"rule-action\":\"include\",\"object-locator\":{\"schema-name\":\"" + schema + "\",\"table-name\":\"%\"}},"
                + "{\"rule-type\":\"selection\",\"rule-id\":\"2\",\"rule-name\":\"2\",\"rule-action\":\"exclude\",\"object-locator\":{\"schema-name\":\"" + schema + "\",\"table-name\":\"skip[_]%\"}},"
                + "{\"rule-type\":\"selection\",\"rule-id\":\"3\",\"rule-name\":\"3\",\"rule-action\":\"include\",\"object-locator\":{\"schema-name\":\"cutover\",\"table-name\":\"heartbeat\"}}]}";
        TaskRef task = engine.ensureTask(DmsTestFixture.task(engine, "sel-" + schema.replace('_', '-'), mappings, 100));
        engine.start(task, StartMode.START_REPLICATION);
        TaskProgress loaded = DmsTestFixture.loaded(engine, task);
        assertThat(loaded.tables()).extracting(s -> s.schema() + "." + s.table())
                .containsExactly("cutover.heartbeat", schema + ".keep_a", schema + ".keep_b");

        String marker = "dms-it-" + UUID.randomUUID();
        pair.source().execute("INSERT INTO " + t("skip_me") + " VALUES (100, 'not replicated', 0)",
                "INSERT INTO " + Heartbeat.qualifiedName() + " VALUES ('" + marker + "', 'dms-it', 'drain', UTC_TIMESTAMP(6))");
        DmsTestFixture.await("the marker on the target", () -> DmsTestFixture.count(pair.target(),
                Heartbeat.qualifiedName() + " WHERE marker_id = '" + marker + "'"), n -> n == 1, 60);
        assertThat(DmsTestFixture.count(pair.target(), t("skip_me"))).as("an excluded table is never written").isZero();
        assertThat(table(task, "heartbeat").inserts()).isEqualTo(1);
        pair.source().execute("DELETE FROM " + Heartbeat.qualifiedName() + " WHERE marker_id = '" + marker + "'");
    }

    @Test
    void ddlIsCountedNotAppliedAndAChangeOfColumnsPutsTheTableInError() {
        items("items", 10);
        TaskRef task = loadedTask(100);

        pair.source().execute("ALTER TABLE " + t("items") + " ADD INDEX ix_n (n)", "UPDATE " + t("items") + " SET v = 'after ddl' WHERE id = 1");
        DmsTestFixture.await("the update after the DDL", () -> targetValue("items", 1), "after ddl"::equals, 60);
        assertThat(table(task, "items").ddls()).isEqualTo(1);

        pair.source().execute("ALTER TABLE " + t("items") + " ADD COLUMN extra INT", "UPDATE " + t("items") + " SET v = 'more columns' WHERE id = 2");
        TableState broken = DmsTestFixture.await("items in error", () -> table(task, "items"), s -> "Table error".equals(s.state()), 60);
        assertThat(broken.lastError()).contains("columns must not change during CDC");
        assertThat(broken.ddls()).isEqualTo(2);
        assertThat(targetValue("items", 2)).isEqualTo("value 2");
        assertThat(engine.progress(task).status()).isEqualTo("running");
    }

    @Test
    void cascadingDeletesActOnTheTargetDuringCdc() {
        DmsTestFixture.both(pair, "CREATE TABLE " + t("parent") + " (id INT PRIMARY KEY)",
                "CREATE TABLE " + t("child") + " (id INT PRIMARY KEY, pid INT NOT NULL, "
                        + "CONSTRAINT fk_child FOREIGN KEY (pid) REFERENCES " + t("parent") + " (id) ON DELETE CASCADE ON UPDATE CASCADE)");
        pair.source().execute("INSERT INTO " + t("parent") + " VALUES (1), (2)", "INSERT INTO " + t("child") + " VALUES (10, 1), (11, 1), (20, 2)");
        TaskRef task = loadedTask(100);

        // the binlog carries the parent's delete and update only: the target's own cascades must act
        pair.source().execute("DELETE FROM " + t("parent") + " WHERE id = 1", "UPDATE " + t("parent") + " SET id = 3 WHERE id = 2");
        DmsTestFixture.awaitSameRows(pair, t("child"), "id");
        DmsTestFixture.assertSameRows(pair, t("parent"), "id");
        assertThat(DmsTestFixture.rows(pair.target(), t("child"), "id")).containsExactly("20 | 3");
    }

    @Test
    void anUpdateOfARowTheTargetLacksIsAnApplyErrorAndDoesNotBringTheRowBack() {
        items("items", 3);
        TaskRef task = loadedTask(100);
        pair.target().execute("DELETE FROM " + t("items") + " WHERE id = 2"); // behind the task's back
        // DMS's default ApplyErrorUpdatePolicy (LOG_ERROR) logs the update that finds no row; it inserts nothing
        pair.source().execute("UPDATE " + t("items") + " SET v = 'changed' WHERE id IN (2, 3)");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!"changed".equals(targetValue("items", 3)) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
        assertThat(targetValue("items", 3)).isEqualTo("changed");
        assertThat(targetValue("items", 2)).isNull();
        assertThat(table(task, "items").state()).isNotEqualTo("Table error");
    }

    @Test
    void theCheckpointIsTheSourcePositionAfterTheLastAppliedTransaction() {
        items("items", 10);
        engine = new LocalDmsEngine(db.secrets());
        TaskRef task = task(100);
        assertThat(engine.checkpoint(task).recoveryCheckpoint()).as("no checkpoint before the first start").isNull();
        engine.start(task, StartMode.START_REPLICATION);
        DmsTestFixture.loaded(engine, task);

        pair.source().execute("UPDATE " + t("items") + " SET v = 'checkpointed' WHERE id = 3");
        BinlogPosition after = masterStatus();
        Checkpoint checkpoint = DmsTestFixture.await("the checkpoint at " + after, () -> engine.checkpoint(task),
                c -> after.file().equals(c.sourceBinlogFile()) && Long.valueOf(after.position()).equals(c.sourceBinlogPosition()), 60);
        assertThat(checkpoint.recoveryCheckpoint()).contains(after.file() + ":" + after.position());
        assertThat(checkpoint.lastSourceTransactionId()).matches("\\d+-\\d+-\\d+");
        assertThat(checkpoint.lastSourceTimestamp()).isNotNull();
    }

    private BinlogPosition masterStatus() {
        try (Connection c = pair.source().rootConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return new BinlogPosition(rs.getString(1), rs.getLong(2));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void latencyIsNullBeforeCdcAndWhenIdleAndMeasuredWhileChangesFlow() {
        items("items", 10);
        engine = new LocalDmsEngine(db.secrets(), LocalDmsOptions.defaults().withLatencyIdleAfter(Duration.ofSeconds(3)));
        TaskRef task = task(100);
        CdcSample before = engine.cdcSample(task);
        assertThat(before.sourceLatencySeconds()).isNull();
        assertThat(before.targetLatencySeconds()).isNull();
        assertThat(before.incomingChanges()).isNull();
        engine.start(task, StartMode.START_REPLICATION);
        DmsTestFixture.loaded(engine, task);

        CdcSample idle = DmsTestFixture.await("an idle sample", () -> engine.cdcSample(task),
                s -> s.sourceLatencySeconds() == null && s.targetLatencySeconds() == null && Long.valueOf(0).equals(s.incomingChanges()), 30);
        pair.source().execute("UPDATE " + t("items") + " SET n = n + 1 WHERE id = 1");
        CdcSample flowing = DmsTestFixture.await("a measured sample", () -> engine.cdcSample(task),
                s -> s.updates() == idle.updates() + 1 && s.targetLatencySeconds() != null, 30);
        assertThat(flowing.targetLatencySeconds()).isBetween(0.0, 3.0);
        assertThat(flowing.sourceLatencySeconds()).isBetween(0.0, 3.0);
    }

    @Test
    void connectionTestsReallyConnectAndReportTheServersMessage() {
        MemorySecrets secrets = pair.publishSecrets(new MemorySecrets());
        String wrongPassword = "not-the-password-" + UUID.randomUUID();
        secrets.put("local/target/wrong", "{\"username\":\"dms\",\"password\":\"" + wrongPassword + "\",\"host\":\"127.0.0.1\",\"port\":"
                + pair.target().port() + "}");
        engine = new LocalDmsEngine(secrets);
        EndpointPair good = DmsTestFixture.endpoints(engine, "good");
        EndpointPair bad = engine.ensureEndpoints(new EndpointSpec("bad", null, null, "local/source/missing", "local/target/wrong",
                null, new DmsTls(DatabaseRole.SOURCE, "none", null), new DmsTls(DatabaseRole.TARGET, "none", null), null, null));
        assertThat(engine.connectionStatus("arn:local:rep", good)).extracting(ConnectionStatus::state)
                .containsOnly(ConnectionState.NOT_TESTED);

        engine.startConnectionTests("arn:local:rep", good);
        engine.startConnectionTests("arn:local:rep", bad);
        List<ConnectionStatus> ok = DmsTestFixture.await("tests done", () -> engine.connectionStatus("arn:local:rep", good),
                l -> l.stream().noneMatch(s -> s.state() == ConnectionState.TESTING), 30);
        List<ConnectionStatus> failed = DmsTestFixture.await("tests done", () -> engine.connectionStatus("arn:local:rep", bad),
                l -> l.stream().noneMatch(s -> s.state() == ConnectionState.TESTING), 30);

        assertThat(ok).extracting(ConnectionStatus::state).containsOnly(ConnectionState.SUCCESSFUL);
        assertThat(failed).extracting(ConnectionStatus::state).containsOnly(ConnectionState.FAILED);
        assertThat(failed.get(0).failureMessage()).contains("source endpoint bad-source").contains("local/source/missing does not exist");
        assertThat(failed.get(1).failureMessage()).contains("target endpoint bad-target").contains("Access denied").doesNotContain(wrongPassword);
    }

    @Test
    void endpointsAreIdempotentAndAnEndpointWithOtherSettingsIsAConflict() {
        engine = new LocalDmsEngine(db.secrets());
        EndpointPair first = DmsTestFixture.endpoints(engine, "same");
        assertThat(DmsTestFixture.endpoints(engine, "same")).isEqualTo(first);
        assertThat(first.sourceEndpointArn()).endsWith(":endpoint:same-source");
        EndpointSpec other = new EndpointSpec("same", null, null, DatabasePair.secretId(DatabaseRole.SOURCE, "dms"),
                DatabasePair.secretId(DatabaseRole.TARGET, "dms"), null,
                new DmsTls(DatabaseRole.SOURCE, "verify-ca", "arn:aws:dms:eu-west-1:1:cert:LOCALCA"), null, "UTC", null);
        assertThatThrownBy(() -> engine.ensureEndpoints(other)).isInstanceOf(ReplicationConflictException.class).hasMessageContaining("same-source");
        EndpointSpec existing = new EndpointSpec(null, first.sourceEndpointArn(), first.targetEndpointArn(), null, null, null, null, null, null, null);
        assertThat(engine.ensureEndpoints(existing)).isEqualTo(first);
        EndpointSpec unknown = new EndpointSpec(null, "arn:aws:dms:eu-west-1:1:endpoint:X", first.targetEndpointArn(), null, null, null, null, null, null, null);
        assertThatThrownBy(() -> engine.ensureEndpoints(unknown)).isInstanceOf(ConfigurationException.class).hasMessageContaining("existingSourceEndpointArn");
        assertThatThrownBy(() -> engine.ensureEndpoints(new EndpointSpec("x", null, null, "s", "t", null,
                new DmsTls(DatabaseRole.SOURCE, "sometimes", null), null, null, null)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("sslMode 'sometimes'");
        // as strict as DMS: require is not supported for MySQL-compatible endpoints, verify modes need their CA
        assertThatThrownBy(() -> engine.ensureEndpoints(new EndpointSpec("y", null, null, "s", "t", null,
                new DmsTls(DatabaseRole.SOURCE, "require", null), null, null, null)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("DMS does not support SslMode require");
        assertThatThrownBy(() -> engine.ensureEndpoints(new EndpointSpec("z", null, null, "s", "t", null,
                new DmsTls(DatabaseRole.SOURCE, "verify-full", null), null, null, null)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("needs a certificateArn");
    }

    @Test
    void startModesAreCheckedAsDmsChecksThem() {
        items("items", 10);
        engine = new LocalDmsEngine(db.secrets());
        TaskRef task = task(100);
        assertThatThrownBy(() -> engine.stop(task)).isInstanceOf(ReplicationStateException.class).hasMessageContaining("not been started");
        assertThatThrownBy(() -> engine.start(task, StartMode.RESUME_PROCESSING)).isInstanceOf(ReplicationStateException.class)
                .hasMessageContaining("never run");
        assertThat(engine.progress(task).status()).isEqualTo("ready");
        assertThat(engine.progress(task).fullLoadPercent()).as("no statistics before the first start").isNull();
        engine.start(task, StartMode.START_REPLICATION);
        assertThat(engine.progress(task).status()).isIn("starting", "running");
        assertThatThrownBy(() -> engine.start(task, StartMode.RESUME_PROCESSING)).isInstanceOf(ReplicationStateException.class);
        DmsTestFixture.loaded(engine, task);
        engine.stop(task);
        assertThat(engine.progress(task).status()).isIn("stopping", "stopped");
        engine.stop(task); // idempotent while stopping / stopped
        DmsTestFixture.await("stopped", () -> engine.progress(task), p -> "stopped".equals(p.status()), 60);
        assertThatThrownBy(() -> engine.start(task, StartMode.START_REPLICATION)).isInstanceOf(ReplicationStateException.class)
                .hasMessageContaining("has run before").hasMessageContaining("RESUME_PROCESSING");
        engine.start(task, StartMode.RELOAD_TARGET);
        TaskProgress reloaded = DmsTestFixture.loaded(engine, task);
        assertThat(reloaded.tables()).singleElement().satisfies(s -> assertThat(s.fullLoadRows()).isEqualTo(10));
        assertThatThrownBy(() -> engine.ensureTask(new TaskDefinition("bad id!", "r", DmsTestFixture.endpoints(engine, "ep"), "full-load-and-cdc", "{}", "{}")))
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> engine.ensureTask(new TaskDefinition("cdc-only", "r", DmsTestFixture.endpoints(engine, "ep"), "cdc",
                DmsTestFixture.includeSchema(schema), "{}"))).isInstanceOf(ConfigurationException.class).hasMessageContaining("cdc");
    }

    @Test
    void theAssessmentChecksBothServersForReal() {
        items("with_key", 3);
        DmsTestFixture.both(pair, "CREATE TABLE " + t("no_key") + " (a INT)");
        pair.source().execute("CREATE TABLE " + t("only_on_source") + " (id INT PRIMARY KEY)");
        engine = new LocalDmsEngine(db.secrets());
        TaskRef task = task(100);
        assertThat(engine.assessment(task).state()).isEqualTo("not-started");
        engine.startAssessment(task, new AssessmentSpec("bucket", "arn:role", "run-1"));
        AssessmentStatus result = DmsTestFixture.await("the assessment", () -> engine.assessment(task), a -> !"running".equals(a.state()), 60);

        Map<String, AssessmentItem> items = result.items().stream().collect(Collectors.toMap(AssessmentItem::name, Function.identity()));
        assertThat(result.state()).isEqualTo("failed");
        assertThat(items.get("local-check-target-tables").status()).isEqualTo("failed");
        assertThat(items.get("local-check-target-tables").message()).contains(schema + ".only_on_source").doesNotContain("with_key");
        assertThat(items.get("local-check-primary-keys").status()).isEqualTo("warning");
        assertThat(items.get("local-check-primary-keys").message()).contains(schema + ".no_key");
        assertThat(items.get("mariadb-check-binlog-format").status()).isEqualTo("passed");
        assertThat(items.get("mariadb-check-binlog-image").status()).isEqualTo("passed");
        assertThat(items.get("mariadb-check-server-id").status()).isEqualTo("passed");
        // LobMaxSize is applied now (limited LOB mode truncates); SupportLobs is read and listed
        assertThat(items.get("local-engine-settings").message()).contains("TargetMetadata.SupportLobs").doesNotContain("LobMaxSize");
        assertThat(engine.ignoredSettings(task)).anySatisfy(s -> assertThat(s).startsWith("Logging.EnableLogging"));
    }

    @Test
    void closingTheEngineEndsEveryThreadAndBinlogSession() {
        items("items", 10);
        TaskRef task = loadedTask(100);
        assertThat(engineThreads()).isNotEmpty();
        assertThat(binlogDumps()).isPositive();

        engine.close();
        assertThat(engineThreads()).as("threads left by the engine").isEmpty();
        // the server's dump thread notices the closed session when its next heartbeat (every 2 s) cannot be sent
        DmsTestFixture.await("no binlog session of the dms user on the source", this::binlogDumps, n -> n == 0, 15);
        assertThat(engine.progress(task).status()).isEqualTo("stopped");
        assertThatThrownBy(() -> engine.start(task, StartMode.RESUME_PROCESSING)).isInstanceOf(IllegalStateException.class);
    }

    private static List<String> engineThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("cutover-dms-")).toList();
    }

    private long binlogDumps() {
        return DmsTestFixture.count(pair.source(), "information_schema.PROCESSLIST WHERE USER = 'dms' AND COMMAND LIKE 'Binlog Dump%'");
    }
}
