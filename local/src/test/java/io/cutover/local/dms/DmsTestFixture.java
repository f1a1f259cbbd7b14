package io.cutover.local.dms;

import io.cutover.core.config.DmsTls;
import io.cutover.core.db.DatabaseRole;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbServer;
import io.cutover.core.ports.Replication.EndpointPair;
import io.cutover.core.ports.Replication.EndpointSpec;
import io.cutover.core.ports.Replication.TaskDefinition;
import io.cutover.testing.Await;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Helpers shared by the engine's tests: schemas on both servers, endpoints, task documents, table comparison. */
final class DmsTestFixture {
    static final String SETTINGS = """
            {"FullLoadSettings": {"TargetTablePrepMode": "DO_NOTHING", "MaxFullLoadSubTasks": 2, "CommitRate": %d},
             "ErrorBehavior": {"RecoverableErrorCount": 5, "RecoverableErrorInterval": 0, "TableErrorPolicy": "SUSPEND_TABLE"},
             "TargetMetadata": {"SupportLobs": true, "LimitedSizeLobMode": true, "LobMaxSize": 1024},
             "Logging": {"EnableLogging": true}}
            """;

    private DmsTestFixture() {}

    /** Polls {@code read} until {@code done} holds, at most {@code seconds}; the last value seen is in the failure. */
    static <T> T await(String what, java.util.function.Supplier<T> read, java.util.function.Predicate<T> done, int seconds) {
        return Await.until(what, read, done, Duration.ofSeconds(seconds));
    }

    /**
     * The task's statistics row of {@code schema.table}. Not the first row: on a server an earlier test class left a
     * {@code cutover.heartbeat} table on, the task replicates that too and it sorts first.
     */
    static io.cutover.core.ports.Replication.TableState table(LocalDmsEngine engine, io.cutover.core.ports.Replication.TaskRef task,
                                                            String schema, String table) {
        return engine.progress(task).tables().stream().filter(t -> t.schema().equals(schema) && t.table().equals(table))
                .findFirst().orElseThrow(() -> new AssertionError("no statistics for " + schema + "." + table));
    }

    /** Waits for status running, full load 100 %, every table completed. */
    static io.cutover.core.ports.Replication.TaskProgress loaded(LocalDmsEngine engine, io.cutover.core.ports.Replication.TaskRef task) {
        return await("full load complete", () -> engine.progress(task),
                p -> "running".equals(p.status()) && Integer.valueOf(100).equals(p.fullLoadPercent()) && p.tablesLoading() + p.tablesQueued() == 0, 120);
    }

    /** Same rows on both servers: CHECKSUM TABLE equal, and (for a readable failure) the rows as text. */
    static void assertSameRows(DatabasePair pair, String table, String orderBy) {
        List<String> source = rows(pair.source(), table, orderBy);
        List<String> target = rows(pair.target(), table, orderBy);
        org.assertj.core.api.Assertions.assertThat(target).as("rows of " + table + " on the target").containsExactlyElementsOf(source);
        org.assertj.core.api.Assertions.assertThat(checksum(pair.target(), table)).as("CHECKSUM TABLE " + table).isEqualTo(checksum(pair.source(), table));
    }

    /** Waits until the target has the source's rows of {@code table}. */
    static void awaitSameRows(DatabasePair pair, String table, String orderBy) {
        await("the target's " + table + " equal to the source's", () -> checksum(pair.target(), table) == checksum(pair.source(), table)
                && rows(pair.target(), table, orderBy).equals(rows(pair.source(), table, orderBy)), ok -> ok, 60);
        assertSameRows(pair, table, orderBy);
    }

    /** Endpoints as the DMS replication user on each side (its real grants). */
    static EndpointPair endpoints(LocalDmsEngine engine, String prefix) {
        return engine.ensureEndpoints(new EndpointSpec(prefix, null, null, DatabasePair.secretId(DatabaseRole.SOURCE, "dms"),
                DatabasePair.secretId(DatabaseRole.TARGET, "dms"), "arn:aws:iam::000000000000:role/local",
                new DmsTls(DatabaseRole.SOURCE, "none", null), new DmsTls(DatabaseRole.TARGET, "none", null), "UTC", null));
    }

    static String includeSchema(String schema) {
        return "{\"rules\":[{\"rule-type\":\"selection\",\"rule-id\":\"1\",\"rule-name\":\"include\",\"rule-action\":\"include\","
                + "\"object-locator\":{\"schema-name\":\"" + schema + "\",\"table-name\":\"%\"}}]}";
    }

    /** {@link #includeSchema} and a remove-column rule for each of {@code columns} of {@code table}, as Cutover builds them. */
    static String includeSchemaRemoving(String schema, String table, String... columns) {
        List<io.cutover.core.catalog.GeneratedColumns.Column> removed = new java.util.ArrayList<>();
        for (String c : columns) {
            removed.add(new io.cutover.core.catalog.GeneratedColumns.Column(schema, table, c, "GENERATED"));
        }
        return io.cutover.replication.TableMappings.build(List.of(schema), removed);
    }

    static TaskDefinition task(LocalDmsEngine engine, String taskId, String mappings, int commitRate) {
        return new TaskDefinition(taskId, "arn:local:rep", endpoints(engine, "ep"), "full-load-and-cdc", mappings, SETTINGS.formatted(commitRate));
    }

    /** Runs statements as root on both servers. */
    static void both(DatabasePair pair, String... statements) {
        pair.source().execute(statements);
        pair.target().execute(statements);
    }

    static void dropSchema(DatabasePair pair, String schema) {
        both(pair, "DROP DATABASE IF EXISTS `" + schema + "`");
    }

    /** CHECKSUM TABLE on a server: the same value on both sides means the same rows, byte for byte. */
    static long checksum(MariaDbServer server, String table) {
        return firstRowLong(server, "CHECKSUM TABLE " + table, 2); // columns: Table, Checksum
    }

    /** Every row as text (HEX for bytes, server text for the rest), ordered: what a failing comparison shows. */
    static List<String> rows(MariaDbServer server, String table, String orderBy) {
        List<String> out = new ArrayList<>();
        try (Connection c = server.rootConnection(); Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
            try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY " + orderBy)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        int type = rs.getMetaData().getColumnType(i);
                        boolean bytes = type == java.sql.Types.BINARY || type == java.sql.Types.VARBINARY || type == java.sql.Types.LONGVARBINARY
                                || type == java.sql.Types.BLOB || type == java.sql.Types.BIT || "GEOMETRY".equalsIgnoreCase(rs.getMetaData().getColumnTypeName(i));
                        byte[] raw = bytes ? rs.getBytes(i) : null;
                        Object v = bytes ? (raw == null ? null : java.util.HexFormat.of().formatHex(raw)) : rs.getString(i);
                        row.append(i > 1 ? " | " : "").append(v);
                    }
                    out.add(row.toString());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static long count(MariaDbServer server, String table) {
        return firstRowLong(server, "SELECT COUNT(*) FROM " + table, 1);
    }

    private static long firstRowLong(MariaDbServer server, String sql, int column) {
        try (Connection c = server.rootConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(column);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
