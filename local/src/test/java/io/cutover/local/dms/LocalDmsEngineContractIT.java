package io.cutover.local.dms;

import io.cutover.local.db.DatabasePair;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import io.cutover.core.ports.Replication;
import io.cutover.core.ports.Replication.TaskDefinition;
import io.cutover.replication.ReplicationContractTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared replication contract against the local engine, between the two real servers: a small dataset of
 * three tables (one with a composite key), real committed changes, a table made to fail for real (a CHECK
 * constraint on the target that every row violates).
 */
@ExtendWith(DatabaseServers.class)
class LocalDmsEngineContractIT extends ReplicationContractTest {
    private static TestDatabases databases;

    @BeforeAll
    static void servers(TestDatabases shared) {
        databases = shared;
    }

    @Override
    protected Harness newHarness() {
        return new LocalHarness(databases.pair(), databases);
    }

    static final class LocalHarness implements Harness {
        private final DatabasePair pair;
        private final String schema = TestDatabases.newSchema("dmsc");
        private final LocalDmsEngine engine;
        private int nextCustomer = 1000;
        private int nextUpdate = 1;
        private int nextDeleteOrder = 1;

        LocalHarness(DatabasePair pair, TestDatabases shared) {
            this.pair = pair;
            this.engine = new LocalDmsEngine(shared.secrets());
            DmsTestFixture.both(pair, "CREATE DATABASE `" + schema + "`",
                    "CREATE TABLE `" + schema + "`.customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(200), "
                            + "created DATETIME(6) NOT NULL)",
                    "CREATE TABLE `" + schema + "`.orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL, amount DECIMAL(12,2) NOT NULL, "
                            + "note TEXT, KEY (customer_id))",
                    "CREATE TABLE `" + schema + "`.order_lines (order_id BIGINT NOT NULL, line INT NOT NULL, sku VARCHAR(30) NOT NULL, "
                            + "qty INT NOT NULL, PRIMARY KEY (order_id, line))");
            pair.source().execute("USE `" + schema + "`",
                    "INSERT INTO `" + schema + "`.customers SELECT seq, CONCAT('customer ', seq), CONCAT('c', seq, '@example.com'), "
                            + "TIMESTAMP('2024-01-01') + INTERVAL seq SECOND FROM seq_1_to_50",
                    "INSERT INTO `" + schema + "`.orders SELECT seq, 1 + seq % 50, seq * 1.25, REPEAT('note ', seq % 7) FROM seq_1_to_200",
                    "INSERT INTO `" + schema + "`.order_lines SELECT 1 + seq % 200, seq, CONCAT('SKU-', seq), 1 + seq % 5 FROM seq_1_to_400");
        }

        @Override
        public Replication replication() {
            return engine;
        }

        @Override
        public TaskDefinition taskDefinition(String taskId) {
            return DmsTestFixture.task(engine, taskId, DmsTestFixture.includeSchema(schema), 100);
        }

        @Override
        public TaskDefinition conflictingDefinition(TaskDefinition original) {
            String mappings = "{\"rules\":[{\"rule-type\":\"selection\",\"rule-id\":\"1\",\"rule-name\":\"include\",\"rule-action\":\"include\","
                    + "\"object-locator\":{\"schema-name\":\"" + schema + "\",\"table-name\":\"%\"}},"
                    + "{\"rule-type\":\"selection\",\"rule-id\":\"2\",\"rule-name\":\"exclude\",\"rule-action\":\"exclude\","
                    + "\"object-locator\":{\"schema-name\":\"" + schema + "\",\"table-name\":\"order_lines\"}}]}";
            return new TaskDefinition(original.taskId(), original.replicationInstanceArn(), original.endpoints(), original.migrationType(),
                    mappings, original.taskSettingsJson());
        }

        @Override
        public List<String> tables() {
            return List.of(schema + ".customers", schema + ".orders", schema + ".order_lines");
        }

        @Override
        public void changeSource(int inserts, int updates, int deletes) {
            try (Connection c = pair.source().rootConnection()) {
                c.setAutoCommit(false);
                for (int i = 0; i < inserts; i++) {
                    run(c, "INSERT INTO `" + schema + "`.customers VALUES (?, ?, NULL, NOW(6))", ++nextCustomer, "new customer " + nextCustomer);
                }
                for (int i = 0; i < updates; i++) {
                    run(c, "UPDATE `" + schema + "`.customers SET name = CONCAT(name, ' (updated)') WHERE id = ?", nextUpdate++);
                }
                for (int i = 0; i < deletes; i++) {
                    run(c, "DELETE FROM `" + schema + "`.orders WHERE id = ?", nextDeleteOrder++);
                }
                c.commit();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        private static void run(Connection c, String sql, Object... args) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("expected one row changed by " + sql);
                }
            }
        }

        @Override
        public String targetInitStatements(String targetEndpointArn) {
            return engine.endpoint(targetEndpointArn).initStatements();
        }

        @Override
        public void breakTable(String table) {
            // every existing row violates it: the load fails on the target's CHECK constraint, for real
            String firstKey = Map.of("customers", "id", "orders", "id", "order_lines", "order_id").get(table.substring(table.indexOf('.') + 1));
            pair.target().execute("ALTER TABLE " + TableName.parse(table).quoted() + " ADD CONSTRAINT cutover_broken CHECK (" + firstKey + " < 0)");
        }

        @Override
        public void close() {
            engine.close();
            DmsTestFixture.dropSchema(pair, schema);
        }
    }
}
