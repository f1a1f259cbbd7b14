package io.cutover.cutover.validation;

import io.cutover.core.catalog.Catalog;
import io.cutover.core.catalog.Catalog.Column;
import io.cutover.core.catalog.Catalog.Index;
import io.cutover.core.catalog.Catalog.Partition;
import io.cutover.core.catalog.Catalog.TableRef;
import io.cutover.core.db.Database;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A base table of the migrated schemas as the validation compares it, from the catalogue of one side: its columns by
 * lower-cased name, the key the checksums walk (the PRIMARY KEY, else the first unique key, by name, on NOT NULL
 * columns) and its partitions, or subpartitions, in order.
 */
record ComparedTable(Catalog.Table table, Map<String, Column> columns, String keyIndex, List<String> keyColumns,
                     List<String> partitions) {

    String schema() {
        return table.ref().schema();
    }

    String name() {
        return table.ref().table();
    }

    long estimatedRows() {
        return table.rows() == null ? 0 : table.rows();
    }

    /**
     * A catalogue of {@code schemas} on {@code db} with what a validation plan reads of it loaded now (server, tables,
     * columns, indexes, partitions; the foreign keys too when {@code foreignKeys}, for the post-freeze pass's
     * cascade closure): one catalogue per side and plan, each part read once.
     */
    static Catalog load(Database db, List<String> schemas, boolean foreignKeys) {
        Catalog catalog = Catalog.read(db, schemas);
        catalog.server();
        catalog.tables();
        catalog.columns();
        catalog.indexes();
        catalog.partitions();
        if (foreignKeys) {
            catalog.foreignKeys();
        }
        return catalog;
    }

    /** The BASE TABLEs of the catalogue's schemas (MariaDB's system-versioned tables are not validated) by {@link #key}. */
    static Map<String, ComparedTable> read(Catalog catalog) {
        Map<TableRef, List<Column>> columns = catalog.columnsByTable();
        Map<TableRef, List<Index>> indexes = catalog.indexesByTable();
        Map<TableRef, List<String>> partitions = new LinkedHashMap<>();
        catalog.partitions().stream()
                .sorted(Comparator.comparing((Partition p) -> p.position(), Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(Partition::subposition, Comparator.nullsLast(Comparator.naturalOrder())))
                .forEach(p -> partitions.computeIfAbsent(p.table(), k -> new ArrayList<>()).add(p.unit()));
        Map<String, ComparedTable> tables = new LinkedHashMap<>();
        for (Catalog.Table t : catalog.tables()) {
            if (!"BASE TABLE".equalsIgnoreCase(t.type())) {
                continue;
            }
            Map<String, Column> byName = new LinkedHashMap<>();
            columns.getOrDefault(t.ref(), List.of()).forEach(c -> byName.put(c.name().toLowerCase(Locale.ROOT), c));
            Index key = key(indexes.getOrDefault(t.ref(), List.of()), byName);
            tables.put(key(t.ref().schema(), t.ref().table()), new ComparedTable(t, byName, key == null ? null : key.name(),
                    key == null ? List.of() : key.columnNames(), List.copyOf(partitions.getOrDefault(t.ref(), List.of()))));
        }
        return tables;
    }

    /** A unique key is as good as a primary key when none of its columns can be NULL. */
    private static Index key(List<Index> indexes, Map<String, Column> columns) {
        List<Index> unique = indexes.stream().filter(Index::unique)
                .sorted(Comparator.comparing(Index::name, String.CASE_INSENSITIVE_ORDER)).toList();
        for (Index i : unique) {
            if (i.isPrimary()) {
                return i;
            }
        }
        for (Index i : unique) {
            boolean notNull = i.columnNames().stream().allMatch(c -> {
                Column col = c == null ? null : columns.get(c.toLowerCase(Locale.ROOT));
                return col != null && !col.nullable();
            });
            if (notNull) {
                return i;
            }
        }
        return null;
    }

    static String key(String schema, String table) {
        return (schema + "." + table).toLowerCase(Locale.ROOT);
    }
}
