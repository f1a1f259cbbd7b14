package io.cutover.local.dms;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.testing.TestDatabases;
import io.cutover.core.ports.Replication.StartMode;
import io.cutover.core.ports.Replication.TableState;
import io.cutover.core.ports.Replication.TaskProgress;
import io.cutover.core.ports.Replication.TaskRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The failure-rehearsal hooks, and failures of the servers themselves: the engine recovers or fails as DMS does. */
class DmsFailureHooksIT extends EngineOnFreshSchema {
    DmsFailureHooksIT() {
        super("dmsf");
    }

    @BeforeEach
    void createTables() {
        createItems(pair, schema, "items", 1000);
        createItems(pair, schema, "other", 20);
    }

    private static void createItems(DatabasePair pair, String schema, String table, int rows) {
        pair.source().execute("CREATE DATABASE IF NOT EXISTS `" + schema + "`");
        pair.target().execute("CREATE DATABASE IF NOT EXISTS `" + schema + "`");
        DmsTestFixture.both(pair, "CREATE TABLE `" + schema + "`.`" + table + "` (id INT PRIMARY KEY, v VARCHAR(50) NOT NULL)");
        pair.source().execute("USE `" + schema + "`", "INSERT INTO `" + table + "` SELECT seq, CONCAT('value ', seq) FROM seq_1_to_" + rows);
    }

    private TaskRef task(String settings) {
        return engine.ensureTask(new io.cutover.core.ports.Replication.TaskDefinition("f-" + schema.replace('_', '-'), "arn:local:rep",
                DmsTestFixture.endpoints(engine, "ep"), "full-load-and-cdc", DmsTestFixture.includeSchema(schema), settings));
    }

    private TableState table(TaskRef task, String name) {
        return engine.progress(task).tables().stream().filter(s -> s.table().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aTargetSessionKilledDuringTheLoadIsReopenedAndTheLoadCompletes() {
        engine = new LocalDmsEngine(db.secrets());
        engine.failures().killTargetConnectionDuringLoad(schema + ".items", 300);
        TaskRef task = task(DmsTestFixture.SETTINGS.formatted(100));
        engine.start(task, StartMode.START_REPLICATION);
        DmsTestFixture.loaded(engine, task);

        assertThat(engine.failures().targetConnectionsKilled()).isEqualTo(1);
        assertThat(table(task, "items").fullLoadRows()).as("rows counted once, though a chunk was written twice").isEqualTo(1000);
        DmsTestFixture.assertSameRows(pair, t("items"), "id");
    }

    @Test
    void aTargetSessionKilledDuringCdcIsReopenedAndNoChangeIsLost() {
        engine = new LocalDmsEngine(db.secrets());
        TaskRef task = task(DmsTestFixture.SETTINGS.formatted(100));
        engine.start(task, StartMode.START_REPLICATION);
        DmsTestFixture.loaded(engine, task);

        engine.failures().killTargetConnectionDuringCdc(1);
        for (int i = 1; i <= 20; i++) {
            pair.source().execute("UPDATE " + t("items") + " SET v = 'cdc " + i + "' WHERE id = " + i);
        }
        DmsTestFixture.await("20 updates applied", () -> table(task, "items"), s -> s.updates() >= 20, 60);
        DmsTestFixture.awaitSameRows(pair, t("items"), "id");
        assertThat(engine.failures().targetConnectionsKilled()).isEqualTo(1);
        assertThat(table(task, "items").updates()).isEqualTo(20);

        assertThat(engine.failures().killTargetConnections()).as("the apply session, killed now").isEqualTo(1);
        pair.source().execute("DELETE FROM " + t("items") + " WHERE id = 999");
        DmsTestFixture.awaitSameRows(pair, t("items"), "id");
        assertThat(engine.progress(task).status()).isEqualTo("running");
    }

    @Test
    void aTableMadeToFailIsInErrorWithItsMessageWhileTheOthersGoOn() {
        engine = new LocalDmsEngine(db.secrets());
        engine.failures().failTableLoad(schema + ".other");
        TaskRef task = task(DmsTestFixture.SETTINGS.formatted(100));
        engine.start(task, StartMode.START_REPLICATION);
        TaskProgress progress = DmsTestFixture.await("the load done", () -> engine.progress(task),
                p -> p.tablesLoaded() == 1 && p.tablesErrored() == 1, 60);

        assertThat(progress.status()).isEqualTo("running");
        assertThat(progress.fullLoadPercent()).isEqualTo(100);
        assertThat(table(task, "other").state()).isEqualTo("Table error");
        assertThat(table(task, "other").lastError()).contains("failure injected by the rehearsal").contains(schema + ".other");
        pair.source().execute("UPDATE " + t("other") + " SET v = 'suspended' WHERE id = 1", "UPDATE " + t("items") + " SET v = 'goes on' WHERE id = 1");
        DmsTestFixture.awaitSameRows(pair, t("items"), "id");
        assertThat(table(task, "other").updates()).as("a suspended table's changes are not applied").isZero();
        assertThat(DmsTestFixture.count(pair.target(), t("other"))).isZero();
    }

    @Test
    void withTableErrorPolicyStopTaskATableErrorFailsTheTask() {
        engine = new LocalDmsEngine(db.secrets());
        engine.failures().failTableLoad(schema + ".other");
        TaskRef task = task(DmsTestFixture.SETTINGS.formatted(100).replace("SUSPEND_TABLE", "STOP_TASK"));
        engine.start(task, StartMode.START_REPLICATION);
        TaskProgress failed = DmsTestFixture.await("failed", () -> engine.progress(task), p -> "failed".equals(p.status()), 60);

        assertThat(failed.stopReason()).isEqualTo("Stop Reason FATAL_ERROR");
        assertThat(failed.lastFailureMessage()).contains("Table error on " + schema + ".other").contains("STOP_TASK");
        assertThat(failed.tablesErrored()).isEqualTo(1);
    }

    /** Servers of its own: the target is killed, the source's binlog purged. */
    @Test
    void anUnreachableTargetOrAPurgedBinlogFailsTheTaskWithTheReason() {
        try (DatabasePair own = TestDatabases.startPrivatePair(MariaDbOptions.source().named("dmsf-source"), MariaDbOptions.target().named("dmsf-target"))) {
            MemorySecrets secrets = own.publishSecrets(new MemorySecrets());
            createItems(own, "shop", "items", 50);
            try (LocalDmsEngine local = new LocalDmsEngine(secrets)) {
                String settings = DmsTestFixture.SETTINGS.formatted(100).replace("\"RecoverableErrorCount\": 5", "\"RecoverableErrorCount\": 2");
                TaskRef purged = local.ensureTask(new io.cutover.core.ports.Replication.TaskDefinition("purged", "arn:local:rep",
                        DmsTestFixture.endpoints(local, "ep"), "full-load-and-cdc", DmsTestFixture.includeSchema("shop"), settings));
                local.start(purged, StartMode.START_REPLICATION);
                DmsTestFixture.loaded(local, purged);
                local.stop(purged);
                DmsTestFixture.await("stopped", () -> local.progress(purged), p -> "stopped".equals(p.status()), 60);
                own.source().execute("UPDATE shop.items SET v = 'lost' WHERE id = 1", "FLUSH BINARY LOGS", "FLUSH BINARY LOGS");
                // the server keeps a binlog that a replica session still reads: wait until the stopped task's is gone
                DmsTestFixture.await("no binlog session left", () -> DmsTestFixture.count(own.source(),
                        "information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'"), n -> n == 0, 30);
                // MariaDB keeps a binlog until InnoDB's checkpoint has passed it: purge until only the newest is left
                DmsTestFixture.await("the older binlogs purged", () -> {
                    own.source().execute("PURGE BINARY LOGS TO '" + currentFile(own) + "'");
                    return binaryLogs(own);
                }, n -> n == 1, 30);
                local.start(purged, StartMode.RESUME_PROCESSING);
                TaskProgress failed = DmsTestFixture.await("failed", () -> local.progress(purged), p -> "failed".equals(p.status()), 60);
                assertThat(failed.lastFailureMessage()).startsWith("source binlog: [1236]");
                assertThat(failed.stopReason()).isEqualTo("Stop Reason FATAL_ERROR");

                TaskRef cut = local.ensureTask(new io.cutover.core.ports.Replication.TaskDefinition("cut", "arn:local:rep",
                        DmsTestFixture.endpoints(local, "ep"), "full-load-and-cdc", DmsTestFixture.includeSchema("shop"), settings));
                local.start(cut, StartMode.START_REPLICATION);
                DmsTestFixture.loaded(local, cut);
                own.target().kill();
                own.source().execute("UPDATE shop.items SET v = 'cannot be applied' WHERE id = 2");
                TaskProgress down = DmsTestFixture.await("failed", () -> local.progress(cut), p -> "failed".equals(p.status()), 60);
                assertThat(down.stopReason()).isEqualTo("Stop Reason RECOVERABLE_ERROR");
                assertThat(down.lastFailureMessage()).contains("recoverable error count exhausted").contains("target");
            }
        }
    }

    private static int binaryLogs(DatabasePair pair) {
        try (java.sql.Connection c = pair.source().rootConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
            int n = 0;
            while (rs.next()) {
                n++;
            }
            return n;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String currentFile(DatabasePair pair) {
        try (java.sql.Connection c = pair.source().rootConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
