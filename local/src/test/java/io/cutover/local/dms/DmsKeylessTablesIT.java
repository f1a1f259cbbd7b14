package io.cutover.local.dms;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.ports.Replication.StartMode;
import io.cutover.core.ports.Replication.TaskRef;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A table without a primary or unique key: "A table must have a primary key or a unique key for DMS to migrate LOBs"
 * (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.AssessmentReport.Assessments.All.html). The local engine
 * copies its other columns, by the full load and by CDC (rows matched on every written column), and leaves its LOB
 * columns to the target's default, so a rehearsal shows the LOBs such a table loses.
 */
@ExtendWith(DatabaseServers.class)
class DmsKeylessTablesIT {

    @Test
    void aKeylessTableLosesItsLobsAndKeepsTheRest(TestDatabases db) {
        DatabasePair pair = db.pair();
        String schema = TestDatabases.newSchema("dmskeyless");
        String table = "`" + schema + "`.notes";
        DmsTestFixture.both(pair, "CREATE DATABASE `" + schema + "`",
                "CREATE TABLE " + table + " (n INT, title VARCHAR(20), body LONGTEXT, small TEXT) DEFAULT CHARSET=utf8mb4");
        pair.source().execute("INSERT INTO " + table + " VALUES (1, 'a', 'long body 1', 's1'), (2, 'b', 'long body 2', 's2')");
        try (LocalDmsEngine engine = new LocalDmsEngine(db.secrets())) {
            TaskRef task = engine.ensureTask(DmsTestFixture.task(engine, "keyless-" + schema.replace('_', '-'),
                    DmsTestFixture.includeSchema(schema), 100));
            engine.start(task, StartMode.START_REPLICATION);
            DmsTestFixture.loaded(engine, task);
            pair.source().execute("INSERT INTO " + table + " VALUES (3, 'c', 'long body 3', 's3')",
                    "UPDATE " + table + " SET title = 'B' WHERE n = 2", "DELETE FROM " + table + " WHERE n = 1");
            DmsTestFixture.await("the CDC changes applied", () -> DmsTestFixture.table(engine, task, schema, "notes"),
                    t -> t.inserts() == 1 && t.updates() == 1 && t.deletes() == 1, 60);
            assertThat(DmsTestFixture.rows(pair.target(), table, "n")).containsExactly("2 | B | null | s2", "3 | c | null | s3");
        } finally {
            DmsTestFixture.dropSchema(pair, schema);
        }
    }
}
