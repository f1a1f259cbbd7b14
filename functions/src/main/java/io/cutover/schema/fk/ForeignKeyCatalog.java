package io.cutover.schema.fk;

import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.sql.Sql;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every foreign key of the given schemas in one query (KEY_COLUMN_USAGE joined with
 * REFERENTIAL_CONSTRAINTS), columns in ORDINAL_POSITION order: the runbook's 6.2 phase 1, without
 * GROUP_CONCAT's length limit and separator ambiguity.
 */
public final class ForeignKeyCatalog {
    private ForeignKeyCatalog() {}

    public static List<ForeignKey> read(Database db, List<String> schemas) {
        if (schemas.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT k.CONSTRAINT_SCHEMA AS s, k.TABLE_NAME AS t, k.CONSTRAINT_NAME AS n, k.COLUMN_NAME AS c, "
                + "k.REFERENCED_TABLE_SCHEMA AS rs, k.REFERENCED_TABLE_NAME AS rt, k.REFERENCED_COLUMN_NAME AS rc, "
                + "r.DELETE_RULE AS dr, r.UPDATE_RULE AS ur "
                + "FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
                + "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
                + "WHERE k.REFERENCED_TABLE_NAME IS NOT NULL AND k.CONSTRAINT_SCHEMA IN (" + Sql.placeholders(schemas.size()) + ") "
                + "ORDER BY k.CONSTRAINT_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION";
        Map<String, Builder> byKey = new LinkedHashMap<>();
        for (Row row : db.query(sql, schemas.toArray())) {
            String key = row.string("s") + "\u0000" + row.string("t") + "\u0000" + row.string("n");
            Builder b = byKey.computeIfAbsent(key, k -> new Builder(row));
            b.columns.add(row.string("c"));
            b.referencedColumns.add(row.string("rc"));
        }
        List<ForeignKey> result = new ArrayList<>();
        for (Builder b : byKey.values()) {
            result.add(b.build());
        }
        return result;
    }

    private static final class Builder {
        final Row first;
        final List<String> columns = new ArrayList<>();
        final List<String> referencedColumns = new ArrayList<>();

        Builder(Row first) {
            this.first = first;
        }

        ForeignKey build() {
            return new ForeignKey(first.string("s"), first.string("t"), first.string("n"), columns,
                    first.string("rs"), first.string("rt"), referencedColumns, first.string("dr"), first.string("ur"));
        }
    }
}
