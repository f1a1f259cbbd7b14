package io.cutover.local.dms;

import java.sql.SQLException;

/** A statement on one table failed on the target: the engine puts that table in error, not the whole task. */
final class TableApplyException extends SQLException {
    private final TableName table;

    TableApplyException(TableName table, SQLException cause) {
        super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
        this.table = table;
    }

    TableName table() {
        return table;
    }
}
