package io.cutover.schema.fk;

import io.cutover.core.catalog.ForeignKey;
import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.sql.Sql;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Child rows whose foreign key columns point at no parent row: what makes {@code ALTER TABLE … ADD FOREIGN KEY}
 * fail with an obscure "Cannot add or update a child row", found and counted first, with a few example keys.
 * Like InnoDB (MATCH SIMPLE), a row with any NULL foreign key column is not checked.
 */
public final class OrphanCheck {
    public static final int SAMPLE_SIZE = 5;

    private OrphanCheck() {}

    /** {@code count} orphan rows; {@code examples}: up to five of them, as primary key (or foreign key) column values. */
    public record Orphans(long count, List<Map<String, String>> examples) {
        public static Orphans none() {
            return new Orphans(0, List.of());
        }
    }

    public static Orphans find(Database db, ForeignKey fk) {
        String where = whereOrphan(fk);
        long count = db.query("SELECT COUNT(*) AS n FROM " + Sql.qualified(fk.schema(), fk.table()) + " c WHERE " + where)
                .get(0).longValue("n", 0);
        if (count == 0) {
            return Orphans.none();
        }
        List<String> shown = primaryKey(db, fk.schema(), fk.table());
        if (shown.isEmpty()) {
            shown = fk.columns();
        }
        String select = String.join(", ", shown.stream().map(c -> "c." + Sql.quote(c)).toList());
        List<Map<String, String>> examples = new ArrayList<>();
        for (Row row : db.query("SELECT " + select + " FROM " + Sql.qualified(fk.schema(), fk.table()) + " c WHERE " + where
                + " ORDER BY " + select + " LIMIT " + SAMPLE_SIZE)) {
            Map<String, String> example = new LinkedHashMap<>();
            for (String column : shown) {
                example.put(column, row.string(column));
            }
            examples.add(example);
        }
        return new Orphans(count, examples);
    }

    /**
     * Whether any child row whose {@code columns} hold one of {@code keys} (encoded as {@link io.cutover.cutover.validation.KeyCodec}
     * writes them) is an orphan: one probe by those values, stopping at the first. "6.2 Recreate foreign keys" asks it
     * for the rows changed since the scan before the freeze ({@link ChangedKeyOrphans}).
     */
    static boolean anyAmong(Database db, ForeignKey fk, List<String> columns, List<List<String>> keys) {
        List<Object> params = new ArrayList<>();
        String among = ChangedKeyOrphans.keyCondition(columns, keys, params);
        return !db.query("SELECT 1 AS found FROM " + Sql.qualified(fk.schema(), fk.table()) + " c WHERE (" + among + ") AND "
                + whereOrphan(fk) + " LIMIT 1", params.toArray()).isEmpty();
    }

    static String whereOrphan(ForeignKey fk) {
        List<String> notNull = new ArrayList<>();
        List<String> join = new ArrayList<>();
        for (int i = 0; i < fk.columns().size(); i++) {
            notNull.add("c." + Sql.quote(fk.columns().get(i)) + " IS NOT NULL");
            join.add("p." + Sql.quote(fk.referencedColumns().get(i)) + " = c." + Sql.quote(fk.columns().get(i)));
        }
        return String.join(" AND ", notNull) + " AND NOT EXISTS (SELECT 1 FROM "
                + Sql.qualified(fk.referencedSchema(), fk.referencedTable()) + " p WHERE " + String.join(" AND ", join) + ")";
    }

    private static List<String> primaryKey(Database db, String schema, String table) {
        return db.query("SELECT COLUMN_NAME AS c FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                + "AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION", schema, table).stream().map(r -> r.string("c")).toList();
    }
}
