package io.cutover.precheck.objects;

import io.cutover.core.sql.Sql;
import java.util.List;

/**
 * The schemas a check looks at: the migration's {@code schemas}. Every catalog query is restricted to them with
 * bind parameters ({@code table_schema IN (?, ?)}), never by concatenating names.
 */
record Scope(List<String> schemas) {
    Scope {
        schemas = List.copyOf(schemas);
        if (schemas.isEmpty()) {
            throw new IllegalArgumentException("no schemas to check: the migration's 'schemas' is empty");
        }
    }

    /** {@code <column> IN (?, ?, …)}; bind {@link #params()}. */
    String in(String column) {
        return column + " IN (" + Sql.placeholders(schemas.size()) + ")";
    }

    Object[] params() {
        return schemas.toArray();
    }

    boolean contains(String schema) {
        return schemas.contains(schema);
    }
}
