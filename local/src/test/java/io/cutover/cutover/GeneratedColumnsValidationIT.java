package io.cutover.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.cutover.validation.ValidationReport;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 19: the generated columns DMS does not replicate (Cutover's remove-column rules) are computed by the target, and
 * the validation compares them on both sides like any other column: a target that computes another value (an
 * expression whose function behaves differently there) is a difference, found by the checksums. No validation code
 * was changed for this; the test shows the columns are in what it compares.
 */
@ExtendWith(DatabaseServers.class)
class GeneratedColumnsValidationIT {

    @Test
    void aGeneratedColumnTheTargetComputesDifferentlyIsADifference(TestDatabases db) {
        String s = TestDatabases.newSchema("valgen");
        String source = "CREATE TABLE " + s + ".lines (id INT PRIMARY KEY, qty INT NOT NULL, "
                + "total INT AS (qty * 2) STORED, label VARCHAR(20) AS (CONCAT('q', qty)) VIRTUAL)";
        db.source().execute("CREATE DATABASE " + s, source, "INSERT INTO " + s + ".lines (id, qty) VALUES (1, 1), (2, 2), (3, 3)");
        db.target().execute("CREATE DATABASE " + s, source, "INSERT INTO " + s + ".lines (id, qty) VALUES (1, 1), (2, 2), (3, 3)");
        MemoryArtifacts artifacts = new MemoryArtifacts();
        InMemoryPorts ports = db.ports().artifacts(artifacts).build();
        assertThat(pass(ports, artifacts, config(db, s), "same").ok()).as("same data, same expressions").isTrue();

        // the target computes the VIRTUAL column differently for qty = 2 only
        db.target().execute("ALTER TABLE " + s + ".lines MODIFY label VARCHAR(20) AS (IF(qty = 2, 'two', CONCAT('q', qty))) VIRTUAL");
        ValidationReport report = pass(ports, artifacts, config(db, s), "virtual");
        assertThat(report.ok()).isFalse();
        assertThat(report.mismatches()).singleElement().satisfies(m -> {
            assertThat(m.table()).contains("lines");
            assertThat(m.rowDifferences()).isEqualTo(1);
        });
    }

    private static MigrationConfig config(TestDatabases db, String schema) {
        ObjectNode input = db.input("valgen-" + schema.replace('_', '-'), List.of(schema));
        return Json.convert(input, MigrationConfig.class);
    }

    private static ValidationReport pass(InMemoryPorts ports, MemoryArtifacts artifacts, MigrationConfig config, String pass) {
        return ValidationIT.pass(ports, artifacts, config, pass).report();
    }
}
