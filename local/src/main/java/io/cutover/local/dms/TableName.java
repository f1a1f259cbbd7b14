package io.cutover.local.dms;

import io.cutover.core.sql.Sql;
import java.util.Comparator;

/** A source table, {@code schema.table}, as the engine names it in table states, hooks and logs. */
public record TableName(String schema, String table) implements Comparable<TableName> {
    private static final Comparator<TableName> ORDER = Comparator.comparing(TableName::schema).thenComparing(TableName::table);

    public TableName {
        if (schema == null || schema.isEmpty() || table == null || table.isEmpty()) {
            throw new IllegalArgumentException("a table name needs a schema and a table, got " + schema + "." + table);
        }
    }

    /** Parses {@code schema.table} (the first dot separates them; table names may contain dots). */
    public static TableName parse(String qualified) {
        int dot = qualified == null ? -1 : qualified.indexOf('.');
        if (dot <= 0 || dot == qualified.length() - 1) {
            throw new IllegalArgumentException("'" + qualified + "' is not schema.table");
        }
        return new TableName(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    public String quoted() {
        return Sql.qualified(schema, table);
    }

    @Override
    public int compareTo(TableName other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
