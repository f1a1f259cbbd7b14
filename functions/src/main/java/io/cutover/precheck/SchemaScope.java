package io.cutover.precheck;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.sql.Sql;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The migrated schemas as an SQL condition with bind parameters: checks look at these schemas only (the
 * catalog's {@code $USER_SCHEMAS}), with one query per check over information_schema.
 */
public record SchemaScope(List<String> schemas) {

    public SchemaScope {
        schemas = List.copyOf(schemas);
        if (schemas.isEmpty()) {
            throw new IllegalArgumentException("no schema to check (config.schemas is empty)");
        }
    }

    public static SchemaScope of(MigrationConfig config) {
        return new SchemaScope(config.schemas());
    }

    /** {@code column IN (?, ?, …)}; bind {@link #params(Object...)}. */
    public String in(String column) {
        return column + " IN (" + Sql.placeholders(schemas.size()) + ")";
    }

    /** {@code before}, then the schema names: the bind parameters of a query that uses {@link #in} once. */
    public Object[] params(Object... before) {
        List<Object> all = new ArrayList<>(List.of(before));
        all.addAll(schemas);
        return all.toArray();
    }

    /** The schema names repeated {@code times} (a query that uses {@link #in} several times). */
    public Object[] repeated(int times) {
        List<Object> all = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            all.addAll(schemas);
        }
        return all.toArray();
    }

    public boolean contains(String schema) {
        return schemas.contains(schema);
    }

    public List<String> names() {
        return Collections.unmodifiableList(schemas);
    }
}
