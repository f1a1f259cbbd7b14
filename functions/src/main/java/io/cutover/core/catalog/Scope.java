package io.cutover.core.catalog;

import io.cutover.core.sql.Sql;
import java.util.List;

/**
 * The schemas the catalogue reads: the migration's {@code schemas}. Every catalogue query is restricted to them with
 * bind parameters ({@code table_schema IN (?, ?)}), never by concatenating names. An empty scope matches nothing.
 */
public record Scope(List<String> schemas) {
    public Scope {
        schemas = List.copyOf(schemas);
    }

    /** {@code <column> IN (?, ?, …)}; bind {@link #params()}. */
    public String in(String column) {
        return schemas.isEmpty() ? "1 = 0" : column + " IN (" + Sql.placeholders(schemas.size()) + ")";
    }

    public Object[] params() {
        return schemas.toArray();
    }

    public boolean contains(String schema) {
        return schemas.contains(schema);
    }
}
