package io.cutover.local.dms;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.ports.Replication.StartMode;
import io.cutover.core.ports.Replication.TableState;
import io.cutover.core.ports.Replication.TaskRef;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Generated columns through the local engine (docs/local-dms-engine.md, "Generated columns"): with Cutover's
 * remove-column rules the engine leaves VIRTUAL and STORED columns out of what it writes and the target computes them,
 * by the full load and by CDC; without the rules it writes the values it read, as DMS would, and the target refuses
 * them: the table ends in error instead of the rehearsal passing by kindness.
 */
@ExtendWith(DatabaseServers.class)
class DmsGeneratedColumnsIT {
    private static final String TABLE_DDL = "CREATE TABLE `%s`.lines (id INT PRIMARY KEY, qty INT NOT NULL, price DECIMAL(10,2) NOT NULL, "
            + "total DECIMAL(12,2) AS (qty * price) STORED, label VARCHAR(40) AS (CONCAT('x', qty)) VIRTUAL, KEY by_total (total))";

    @Test
    void withTheRemoveColumnRulesTheTargetComputesThemByFullLoadAndCdc(TestDatabases db) {
        DatabasePair pair = db.pair();
        String schema = TestDatabases.newSchema("dmsgen");
        String table = "`" + schema + "`.lines";
        DmsTestFixture.both(pair, "CREATE DATABASE `" + schema + "`", TABLE_DDL.formatted(schema));
        pair.source().execute("INSERT INTO " + table + " (id, qty, price) VALUES (1, 2, 3.50), (2, 5, 1.25)");
        try (LocalDmsEngine engine = new LocalDmsEngine(db.secrets())) {
            TaskRef task = engine.ensureTask(DmsTestFixture.task(engine, "gen-" + schema.replace('_', '-'),
                    DmsTestFixture.includeSchemaRemoving(schema, "lines", "total", "label"), 100));
            engine.start(task, StartMode.START_REPLICATION);
            DmsTestFixture.loaded(engine, task);
            DmsTestFixture.assertSameRows(pair, table, "id");
            pair.source().execute("INSERT INTO " + table + " (id, qty, price) VALUES (3, 7, 2.00)",
                    "UPDATE " + table + " SET qty = 10 WHERE id = 1", "DELETE FROM " + table + " WHERE id = 2");
            DmsTestFixture.await("the CDC changes applied", () -> DmsTestFixture.table(engine, task, schema, "lines"),
                    t -> t.inserts() == 1 && t.updates() == 1 && t.deletes() == 1, 60);
            DmsTestFixture.assertSameRows(pair, table, "id");
            assertThat(DmsTestFixture.rows(pair.target(), table, "id")).anySatisfy(r -> assertThat(r).contains("35.00").contains("x10"));
        } finally {
            DmsTestFixture.dropSchema(pair, schema);
        }
    }

    @Test
    void withoutTheRulesTheTargetRefusesTheValuesAndTheTableIsInError(TestDatabases db) {
        DatabasePair pair = db.pair();
        String schema = TestDatabases.newSchema("dmsgen_norule");
        String table = "`" + schema + "`.lines";
        DmsTestFixture.both(pair, "CREATE DATABASE `" + schema + "`", TABLE_DDL.formatted(schema));
        pair.source().execute("INSERT INTO " + table + " (id, qty, price) VALUES (1, 2, 3.50)");
        try (LocalDmsEngine engine = new LocalDmsEngine(db.secrets())) {
            TaskRef task = engine.ensureTask(DmsTestFixture.task(engine, "gennr-" + schema.replace('_', '-'),
                    DmsTestFixture.includeSchema(schema), 100));
            engine.start(task, StartMode.START_REPLICATION);
            TableState state = DmsTestFixture.await("the table in error",
                    () -> engine.progress(task).tables().stream().findFirst().orElse(null), t -> t != null && "Table error".equals(t.state()), 60);
            assertThat(state.lastError()).containsIgnoringCase("generated column");
            assertThat(DmsTestFixture.count(pair.target(), table)).isZero();
        } finally {
            DmsTestFixture.dropSchema(pair, schema);
        }
    }
}
