package io.cutover.cutover.validation;

import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.sql.Sql;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The tables, columns, keys and partitions of the migrated schemas on one side, from information_schema. */
final class Catalog {
    record Column(String name, int ordinal, String dataType, String columnType, Long scale, Long fsp, boolean nullable) {}

    record Table(String schema, String name, long estimatedRows, long dataLength, Map<String, Column> columns,
                 String keyIndex, List<String> keyColumns, List<String> partitions) {
        String id() {
            return schema + "." + name;
        }
    }

    private Catalog() {}

    /** Base tables of {@code schemas} by lower-cased {@code schema.table}. */
    static Map<String, Table> read(Database db, List<String> schemas) {
        Map<String, Table> tables = new LinkedHashMap<>();
        if (schemas.isEmpty()) {
            return tables;
        }
        String in = Sql.placeholders(schemas.size());
        Object[] names = schemas.toArray();
        Map<String, Map<String, Column>> columns = new LinkedHashMap<>();
        for (Row r : db.query("SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, COLUMN_NAME AS c, ORDINAL_POSITION AS o, DATA_TYPE AS dt, "
                + "COLUMN_TYPE AS ct, NUMERIC_SCALE AS sc, DATETIME_PRECISION AS fsp, IS_NULLABLE AS n "
                + "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN (" + in + ") ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION", names)) {
            columns.computeIfAbsent(key(r.string("s"), r.string("t")), k -> new LinkedHashMap<>())
                    .put(r.string("c").toLowerCase(Locale.ROOT), new Column(r.string("c"), r.longValue("o").intValue(),
                            r.string("dt").toLowerCase(Locale.ROOT), r.string("ct").toLowerCase(Locale.ROOT), r.longValue("sc"),
                            r.longValue("fsp"), "YES".equalsIgnoreCase(r.string("n"))));
        }
        Map<String, Map<String, List<String>>> uniques = new LinkedHashMap<>();
        for (Row r : db.query("SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, INDEX_NAME AS i, COLUMN_NAME AS c FROM information_schema.STATISTICS "
                + "WHERE TABLE_SCHEMA IN (" + in + ") AND NON_UNIQUE = 0 ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX", names)) {
            uniques.computeIfAbsent(key(r.string("s"), r.string("t")), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.string("i"), k -> new ArrayList<>()).add(r.string("c"));
        }
        Map<String, List<String>> partitions = new LinkedHashMap<>();
        for (Row r : db.query("SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, COALESCE(SUBPARTITION_NAME, PARTITION_NAME) AS p "
                + "FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA IN (" + in + ") AND PARTITION_NAME IS NOT NULL "
                + "ORDER BY TABLE_SCHEMA, TABLE_NAME, PARTITION_ORDINAL_POSITION, SUBPARTITION_ORDINAL_POSITION", names)) {
            partitions.computeIfAbsent(key(r.string("s"), r.string("t")), k -> new ArrayList<>()).add(r.string("p"));
        }
        for (Row r : db.query("SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, TABLE_ROWS AS n, DATA_LENGTH AS d FROM information_schema.TABLES "
                + "WHERE TABLE_SCHEMA IN (" + in + ") AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_SCHEMA, TABLE_NAME", names)) {
            String k = key(r.string("s"), r.string("t"));
            Map<String, Column> cols = columns.getOrDefault(k, Map.of());
            String keyIndex = null;
            List<String> keyColumns = List.of();
            Map<String, List<String>> candidates = uniques.getOrDefault(k, Map.of());
            if (candidates.containsKey("PRIMARY")) {
                keyIndex = "PRIMARY";
                keyColumns = candidates.get("PRIMARY");
            } else {
                // A unique key is as good as a primary key when none of its columns can be NULL.
                for (Map.Entry<String, List<String>> e : candidates.entrySet()) {
                    boolean notNull = e.getValue().stream().allMatch(c -> {
                        Column col = cols.get(c.toLowerCase(Locale.ROOT));
                        return col != null && !col.nullable();
                    });
                    if (notNull) {
                        keyIndex = e.getKey();
                        keyColumns = e.getValue();
                        break;
                    }
                }
            }
            tables.put(k, new Table(r.string("s"), r.string("t"), r.longValue("n", 0), r.longValue("d", 0), cols, keyIndex,
                    List.copyOf(keyColumns), List.copyOf(partitions.getOrDefault(k, List.of()))));
        }
        return tables;
    }

    static String key(String schema, String table) {
        return (schema + "." + table).toLowerCase(Locale.ROOT);
    }
}
