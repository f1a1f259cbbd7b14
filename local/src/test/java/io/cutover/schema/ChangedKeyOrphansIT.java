package io.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.cutover.validation.PlanValidationHandler;
import io.cutover.cutover.validation.SummarizeValidationHandler;
import io.cutover.cutover.validation.ValidateBatchHandler;
import io.cutover.cutover.validation.ValidationRequest;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import io.cutover.schema.fk.ForeignKeyState;
import io.cutover.schema.fk.OrphansBeforeFreeze;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Orphans checked before the freeze on the source, and after it only for the changed keys, on the real servers: the
 * validation pass before the freeze records its binlog position, "5.1.4 Check the source for orphan rows" scans the
 * source, the application (a session with foreign_key_checks = 0) changes rows, the changes reach the target as DMS
 * would apply them, the pass after the freeze lists the changed keys, and "6.2 Recreate foreign keys" checks only
 * those rows. An orphan written before the scan stops the migration before the freeze; one written after it, by a
 * changed child row or by a deleted parent, is caught at 6.2.
 */
@ExtendWith(DatabaseServers.class)
class ChangedKeyOrphansIT {
    /** SchemaCalls' execution name: the validation passes must belong to the same execution as the schema calls. */
    private static final String EXECUTION = "schema-it";

    private record Migration(MigrationConfig config, InMemoryPorts ports, MemoryArtifacts artifacts, String schema) {}

    /** parent (20 rows), child (200 rows, 10 per parent) and note (20 rows, one per parent), equal on both sides. */
    private static Migration migration(TestDatabases db, String prefix) {
        String s = TestDatabases.newSchema(prefix);
        db.source().execute("CREATE DATABASE `" + s + "`", "USE `" + s + "`",
                "CREATE TABLE parent (id INT PRIMARY KEY, label VARCHAR(20))",
                "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, KEY ix_parent (parent_id), "
                        + "CONSTRAINT fk_child FOREIGN KEY (parent_id) REFERENCES parent (id))",
                "CREATE TABLE note (id INT PRIMARY KEY, parent_id INT NOT NULL, KEY ix_note (parent_id), "
                        + "CONSTRAINT fk_note FOREIGN KEY (parent_id) REFERENCES parent (id))");
        MigrationConfig config = db.config(prefix, List.of(s));
        MemoryArtifacts artifacts = new MemoryArtifacts();
        InMemoryPorts ports = db.ports().artifacts(artifacts).build();
        SchemaCalls.call(new CreateTargetSchemaHandler(ports), config, CreateTargetSchemaHandler.Result.class);
        SchemaCalls.call(new PrepareForeignKeysHandler(ports), config, PrepareForeignKeysHandler.Result.class);
        for (var server : List.of(db.source(), db.target())) { // the full load
            server.execute("INSERT INTO `" + s + "`.parent SELECT seq, CONCAT('p', seq) FROM `" + s + "`.seq_1_to_20",
                    "INSERT INTO `" + s + "`.child SELECT seq, seq % 20 + 1 FROM `" + s + "`.seq_1_to_200",
                    "INSERT INTO `" + s + "`.note SELECT seq, seq FROM `" + s + "`.seq_1_to_20");
        }
        return new Migration(config, ports, artifacts, s);
    }

    /** A validation pass as the state machine runs it: plan, every batch to its end, the verdict. */
    private static SummarizeValidationHandler.Verdict pass(Migration m, String pass) {
        var plan = new PlanValidationHandler(m.ports()).handle(new ValidationRequest(m.config(), "plan", EXECUTION, pass, null, null, null));
        for (int batch : plan.batches()) {
            ValidateBatchHandler.BatchSummary summary;
            do {
                summary = new ValidateBatchHandler(m.ports()).handle(new ValidationRequest(m.config(), "batch", EXECUTION, pass, batch, 600, null));
            } while (!summary.complete());
        }
        return new SummarizeValidationHandler(m.ports()).handle(new ValidationRequest(m.config(), "verdict", EXECUTION, pass, null, null, null));
    }

    private static RecreateForeignKeysHandler.Result scanBeforeFreeze(Migration m) {
        return SchemaCalls.call(new RecreateForeignKeysHandler(m.ports()), m.config(),
                Map.of("step", RecreateForeignKeysHandler.Request.ORPHANS_BEFORE_FREEZE), RecreateForeignKeysHandler.Result.class);
    }

    private static RecreateForeignKeysHandler.Result recreate(Migration m) {
        return SchemaCalls.call(new RecreateForeignKeysHandler(m.ports()), m.config(), RecreateForeignKeysHandler.Result.class);
    }

    /** The same statements on the source, by an application session with foreign_key_checks = 0, and on the target (CDC). */
    private static void writeAndReplicate(TestDatabases db, Migration m, String... statements) {
        for (var server : List.of(db.source(), db.target())) {
            String[] all = new String[statements.length + 1];
            all[0] = "SET SESSION foreign_key_checks = 0";
            for (int i = 0; i < statements.length; i++) {
                all[i + 1] = statements[i].replace("{s}", "`" + m.schema() + "`");
            }
            server.execute(all);
        }
    }

    private static ForeignKeyState state(Migration m, RecreateForeignKeysHandler.Result result, String name) {
        SchemaPhase.RecreatedForeignKeys report = m.artifacts().getJson(result.reportKey(), SchemaPhase.RecreatedForeignKeys.class).orElseThrow();
        return report.foreignKeys().stream().filter(f -> f.id().endsWith("`" + name + "`")).findFirst().orElseThrow();
    }

    @Test
    void anOrphanWrittenBeforeTheScanStopsTheMigrationBeforeTheFreezeNamingTheConstraintAndAKey(TestDatabases db) {
        Migration m = migration(db, "fk-orph-before");
        assertThat(pass(m, ValidationRequest.PRE_FREEZE).ok()).isTrue();
        writeAndReplicate(db, m, "INSERT INTO {s}.child VALUES (500, 999)");

        RecreateForeignKeysHandler.Result scan = scanBeforeFreeze(m);
        assertThat(scan.ok()).isFalse();
        assertThat(scan.complete()).isTrue();
        assertThat(scan.foreignKeys()).isEqualTo(2);
        assertThat(scan.blockedByOrphans()).isEqualTo(1);
        assertThat(scan.orphanRows()).isEqualTo(1);
        assertThat(scan.summary()).contains("`" + m.schema() + "`.`child`.`fk_child`").contains("{id=500}");
        OrphansBeforeFreeze report = m.artifacts().getJson(scan.reportKey(), OrphansBeforeFreeze.class).orElseThrow();
        assertThat(report.withOrphans()).singleElement().satisfies(f -> assertThat(f.orphanExamples()).containsExactly(Map.of("id", "500")));
    }

    @Test
    void cleanChangesAfterTheScanAreAllThe62CheckReads(TestDatabases db) {
        Migration m = migration(db, "fk-orph-clean");
        assertThat(pass(m, ValidationRequest.PRE_FREEZE).ok()).isTrue();
        assertThat(scanBeforeFreeze(m).ok()).isTrue();
        writeAndReplicate(db, m, "INSERT INTO {s}.child VALUES (300, 3)", "UPDATE {s}.child SET parent_id = 4 WHERE id = 9",
                "INSERT INTO {s}.parent VALUES (21, 'p21')");
        assertThat(pass(m, ValidationRequest.POST_FREEZE).ok()).isTrue();

        RecreateForeignKeysHandler.Result result = recreate(m);
        assertThat(result.ok()).as(result.summary()).isTrue();
        assertThat(state(m, result, "fk_child").orphanCheck())
                .isEqualTo("changed keys: 3 rows (2 child, 1 parent key(s) changed since the scan before the freeze)");
        assertThat(state(m, result, "fk_note").orphanCheck()).startsWith("changed keys: 1 rows (0 child, 1 parent");
        assertThat(result.summary()).contains("orphan checks: 2 by changed keys, 0 full scan(s)");
    }

    @Test
    void anOrphanWrittenAfterTheScanByAChangedChildRowIsCaughtAt62ByTheChangedKeyCheck(TestDatabases db) {
        Migration m = migration(db, "fk-orph-child");
        assertThat(pass(m, ValidationRequest.PRE_FREEZE).ok()).isTrue();
        assertThat(scanBeforeFreeze(m).ok()).isTrue();
        writeAndReplicate(db, m, "UPDATE {s}.child SET parent_id = 999 WHERE id = 5");
        assertThat(pass(m, ValidationRequest.POST_FREEZE).ok()).as("the target equals the source: the validation sees nothing").isTrue();

        RecreateForeignKeysHandler.Result result = recreate(m);
        assertThat(result.ok()).isFalse();
        assertThat(result.blockedByOrphans()).isEqualTo(1);
        assertThat(result.orphanRows()).isEqualTo(1);
        ForeignKeyState child = state(m, result, "fk_child");
        assertThat(child.status()).isEqualTo(ForeignKeyState.Status.BLOCKED_BY_ORPHANS);
        assertThat(child.orphanExamples()).containsExactly(Map.of("id", "5"));
        assertThat(child.orphanCheck()).startsWith("changed keys: 1 rows (1 child, 0 parent").endsWith("orphans found, counted by a full scan");
        assertThat(state(m, result, "fk_note").status()).isEqualTo(ForeignKeyState.Status.PRESENT);
        assertThat(state(m, result, "fk_note").orphanCheck()).startsWith("changed keys: 0 rows");
    }

    @Test
    void anOrphanLeftByADeletedParentIsCaughtAt62ThroughTheChangedParentKey(TestDatabases db) {
        Migration m = migration(db, "fk-orph-parent");
        assertThat(pass(m, ValidationRequest.PRE_FREEZE).ok()).isTrue();
        assertThat(scanBeforeFreeze(m).ok()).isTrue();
        writeAndReplicate(db, m, "DELETE FROM {s}.parent WHERE id = 7"); // 10 children and one note still reference it
        assertThat(pass(m, ValidationRequest.POST_FREEZE).ok()).isTrue();

        RecreateForeignKeysHandler.Result result = recreate(m);
        assertThat(result.ok()).isFalse();
        assertThat(result.blockedByOrphans()).isEqualTo(2);
        ForeignKeyState child = state(m, result, "fk_child");
        assertThat(child.orphanRows()).isEqualTo(10);
        assertThat(child.orphanExamples()).containsExactly(Map.of("id", "6"), Map.of("id", "26"), Map.of("id", "46"), Map.of("id", "66"),
                Map.of("id", "86"));
        assertThat(child.orphanCheck()).startsWith("changed keys: 1 rows (0 child, 1 parent").endsWith("orphans found, counted by a full scan");
        assertThat(state(m, result, "fk_note").orphanRows()).isEqualTo(1);
    }

    private static RecreateForeignKeysHandler.Result orphansSinceCatchUp(Migration m) {
        return SchemaCalls.call(new RecreateForeignKeysHandler(m.ports()), m.config(),
                Map.of("step", RecreateForeignKeysHandler.Request.ORPHANS_SINCE_CATCH_UP), RecreateForeignKeysHandler.Result.class);
    }

    @Test
    void anOrphanWrittenBetweenTheScanAndTheCatchUpStopsTheMigrationBeforeTheFreeze(TestDatabases db) {
        Migration m = migration(db, "fk-orph-catchup");
        assertThat(pass(m, ValidationRequest.PRE_FREEZE).ok()).isTrue();
        assertThat(scanBeforeFreeze(m).ok()).isTrue();
        writeAndReplicate(db, m, "DELETE FROM {s}.parent WHERE id = 7", "INSERT INTO {s}.child VALUES (300, 3)");
        pass(m, ValidationRequest.CATCH_UP);

        RecreateForeignKeysHandler.Result since = orphansSinceCatchUp(m);
        assertThat(since.ok()).isFalse();
        assertThat(since.blockedByOrphans()).isEqualTo(2);
        assertThat(since.orphanRows()).as("the 10 children and the note of the deleted parent").isEqualTo(11);
        assertThat(since.summary()).contains("`" + m.schema() + "`.`child`.`fk_child`");
    }

    @Test
    void afterACleanCatchUp62ChecksOnlyTheRowsChangedSinceIt(TestDatabases db) {
        Migration m = migration(db, "fk-orph-chain");
        assertThat(pass(m, ValidationRequest.PRE_FREEZE).ok()).isTrue();
        assertThat(scanBeforeFreeze(m).ok()).isTrue();
        writeAndReplicate(db, m, "INSERT INTO {s}.child VALUES (300, 3)", "UPDATE {s}.child SET parent_id = 4 WHERE id = 9",
                "INSERT INTO {s}.parent VALUES (21, 'p21')");
        pass(m, ValidationRequest.CATCH_UP);
        RecreateForeignKeysHandler.Result since = orphansSinceCatchUp(m);
        assertThat(since.ok()).as(since.summary()).isTrue();
        OrphansBeforeFreeze moved = m.artifacts().getJson(since.reportKey(), OrphansBeforeFreeze.class).orElseThrow();
        assertThat(moved.foreignKeys()).hasSize(2);
        // after the catch-up: one child row changed, and an orphan made by a changed child row
        writeAndReplicate(db, m, "UPDATE {s}.child SET parent_id = 999 WHERE id = 5");
        assertThat(pass(m, ValidationRequest.POST_FREEZE).ok()).isTrue();

        RecreateForeignKeysHandler.Result result = recreate(m);
        assertThat(result.ok()).isFalse();
        ForeignKeyState child = state(m, result, "fk_child");
        assertThat(child.orphanExamples()).containsExactly(Map.of("id", "5"));
        assertThat(child.orphanCheck()).as("only the row changed after the catch-up").startsWith("changed keys: 1 rows (1 child, 0 parent");
        assertThat(state(m, result, "fk_note").orphanCheck()).startsWith("changed keys: 0 rows");
    }

    @Test
    void withoutTheScanBeforeTheFreezeEveryForeignKeyGetsTheFullScan(TestDatabases db) {
        Migration m = migration(db, "fk-orph-noscan");
        assertThat(pass(m, ValidationRequest.PRE_FREEZE).ok()).isTrue();
        writeAndReplicate(db, m, "DELETE FROM {s}.parent WHERE id = 7");
        assertThat(pass(m, ValidationRequest.POST_FREEZE).ok()).isTrue();

        RecreateForeignKeysHandler.Result result = recreate(m);
        assertThat(result.orphanRows()).isEqualTo(11);
        assertThat(state(m, result, "fk_child").orphanCheck()).isEqualTo("full scan (no orphan scan before the freeze)");
        assertThat(result.summary()).contains("orphan checks: 0 by changed keys, 2 full scan(s), e.g. (no orphan scan before the freeze)");
    }
}
