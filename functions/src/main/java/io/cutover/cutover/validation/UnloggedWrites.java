package io.cutover.cutover.validation;

import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.sql.Sql;
import io.cutover.cutover.validation.ValidationModel.ChangedKeys;
import io.cutover.cutover.validation.ValidationModel.WriteCounters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes the binlog does not carry (a session with {@code sql_log_bin = 0}, anything else that bypasses it) still
 * count in performance_schema's per-table I/O summary: {@code COUNT_WRITE} of
 * {@code performance_schema.table_io_waits_summary_by_table} counts every row inserted, updated or deleted through the
 * handler (https://dev.mysql.com/doc/refman/8.0/en/performance-schema-table-wait-summary-tables.html; MariaDB:
 * https://mariadb.com/kb/en/performance-schema-table_io_waits_summary_by_table-table/). The pre-freeze pass records
 * the counters before it records its binlog position; the post-freeze pass reads them again, and a table that was
 * written more often than the binlog shows between the two positions is suspect and verified in full. More writes than
 * events can also come from a rolled-back transaction or an update that changed nothing: those cost a full pass of
 * the table, not a missed difference, except the transactions the freeze itself refused at COMMIT, whose rows the freeze
 * counted ({@link ValidationModel.WritesInFlightAtFreeze}): they may explain that much surplus of all tables together.
 * With performance_schema off nothing can be compared, and the plan says so.
 */
final class UnloggedWrites {
    private UnloggedWrites() {}

    /**
     * A server's counters now, per {@code schema.table} of the migrated schemas. Not available when performance_schema is
     * off, or when it has lost table instrumentation since the server started ({@code Performance_schema_table_handles_lost}
     * or {@code Performance_schema_table_instances_lost} above 0: a table or handle it could not instrument counts no write,
     * https://dev.mysql.com/doc/refman/8.0/en/performance-schema-status-monitoring.html), so that a missing counter is
     * never read as "not written".
     */
    static WriteCounters read(Database source, List<String> schemas) {
        String on = source.globalVariables(List.of("performance_schema")).getOrDefault("performance_schema", "OFF");
        if (!on.equalsIgnoreCase("ON") && !on.equals("1")) {
            return new WriteCounters(false, Map.of());
        }
        for (Row lost : source.query("SHOW GLOBAL STATUS LIKE 'Performance\\_schema\\_table\\_%\\_lost'")) {
            String name = lost.string("Variable_name").toLowerCase(Locale.ROOT);
            boolean io = name.equals("performance_schema_table_handles_lost") || name.equals("performance_schema_table_instances_lost");
            if (io && lost.longValue("Value", 0) > 0) {
                return new WriteCounters(false, Map.of());
            }
        }
        Map<String, Long> writes = new LinkedHashMap<>();
        List<Row> rows = source.query("SELECT OBJECT_SCHEMA AS s, OBJECT_NAME AS t, COUNT_WRITE AS w FROM performance_schema.table_io_waits_summary_by_table "
                + "WHERE OBJECT_TYPE = 'TABLE' AND OBJECT_SCHEMA IN (" + Sql.placeholders(schemas.size()) + ")", schemas.toArray());
        for (Row r : rows) {
            writes.put((r.string("s") + "." + r.string("t")).toLowerCase(Locale.ROOT), r.longValue("w", 0));
        }
        return new WriteCounters(true, writes);
    }

    /** {@code changes} with every table written more often than its binlog row events marked FULL. */
    static ChangedKeys suspects(WriteCounters before, WriteCounters after, ChangedKeys changes, List<String> tables) {
        return suspects(before, after, changes, tables, null);
    }

    /**
     * {@code changes} with every table written more often than its binlog row events marked FULL, unless the surplus of
     * all tables together is no more than the rows the transactions open at the freeze had modified ({@code inFlight}):
     * those transactions could not commit, so their counted writes are exactly writes the binlog never got, and a write
     * behind the binlog's back adds to the surplus beyond them. A counter that went back is suspect whatever the bound.
     */
    static ChangedKeys suspects(WriteCounters before, WriteCounters after, ChangedKeys changes, List<String> tables,
                                ValidationModel.WritesInFlightAtFreeze inFlight) {
        List<String> warnings = new ArrayList<>(changes.warnings());
        if (before == null || !before.available() || !after.available()) {
            warnings.add("performance_schema is off on the source (or lost table instrumentation): writes the binlog does not carry "
                    + "(sql_log_bin = 0) cannot be seen; only the exact counts would show their inserts and deletes");
            return changes.with(changes.keys(), changes.full(), List.copyOf(warnings));
        }
        Map<String, Long> surplus = new LinkedHashMap<>();
        List<String> reset = new ArrayList<>();
        for (String table : tables) {
            String id = table.toLowerCase(Locale.ROOT);
            long delta = after.writes().getOrDefault(id, 0L) - before.writes().getOrDefault(id, 0L);
            long logged = changes.rowEvents().getOrDefault(table, 0L);
            if (delta < 0) { // a counter that went back was reset: nothing can be told
                reset.add(table);
            } else if (delta > logged) {
                surplus.put(table, delta - logged);
            }
        }
        long total = surplus.values().stream().mapToLong(Long::longValue).sum();
        if (total > 0 && inFlight != null && inFlight.rowsModified() != null && total <= inFlight.rowsModified()) {
            warnings.add("written more often than the binlog shows, by " + total + " row(s) in all (" + describe(surplus) + "): no more than the "
                    + inFlight.rowsModified() + " row(s) the " + inFlight.transactions() + " transaction(s) open at the freeze had modified, "
                    + "which could not commit once read_only was on: not suspect");
            surplus.clear();
        }
        Set<String> full = new TreeSet<>(changes.full());
        Map<String, List<List<String>>> keys = new LinkedHashMap<>(changes.keys());
        List<String> suspect = new ArrayList<>();
        for (String table : tables) {
            boolean isSuspect = reset.contains(table) || surplus.containsKey(table);
            if (isSuspect) {
                if (full.add(table)) {
                    long delta = after.writes().getOrDefault(table.toLowerCase(Locale.ROOT), 0L)
                            - before.writes().getOrDefault(table.toLowerCase(Locale.ROOT), 0L);
                    suspect.add(table + " (" + delta + " writes, " + changes.rowEvents().getOrDefault(table, 0L) + " in the binlog)");
                }
                keys.remove(table);
            }
        }
        if (!suspect.isEmpty()) {
            String bound = inFlight == null || inFlight.rowsModified() == null ? ""
                    : "; more than the " + inFlight.rowsModified() + " row(s) the transactions open at the freeze had modified";
            warnings.add("written more often than the binlog shows, verified in full: " + String.join(", ", suspect) + bound);
        }
        return changes.with(keys, full, List.copyOf(warnings));
    }

    private static String describe(Map<String, Long> surplus) {
        List<String> parts = new ArrayList<>();
        surplus.forEach((table, n) -> parts.add(table + " +" + n));
        return String.join(", ", parts);
    }
}
