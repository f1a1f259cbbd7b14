package io.cutover.local.dms;

import java.util.List;

/**
 * A selected source table: its columns in order, the key the engine identifies rows by, and an estimate of its
 * size for the full-load percentage.
 *
 * @param key               indexes of the primary key columns, else of a unique key on NOT NULL columns; empty when
 *                          the table has neither (rows are then matched on every column, and a reload is not idempotent)
 * @param estimatedRows     information_schema's estimate (InnoDB's is approximate)
 */
record TableInfo(TableName name, List<ColumnInfo> columns, List<Integer> key, long estimatedRows) {
    TableInfo {
        columns = List.copyOf(columns);
        key = List.copyOf(key);
    }

    boolean hasKey() {
        return !key.isEmpty();
    }

    /** The columns the engine writes (generated ones are computed by the target). */
    List<ColumnInfo> writable() {
        return columns.stream().filter(c -> !c.generated()).toList();
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
