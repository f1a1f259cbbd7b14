package io.cutover.core.catalog;

import io.cutover.core.sql.Identifier;
import io.cutover.core.sql.Sql;
import java.util.List;

/**
 * The schemas the catalogue reads: the migration's {@code schemas}, or with {@link #userSchemas()} every schema but the
 * server's own. Every catalogue query is restricted to them with bind parameters ({@code table_schema IN (?, ?)}),
 * never by concatenating names. An empty list of schemas matches nothing.
 *
 * @param allBut true: every schema except {@code schemas}
 */
public record Scope(List<String> schemas, boolean allBut) {
    public Scope {
        schemas = List.copyOf(schemas);
    }

    public Scope(List<String> schemas) {
        this(schemas, false);
    }

    /** Every schema but the server's own ({@link Identifier#SYSTEM_SCHEMAS}): what the local DMS engine may select from. */
    public static Scope userSchemas() {
        return new Scope(Identifier.SYSTEM_SCHEMAS, true);
    }

    /** {@code <column> IN (?, ?, …)} ({@code NOT IN} for {@link #userSchemas()}); bind {@link #params()}. */
    public String in(String column) {
        if (schemas.isEmpty()) {
            return allBut ? "1 = 1" : "1 = 0";
        }
        return column + (allBut ? " NOT IN (" : " IN (") + Sql.placeholders(schemas.size()) + ")";
    }

    public Object[] params() {
        return schemas.toArray();
    }

    public boolean contains(String schema) {
        if (allBut) {
            return schemas.stream().noneMatch(s -> s.equalsIgnoreCase(schema));
        }
        return schemas.contains(schema);
    }
}
