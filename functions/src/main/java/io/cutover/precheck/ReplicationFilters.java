package io.cutover.precheck;

import io.cutover.core.db.Row;
import io.cutover.core.sql.Sql;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the filter columns of SHOW MASTER / BINARY LOG STATUS and SHOW REPLICA STATUS and says which of them
 * hide a migrated schema: a change that a filter keeps out of the binary log never reaches DMS.
 */
final class ReplicationFilters {
    private ReplicationFilters() {}

    /** One filter column: its name and its comma-separated entries. */
    record Filter(String column, List<String> entries) {
        static Filter of(String column, Row row) {
            String value = row.has(column) ? row.string(column) : null;
            List<String> entries = value == null ? List.of()
                    : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            return new Filter(column, entries);
        }

        boolean isEmpty() {
            return entries.isEmpty();
        }

        @Override
        public String toString() {
            return column + " = " + String.join(",", entries);
        }
    }

    /** Problems of a do-db / ignore-db pair for the migrated schemas. */
    static List<String> databaseProblems(Filter doDb, Filter ignoreDb, SchemaScope scope, String consequence) {
        List<String> problems = new ArrayList<>();
        for (String schema : scope.names()) {
            if (!doDb.isEmpty() && !doDb.entries().contains(schema)) {
                problems.add("schema " + schema + " is not in " + doDb + ": its changes " + consequence);
            }
            if (ignoreDb.entries().contains(schema)) {
                problems.add("schema " + schema + " is in " + ignoreDb + ": its changes " + consequence);
            }
        }
        return problems;
    }

    static List<String> describe(Filter... filters) {
        return Arrays.stream(filters).filter(f -> !f.isEmpty()).map(Filter::toString).toList();
    }

    /** Problems of the replication filters of a replica source (its binlog only holds what it applied). */
    static List<String> replicaProblems(Row row, SchemaScope scope) {
        String consequence = "are not applied on this replica, so they are not in its binary log";
        List<String> problems = new ArrayList<>(databaseProblems(Filter.of("Replicate_Do_DB", row),
                Filter.of("Replicate_Ignore_DB", row), scope, consequence));
        for (String column : List.of("Replicate_Do_Table", "Replicate_Wild_Do_Table")) {
            Filter only = Filter.of(column, row);
            if (!only.isEmpty()) {
                problems.add(only + ": this replica applies only those tables, so changes to the other tables of the "
                        + "migrated schemas are not in its binary log");
            }
        }
        for (String entry : Filter.of("Replicate_Ignore_Table", row).entries()) {
            String schema = entry.contains(".") ? entry.substring(0, entry.indexOf('.')) : entry;
            if (scope.contains(schema)) {
                problems.add("table " + entry + " is in Replicate_Ignore_Table: its changes " + consequence);
            }
        }
        for (String entry : Filter.of("Replicate_Wild_Ignore_Table", row).entries()) {
            String schemaPattern = entry.contains(".") ? entry.substring(0, entry.indexOf('.')) : entry;
            for (String schema : scope.names()) {
                if (likeMatches(schemaPattern, schema)) {
                    problems.add("Replicate_Wild_Ignore_Table " + entry + " matches schema " + schema + ": those changes " + consequence);
                }
            }
        }
        return problems;
    }

    static List<String> describeReplica(Row row) {
        List<String> seen = new ArrayList<>();
        for (String column : List.of("Replicate_Do_DB", "Replicate_Ignore_DB", "Replicate_Do_Table", "Replicate_Ignore_Table",
                "Replicate_Wild_Do_Table", "Replicate_Wild_Ignore_Table")) {
            Filter f = Filter.of(column, row);
            if (!f.isEmpty()) {
                seen.add(f.toString());
            }
        }
        return seen;
    }

    /** SQL LIKE semantics, case-insensitive as schema filters are on most servers ({@link Sql#likeMatches}). */
    static boolean likeMatches(String pattern, String value) {
        return Sql.likeMatches(pattern, value);
    }
}
