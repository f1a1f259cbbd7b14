package io.cutover.local.dms;

/**
 * One row changed by a source transaction, with full images (binlog_row_image=FULL): {@code before} for
 * updates and deletes, {@code after} for inserts and updates, indexed like {@link TableInfo#columns()}, values
 * in their {@link ValueKind} form.
 */
record RowChange(TableInfo table, Kind kind, Object[] before, Object[] after, long commitMillis) {
    enum Kind { INSERT, UPDATE, DELETE }

    TableName name() {
        return table.name();
    }

    /** An update that moves the row to another key (its key columns changed). */
    boolean changesKey() {
        if (kind != Kind.UPDATE || !table.hasKey()) {
            return false;
        }
        for (int i : table.key()) {
            if (!Values.same(before[i], after[i])) {
                return true;
            }
        }
        return false;
    }
}
