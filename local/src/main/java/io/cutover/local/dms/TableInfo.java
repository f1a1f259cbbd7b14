package io.cutover.local.dms;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A selected source table: its columns in order, the key the engine identifies rows by, and an estimate of its
 * size for the full-load percentage.
 *
 * @param key               indexes of the primary key columns, else of a unique key on NOT NULL columns; empty when
 *                          the table has neither (rows are then matched on every column, and a reload is not idempotent)
 * @param estimatedRows     information_schema's estimate (InnoDB's is approximate)
 */
record TableInfo(TableName name, List<ColumnInfo> columns, List<Integer> key, long estimatedRows, Set<String> removedColumns) {
    TableInfo {
        columns = List.copyOf(columns);
        key = List.copyOf(key);
        removedColumns = Set.copyOf(removedColumns);
    }

    TableInfo(TableName name, List<ColumnInfo> columns, List<Integer> key, long estimatedRows) {
        this(name, columns, key, estimatedRows, Set.of());
    }

    /** The table with the columns the mappings' remove-column rules take out of the replicated columns. */
    TableInfo removing(TableMappings mappings) {
        Set<String> removed = columns.stream().filter(c -> mappings.removesColumn(name, c.name()))
                .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return new TableInfo(name, columns, key, estimatedRows, removed);
    }

    boolean hasKey() {
        return !key.isEmpty();
    }

    /**
     * The columns the engine writes: every column a remove-column transformation rule does not remove. A generated
     * column that no rule removes is written, as DMS would write the value it read, and the target refuses it (a
     * generated column takes no value): keep them out with the rules Cutover's table mappings add (docs/local-dms-engine.md).
     * On a table without a key, LOB columns are not written either: "A table must have a primary key or a unique key for
     * DMS to migrate LOBs" (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.AssessmentReport.Assessments.All.html);
     * the target's column gets its default (NULL), or refuses the row when it has none.
     */
    List<ColumnInfo> writable() {
        return columns.stream().filter(c -> !removedColumns.contains(c.name().toLowerCase(Locale.ROOT)))
                .filter(c -> hasKey() || !io.cutover.core.catalog.Catalog.Column.LOB_TYPES.contains(c.dataType()))
                .toList();
    }

    List<ColumnInfo> keyColumns() {
        return key.stream().map(columns::get).toList();
    }

    /**
     * Whether the full load can page through the key ({@code WHERE key > last ORDER BY key}): not with ENUM or SET
     * key columns, which sort by member index but compare as text.
     */
    boolean keysetPaging() {
        return hasKey() && keyColumns().stream().noneMatch(c -> c.kind() == ValueKind.ENUM || c.kind() == ValueKind.SET);
    }
}
