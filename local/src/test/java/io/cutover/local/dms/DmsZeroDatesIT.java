package io.cutover.local.dms;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.ports.Replication.StartMode;
import io.cutover.core.ports.Replication.TableState;
import io.cutover.core.ports.Replication.TaskRef;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbServer;
import io.cutover.local.db.ParameterGroup;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Zero dates on a target that does not support them: "If the DATETIME and TIMESTAMP data types are specified with a
 * "zero" value (that is, 0000-00-00), make sure that the target database in the replication task supports "zero"
 * values … Otherwise, these values are recorded as null on the target"
 * (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Source.MySQL.html#CHAP_Source.MySQL.DataTypes). The target's
 * global sql_mode is set through the parameter group to Aurora MySQL 3's strict dates (NO_ZERO_DATE, NO_ZERO_IN_DATE),
 * as readiness's dc-zero-invalid-dates assumes. DmsDataTypesIT shows the other side: a target whose mode accepts zero
 * dates gets them exactly.
 */
@ExtendWith(DatabaseServers.class)
class DmsZeroDatesIT {
    private static final String STRICT_DATES = "STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";

    @Test
    void zeroDatesArriveAsNullAndOtherInvalidDatesFailTheirTable(TestDatabases db) {
        DatabasePair pair = db.pair();
        String schema = TestDatabases.newSchema("dmszero");
        String dates = "`" + schema + "`.dates";
        String required = "`" + schema + "`.required";
        String zeroIn = "`" + schema + "`.zero_in";
        DmsTestFixture.both(pair, "CREATE DATABASE `" + schema + "`",
                "CREATE TABLE " + dates + " (id INT PRIMARY KEY, dt DATETIME(3) NULL, d DATE NULL, ts TIMESTAMP NULL DEFAULT NULL)",
                "CREATE TABLE " + required + " (id INT PRIMARY KEY, dt DATETIME NOT NULL)",
                "CREATE TABLE " + zeroIn + " (id INT PRIMARY KEY, d DATE NULL)");
        pair.source().execute("SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'",
                "INSERT INTO " + dates + " VALUES (1, '0000-00-00 00:00:00', '0000-00-00', '0000-00-00 00:00:00'), "
                        + "(2, '2024-02-29 10:11:12.345', '0001-01-01', '2024-01-02 03:04:05')",
                "INSERT INTO " + required + " VALUES (1, '0000-00-00 00:00:00')",
                "INSERT INTO " + zeroIn + " VALUES (1, '2020-00-10')");
        String before = globalSqlMode(pair.target());
        setTargetSqlMode(pair.target(), STRICT_DATES);
        try (LocalDmsEngine engine = new LocalDmsEngine(db.secrets())) {
            TaskRef task = engine.ensureTask(DmsTestFixture.task(engine, "zero-" + schema.replace('_', '-'),
                    DmsTestFixture.includeSchema(schema), 100));
            engine.start(task, StartMode.START_REPLICATION);
            DmsTestFixture.await("the full load done", () -> engine.progress(task),
                    p -> "running".equals(p.status()) && p.tablesLoading() + p.tablesQueued() == 0, 120);
            pair.source().execute("SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'",
                    "INSERT INTO " + dates + " VALUES (3, '0000-00-00 00:00:00.000', '0000-00-00', NULL)",
                    "UPDATE " + dates + " SET d = '0000-00-00' WHERE id = 2");
            DmsTestFixture.await("the CDC changes applied", () -> table(engine, task, "dates"),
                    t -> t.inserts() == 1 && t.updates() == 1, 60);

            assertThat(DmsTestFixture.rows(pair.target(), dates, "id")).as("zero dates recorded as NULL, real dates exact")
                    .containsExactly("1 | null | null | null", "2 | 2024-02-29 10:11:12.345 | null | 2024-01-02 03:04:05",
                            "3 | null | null | null");
            TableState notNull = table(engine, task, "required");
            assertThat(notNull.state()).as("a NOT NULL column refuses the NULL DMS records").isEqualTo("Table error");
            assertThat(notNull.lastError()).containsIgnoringCase("null");
            TableState invalid = table(engine, task, "zero_in");
            assertThat(invalid.state()).isEqualTo("Table error");
            assertThat(invalid.lastError()).contains("'2020-00-10'").contains("not documented");
            assertThat(DmsTestFixture.count(pair.target(), zeroIn)).isZero();
        } finally {
            setTargetSqlMode(pair.target(), before);
            DmsTestFixture.dropSchema(pair, schema);
        }
    }

    private static TableState table(LocalDmsEngine engine, TaskRef task, String name) {
        return engine.progress(task).tables().stream().filter(t -> t.table().equals(name)).findFirst().orElseThrow();
    }

    /** Through the parameter group on an Aurora-profile target (the master user cannot SET GLOBAL), else as root. */
    private static void setTargetSqlMode(MariaDbServer target, String mode) {
        if (target.options().isAurora()) {
            new ParameterGroup(target).modify("sql_mode", mode);
        } else {
            target.execute("SET GLOBAL sql_mode = '" + mode + "'");
        }
    }

    private static String globalSqlMode(MariaDbServer server) {
        try (Connection c = server.rootConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@GLOBAL.sql_mode")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
