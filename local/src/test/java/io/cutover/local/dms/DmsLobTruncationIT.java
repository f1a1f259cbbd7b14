package io.cutover.local.dms;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.ports.Replication.StartMode;
import io.cutover.core.ports.Replication.TaskDefinition;
import io.cutover.core.ports.Replication.TaskRef;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Limited LOB mode: "LOBs that exceed the maximum LOB size are truncated, and a warning is issued to the log file"
 * (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.LOBSupport.html). The local engine cuts LOB values
 * longer than LobMaxSize by the full load and by CDC, and leaves shorter ones and non-LOB columns whole, so a
 * rehearsal shows the data a real limited-mode task would cut.
 */
@ExtendWith(DatabaseServers.class)
class DmsLobTruncationIT {
    private static final String LIMITED_1_KB = """
            {"FullLoadSettings": {"TargetTablePrepMode": "DO_NOTHING", "MaxFullLoadSubTasks": 2, "CommitRate": 100},
             "ErrorBehavior": {"RecoverableErrorCount": 5, "RecoverableErrorInterval": 0, "TableErrorPolicy": "SUSPEND_TABLE"},
             "TargetMetadata": {"SupportLobs": true, "FullLobMode": false, "LimitedSizeLobMode": true, "LobMaxSize": 1}}
            """;

    @Test
    void lobsLongerThanLobMaxSizeAreTruncatedByFullLoadAndCdc(TestDatabases db) {
        DatabasePair pair = db.pair();
        String schema = TestDatabases.newSchema("dmslob");
        String table = "`" + schema + "`.docs";
        DmsTestFixture.both(pair, "CREATE DATABASE `" + schema + "`", "CREATE TABLE " + table
                + " (id INT PRIMARY KEY, body LONGTEXT, data LONGBLOB, title VARCHAR(2000)) DEFAULT CHARSET=utf8mb4");
        pair.source().execute("INSERT INTO " + table + " VALUES (1, REPEAT('é', 3000), REPEAT(0x41, 5000), REPEAT('t', 1500)),"
                + " (2, 'short', 0x0102, 'short')");
        try (LocalDmsEngine engine = new LocalDmsEngine(db.secrets())) {
            TaskRef task = engine.ensureTask(new TaskDefinition("lob-" + schema.replace('_', '-'), "arn:local:rep",
                    DmsTestFixture.endpoints(engine, "ep"), "full-load-and-cdc", DmsTestFixture.includeSchema(schema), LIMITED_1_KB));
            engine.start(task, StartMode.START_REPLICATION);
            DmsTestFixture.loaded(engine, task);
            assertThat(lengths(pair, table, 1)).containsExactly("1024", "1024", "1500"); // é is 2 bytes: 512 of them
            assertThat(lengths(pair, table, 2)).containsExactly("5", "2", "5");

            pair.source().execute("INSERT INTO " + table + " VALUES (3, REPEAT('x', 4000), REPEAT(0x42, 1025), 'cdc')");
            DmsTestFixture.await("the CDC insert applied", () -> DmsTestFixture.count(pair.target(), table), n -> n == 3, 60);
            assertThat(lengths(pair, table, 3)).containsExactly("1024", "1024", "3");
        } finally {
            DmsTestFixture.dropSchema(pair, schema);
        }
    }

    private static List<String> lengths(DatabasePair pair, String table, int id) {
        return DmsTestFixture.rows(pair.target(), "(SELECT id, LENGTH(body) AS b, LENGTH(data) AS d, LENGTH(title) AS t FROM " + table
                + " WHERE id = " + id + ") x", "id").stream().findFirst().map(r -> List.of(r.split("\\s*\\|\\s*"))).orElseThrow().subList(1, 4);
    }
}
