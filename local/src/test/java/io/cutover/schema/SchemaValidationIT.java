package io.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import io.cutover.schema.ValidationReport.Difference;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "6.3 Validate schema" on real servers: after the schema phase the target validates clean; then differences are
 * made on the target by hand (what a DBA's slip or a failed step leaves): a missing column, a changed column type,
 * a missing index, table, foreign key, view and trigger, a view and a procedure defined differently, a table only
 * the target has. The report names each one, by type and object, with what differs.
 */
@ExtendWith(DatabaseServers.class)
class SchemaValidationIT {

    @Test
    void aCleanTargetReportsNothingAndEachDifferenceMadeAfterwardsIsReportedByObject(TestDatabases db) {
        String s = TestDatabases.newSchema("validate");
        String q = "`" + s + "`";
        db.source().execute("CREATE DATABASE " + q, "USE " + q,
                "CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(191) NOT NULL, nickname VARCHAR(40), UNIQUE KEY uq_email (email))",
                "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL, placed DATETIME NOT NULL, total DECIMAL(10,2), "
                        + "KEY ix_customer (customer_id), KEY ix_placed (placed), "
                        + "CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id))",
                "CREATE TABLE notes (id INT PRIMARY KEY, body TEXT)",
                "CREATE VIEW v_orders AS SELECT o.id, c.email FROM orders o JOIN customers c ON c.id = o.customer_id",
                "CREATE VIEW v_totals AS SELECT customer_id, SUM(total) AS total FROM orders GROUP BY customer_id",
                "CREATE TRIGGER orders_bi BEFORE INSERT ON orders FOR EACH ROW SET NEW.total = IFNULL(NEW.total, 0)",
                "CREATE TRIGGER orders_bu BEFORE UPDATE ON orders FOR EACH ROW SET NEW.total = IFNULL(NEW.total, 0)",
                "CREATE PROCEDURE order_count(OUT n INT) SELECT COUNT(*) INTO n FROM orders");
        MigrationConfig config = db.config("schema-validate", List.of(s));
        MemoryArtifacts artifacts = new MemoryArtifacts();
        InMemoryPorts ports = db.ports().artifacts(artifacts).build();

        // The phase as the state machine runs it (2.5, 2.6, then after the cutover point 6.1 and 6.2).
        assertThat(SchemaCalls.call(new CreateTargetSchemaHandler(ports), config, CreateTargetSchemaHandler.Result.class).ok()).isTrue();
        assertThat(SchemaCalls.call(new PrepareForeignKeysHandler(ports), config, PrepareForeignKeysHandler.Result.class).ok()).isTrue();
        SchemaCalls.call(new ExtractDeferredObjectsHandler(ports), config, ExtractDeferredObjectsHandler.Result.class);
        assertThat(SchemaCalls.call(new ApplyDeferredObjectsHandler(ports), config, ApplyDeferredObjectsHandler.Result.class).ok()).isTrue();
        assertThat(SchemaCalls.call(new RecreateForeignKeysHandler(ports), config, RecreateForeignKeysHandler.Result.class).ok()).isTrue();

        ValidateSchemaHandler.Result clean = SchemaCalls.call(new ValidateSchemaHandler(ports), config, ValidateSchemaHandler.Result.class);
        assertThat(clean.ok()).as(clean.summary() + " " + clean.firstDifferences()).isTrue();
        assertThat(clean.differences()).isZero();
        assertThat(clean.firstDifferences()).isEmpty();
        assertThat(artifacts.getJson(clean.reportKey(), ValidationReport.class).orElseThrow().differences()).isEmpty();
        assertThat(clean.counts()).containsEntry("TABLE", new ValidationReport.Count(3, 3))
                .containsEntry("FOREIGN_KEY", new ValidationReport.Count(1, 1)).containsEntry("VIEW", new ValidationReport.Count(2, 2))
                .containsEntry("TRIGGER", new ValidationReport.Count(2, 2)).containsEntry("PROCEDURE", new ValidationReport.Count(1, 1));

        db.target().execute("USE " + q,
                "ALTER TABLE orders DROP FOREIGN KEY fk_orders_customer",
                "ALTER TABLE customers DROP COLUMN nickname",
                "ALTER TABLE customers MODIFY email VARCHAR(100) NOT NULL",
                "ALTER TABLE orders DROP INDEX ix_placed",
                "DROP TRIGGER orders_bi",
                "DROP VIEW v_orders",
                // the source's definer (root@127.0.0.1: the test connects over TCP; it exists on the target) is kept by 6.1
                "CREATE OR REPLACE DEFINER=`root`@`127.0.0.1` VIEW v_totals AS SELECT customer_id, MAX(total) AS total FROM orders GROUP BY customer_id",
                "DROP TABLE notes",
                "CREATE TABLE scratch (id INT PRIMARY KEY)",
                "DROP PROCEDURE order_count",
                "CREATE DEFINER=`root`@`127.0.0.1` PROCEDURE order_count(OUT n INT) SELECT COUNT(*) + 1 INTO n FROM orders");

        ValidateSchemaHandler.Result result = SchemaCalls.call(new ValidateSchemaHandler(ports), config, ValidateSchemaHandler.Result.class);
        assertThat(result.ok()).isFalse();
        List<Difference> differences = artifacts.getJson(result.reportKey(), ValidationReport.class).orElseThrow().differences();
        String customers = q + ".`customers`";
        String orders = q + ".`orders`";
        assertThat(differences).as("%s", describe(differences)).extracting(Difference::type, Difference::object).containsExactlyInAnyOrder(
                tuple("TABLE", customers),              // column nickname missing
                tuple("TABLE", customers),              // column email's type changed
                tuple("TABLE", orders),                 // index ix_placed missing
                tuple("TABLE", q + ".`notes`"),         // missing table
                tuple("TABLE", q + ".`scratch`"),       // a table only the target has
                tuple("FOREIGN_KEY", orders + ".`fk_orders_customer`"),
                tuple("VIEW", q + ".`v_orders`"),
                tuple("VIEW", q + ".`v_totals`"),       // defined differently
                tuple("TRIGGER", q + ".`orders_bi`"),
                tuple("PROCEDURE", q + ".`order_count`"));
        assertThat(describe(differences)).contains(
                "TABLE " + customers + ": column `nickname` is missing on the target (source: `nickname` varchar(40) DEFAULT NULL)",
                "TABLE " + customers + ": column `email` differs: source `email` varchar(191) NOT NULL, target `email` varchar(100) NOT NULL",
                "TABLE " + orders + ": index `ix_placed` is missing on the target (source: KEY `ix_placed` (`placed`))",
                "TABLE " + q + ".`notes`: missing on the target",
                "TABLE " + q + ".`scratch`: exists only on the target",
                "FOREIGN_KEY " + orders + ".`fk_orders_customer`: missing on the target (CONSTRAINT `fk_orders_customer` FOREIGN KEY "
                        + "(`customer_id`) REFERENCES " + q + ".`customers` (`id`) ON DELETE RESTRICT ON UPDATE RESTRICT)",
                "VIEW " + q + ".`v_orders`: missing on the target",
                "TRIGGER " + q + ".`orders_bi`: missing on the target");
        assertThat(describe(differences)).anySatisfy(d -> assertThat(d)
                .startsWith("PROCEDURE " + q + ".`order_count`: definition differs").contains("COUNT(*) + 1"));
        assertThat(describe(differences)).anySatisfy(d -> assertThat(d)
                .startsWith("VIEW " + q + ".`v_totals`: definition differs").contains("max(").contains("sum("));

        assertThat(result.differences()).isEqualTo(10);
        assertThat(result.counts()).containsEntry("TABLE", new ValidationReport.Count(3, 3))
                .containsEntry("FOREIGN_KEY", new ValidationReport.Count(1, 0)).containsEntry("VIEW", new ValidationReport.Count(2, 1))
                .containsEntry("TRIGGER", new ValidationReport.Count(2, 1));
        assertThat(result.firstDifferences()).hasSize(10).contains("view " + q + ".`v_orders`: missing on the target");
        assertThat(result.summary()).startsWith("10 difference(s): ");
    }

    private static List<String> describe(List<Difference> differences) {
        return differences.stream().map(d -> d.type() + " " + d.object() + ": " + d.difference()).toList();
    }
}
