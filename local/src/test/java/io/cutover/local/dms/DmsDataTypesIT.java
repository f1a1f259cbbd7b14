package io.cutover.local.dms;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.local.db.DatabasePair;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import io.cutover.core.ports.Replication.StartMode;
import io.cutover.core.ports.Replication.TableState;
import io.cutover.core.ports.Replication.TaskRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every column type a MySQL schema commonly has crosses the engine exactly, by the full load (JDBC, binary
 * protocol) and by CDC (binlog rows): compared row by row and with CHECKSUM TABLE (the stored bytes).
 */
@ExtendWith(DatabaseServers.class)
class DmsDataTypesIT {
    private static final String COLUMNS = "ti, tiu, si, siu, mi, miu, i, iu, bi, biu, dc, f, d, c, vc, tx, lt, bn, vb, bl, "
            + "dt, tm, dtm, ts, dt0, y, b1, b64, e, st, j, g, pt, lat, t1";

    @Test
    void everyTypeCrossesExactlyByFullLoadAndByCdc(TestDatabases db) {
        DatabasePair pair = db.pair();
        String schema = TestDatabases.newSchema("dmstypes");
        String table = "`" + schema + "`.t";
        DmsTestFixture.both(pair, "CREATE DATABASE `" + schema + "`", "CREATE TABLE " + table + " ("
                + "id INT PRIMARY KEY, ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED, mi MEDIUMINT, "
                + "miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED, dc DECIMAL(30,10), f FLOAT, d DOUBLE, "
                + "c CHAR(10), vc VARCHAR(100), tx TEXT, lt LONGTEXT, bn BINARY(4), vb VARBINARY(20), bl BLOB, "
                + "dt DATE, tm TIME(6), dtm DATETIME(6), ts TIMESTAMP(3) NULL, dt0 DATETIME, y YEAR, b1 BIT(1), b64 BIT(64), "
                + "e ENUM('small','medium','large'), st SET('a','b','c','d'), j JSON, g GEOMETRY, pt POINT, "
                + "lat VARCHAR(20) CHARACTER SET latin1, t1 TINYINT(1), gen BIGINT AS (i * 2) VIRTUAL, gs VARCHAR(20) AS (CONCAT(vb, '!')) STORED"
                + ") DEFAULT CHARSET=utf8mb4");
        pair.source().execute("SET time_zone = '+00:00'", "INSERT INTO " + table + " (id, " + COLUMNS + ") VALUES "
                + "(1, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615, "
                + "12345678901234567890.0123456789, 3.1415927, 2.718281828459045, 'abc', 'héllo wörld 😀🎉', 'text 🚀 with emoji', "
                + "REPEAT('long text ', 10000), 0x00FF00FF, 0x000102, UNHEX(REPEAT('00FF7F80', 1000)), '1000-01-01', '-838:59:59.000000', "
                + "'2024-02-29 23:59:59.999999', '2038-01-19 03:14:07.999', '9999-12-31 23:59:59', 2155, b'1', "
                + "b'1111111111111111111111111111111111111111111111111111111111111111', 'large', 'a,d', '{\"k\": [1, 2, {\"x\": \"😀\"}], \"n\": null}', "
                + "ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))'), POINT(1.5, -2.25), 'café', 5),"
                + "(2, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0, -0.0000000001, -1.17549435E-38, "
                + "-1.7976931348623157E308, '', '', '', '', 0x00000000, '', '', '0000-00-00', '838:59:59.000000', '1000-01-01 00:00:00.000000', "
                + "'1970-01-01 00:00:01.000', '0000-00-00 00:00:00', 0, b'0', b'0', 'small', '', '[]', POINT(0, 0), POINT(0, 0), '', -1),"
                + "(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                + "(4, 0, 1, 0, 1, 0, 1, 0, 1, 0, 9223372036854775808, 0.5, 0.1, 0.1, 'x', 'y', 'z', 'w', 0x01, 0x02, 0x03, '2000-02-29', "
                + "'-12:34:56.789', '1582-10-04 12:00:00.5', '2024-01-01 00:00:00.000', '1900-01-01 00:00:00', 1901, b'0', "
                + "b'1000000000000000000000000000000000000000000000000000000000000000', 'medium', 'b,c,d', '\"just a string\"', "
                + "ST_GeomFromText('MULTIPOINT(1 1, 2 2)'), POINT(-180, 90), 'ÿ', 1)");

        try (LocalDmsEngine engine = new LocalDmsEngine(db.secrets())) {
            TaskRef task = engine.ensureTask(DmsTestFixture.task(engine, "types-" + schema.replace('_', '-'), DmsTestFixture.includeSchemaRemoving(schema, "t", "gen", "gs"), 2));
            engine.start(task, StartMode.START_REPLICATION);
            DmsTestFixture.loaded(engine, task);
            DmsTestFixture.assertSameRows(pair, table, "id");

            // CDC: the same values under new keys, updates (one moves the row to another key), a delete
            pair.source().execute("SET time_zone = '+00:00'",
                    "INSERT INTO " + table + " (id, " + COLUMNS + ") SELECT id + 100, " + COLUMNS + " FROM " + table + " WHERE id <= 4",
                    "UPDATE " + table + " SET vc = 'changed 😀', tm = '-00:00:00.000001', f = -f, b64 = b'101', j = JSON_OBJECT('changed', true), "
                            + "ts = '2001-02-03 04:05:06.789', lat = 'naïve' WHERE id = 101",
                    "UPDATE " + table + " SET vc = 'was null', dtm = '2020-01-01 00:00:00.000001', y = 1999, g = POINT(3, 4) WHERE id = 103",
                    "UPDATE " + table + " SET id = 200 WHERE id = 102",
                    "DELETE FROM " + table + " WHERE id = 104");
            TableState stats = DmsTestFixture.await("the CDC changes applied", () -> DmsTestFixture.table(engine, task, schema, "t"),
                    t -> t.inserts() == 4 && t.updates() == 3 && t.deletes() == 1, 60);
            assertThat(stats.fullLoadRows()).isEqualTo(4);
            DmsTestFixture.assertSameRows(pair, table, "id");
            assertThat(DmsTestFixture.count(pair.target(), table)).isEqualTo(7);
        } finally {
            DmsTestFixture.dropSchema(pair, schema);
        }
    }
}
