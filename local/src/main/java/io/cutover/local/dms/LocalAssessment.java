package io.cutover.local.dms;

import io.cutover.core.ports.Replication.AssessmentItem;
import io.cutover.core.ports.Replication.AssessmentStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
            SourceTables catalog = new SourceTables(source);
            Map<String, String> v = catalog.variables(List.of("server_id", "binlog_format", "binlog_row_image",
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

            List<TableName> selected = task.mappings.select(catalog.baseTables());
            Map<TableName, TableInfo> tables = catalog.describe(selected);
            List<String> notInnoDb = catalog.notInnoDb(selected);
            items.add(item(prefix + "check-table-storage-engine", notInnoDb.isEmpty(), "warning",
                    notInnoDb.isEmpty() ? "every selected table is InnoDB" : "not InnoDB: " + String.join(", ", notInnoDb)));
            List<String> cascades = catalog.cascades(selected);
            items.add(item("local-check-cascade-constraints", cascades.isEmpty(), "warning", cascades.isEmpty()
                    ? "no selected table has ON DELETE/UPDATE CASCADE"
                    : "cascading foreign keys (their effects are not in the binlog; during the full load, changes apply without "
                    + "foreign key checks, as on DMS): " + String.join(", ", cascades)));
            List<String> keyless = tables.values().stream().filter(t -> !t.hasKey()).map(t -> t.name().toString()).toList();
            items.add(item("local-check-primary-keys", keyless.isEmpty(), "warning", keyless.isEmpty()
                    ? "every selected table has a primary key or a NOT NULL unique key"
                    : "no primary or NOT NULL unique key (changes match every column; a reload duplicates rows): " + String.join(", ", keyless)));
            try (Connection target = sessions.open(task.target(), Map.of())) {
                List<String> missing = SourceTables.missingOn(target, selected);
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
}
