package io.cutover.local.dms;

import io.cutover.core.ports.Replication.AssessmentItem;
import io.cutover.core.ports.Replication.AssessmentStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A local pre-migration assessment: the DMS individual assessments that matter for a MySQL/MariaDB task, run
 * for real against the two servers (with DMS's API keys, {@code mariadb-…} or {@code mysql-…} by source), plus
 * checks of the local engine itself ({@code local-…}). FAILED items block, WARNING items are reported.
 */
final class LocalAssessment {
    private final Sessions sessions;
    private final LocalTask task;

    LocalAssessment(Sessions sessions, LocalTask task) {
        this.sessions = sessions;
        this.task = task;
    }

    AssessmentStatus run(String runArn) {
        List<AssessmentItem> items = new ArrayList<>();
        try (Connection source = sessions.source(task.source)) {
            String prefix = version(source).toLowerCase(Locale.ROOT).contains("mariadb") ? "mariadb-" : "mysql-";
            Map<String, String> v = SourceCatalog.variables(source, List.of("server_id", "binlog_format", "binlog_row_image",
                    "expire_logs_days", "binlog_expire_logs_seconds", "binlog_transaction_compression", "log_bin_compress", "log_bin"));
            items.add(item(prefix + "check-server-id", num(v.get("server_id")) >= 1, "failed", "server_id = " + v.get("server_id")));
            items.add(item(prefix + "check-binlog-format", "ROW".equalsIgnoreCase(v.get("binlog_format")), "failed",
                    "binlog_format = " + v.get("binlog_format") + " (ROW is needed for CDC)"));
            items.add(item(prefix + "check-binlog-image", "FULL".equalsIgnoreCase(v.get("binlog_row_image")), "failed",
                    "binlog_row_image = " + v.get("binlog_row_image") + " (FULL is needed for CDC)"));
            boolean expires = num(v.get("expire_logs_days")) > 0 || num(v.get("binlog_expire_logs_seconds")) > 0;
            items.add(item(prefix + "check-expire-logs-days", expires, "warning", "binary logs are " + (expires ? "" : "never ") + "removed automatically"));
            boolean compressed = "ON".equalsIgnoreCase(v.get("binlog_transaction_compression")) || "ON".equalsIgnoreCase(v.get("log_bin_compress"));
            items.add(item(prefix + "check-binlog-compression", !compressed, "failed", "binary log compression is " + (compressed ? "on" : "off")));

            List<TableName> selected = task.mappings.select(SourceCatalog.baseTables(source));
            Map<TableName, TableInfo> tables = SourceCatalog.describe(source, selected);
            List<String> notInnoDb = engines(source, selected);
            items.add(item(prefix + "check-table-storage-engine", notInnoDb.isEmpty(), "warning",
                    notInnoDb.isEmpty() ? "every selected table is InnoDB" : "not InnoDB: " + String.join(", ", notInnoDb)));
            List<String> cascades = cascades(source, selected);
            items.add(item("local-check-cascade-constraints", cascades.isEmpty(), "warning", cascades.isEmpty()
                    ? "no selected table has ON DELETE/UPDATE CASCADE"
                    : "cascading foreign keys (their effects are not in the binlog; during the full load, changes apply without "
                    + "foreign key checks, as on DMS): " + String.join(", ", cascades)));
            List<String> keyless = tables.values().stream().filter(t -> !t.hasKey()).map(t -> t.name().toString()).toList();
            items.add(item("local-check-primary-keys", keyless.isEmpty(), "warning", keyless.isEmpty()
                    ? "every selected table has a primary key or a NOT NULL unique key"
                    : "no primary or NOT NULL unique key (changes match every column; a reload duplicates rows): " + String.join(", ", keyless)));
            try (Connection target = sessions.open(task.target(), Map.of())) {
                List<String> missing = missingOnTarget(target, selected);
                items.add(item("local-check-target-tables", missing.isEmpty(), "failed", missing.isEmpty()
                        ? "every selected table exists on the target (TargetTablePrepMode " + task.settings.prepMode() + ")"
                        : "missing on the target (the engine never creates tables): " + String.join(", ", missing)));
            }
            List<String> ignored = new ArrayList<>(task.settings.ignored());
            ignored.addAll(task.mappings.ignored());
            items.add(new AssessmentItem("local-engine-settings", "passed", ignored.isEmpty() ? "every setting applies locally"
                    : "read but not mimicked by the local engine: " + String.join("; ", ignored)));
        } catch (SQLException | RuntimeException e) {
            items.add(new AssessmentItem("local-assessment", "error", "the assessment could not run: " + e.getMessage()));
            return new AssessmentStatus(runArn, "error", items);
        }
        String state = items.stream().anyMatch(i -> i.status().equals("failed")) ? "failed"
                : items.stream().anyMatch(i -> i.status().equals("warning")) ? "warning" : "passed";
        return new AssessmentStatus(runArn, state, items);
    }

    private static AssessmentItem item(String name, boolean ok, String otherwise, String message) {
        return new AssessmentItem(name, ok ? "passed" : otherwise, message);
    }

    private static long num(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> engines(Connection c, List<TableName> tables) throws SQLException {
        Set<TableName> wanted = new HashSet<>(tables);
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT TABLE_SCHEMA, TABLE_NAME, ENGINE FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE'")) {
            while (rs.next()) {
                TableName t = new TableName(rs.getString(1), rs.getString(2));
                if (wanted.contains(t) && !"InnoDB".equalsIgnoreCase(rs.getString(3))) {
                    out.add(t + " (" + rs.getString(3) + ")");
                }
            }
        }
        return out;
    }

    private static List<String> cascades(Connection c, List<TableName> tables) throws SQLException {
        Set<TableName> wanted = new HashSet<>(tables);
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, DELETE_RULE, UPDATE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS "
                        + "WHERE DELETE_RULE IN ('CASCADE', 'SET NULL', 'SET DEFAULT') OR UPDATE_RULE IN ('CASCADE', 'SET NULL', 'SET DEFAULT')")) {
            while (rs.next()) {
                TableName t = new TableName(rs.getString(1), rs.getString(2));
                if (wanted.contains(t)) {
                    out.add(t + " (" + rs.getString(3) + ": ON DELETE " + rs.getString(4) + ", ON UPDATE " + rs.getString(5) + ")");
                }
            }
        }
        return out;
    }

    private static List<String> missingOnTarget(Connection target, List<TableName> tables) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (PreparedStatement ps = target.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            for (TableName t : tables) {
                ps.setString(1, t.schema());
                ps.setString(2, t.table());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        missing.add(t.toString());
                    }
                }
            }
        }
        return missing;
    }
}
