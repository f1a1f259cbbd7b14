package io.cutover.core.db;

import io.cutover.core.error.AccessDeniedException;
import io.cutover.core.error.CutoverException;
import io.cutover.core.error.DatabaseException;
import io.cutover.core.error.TransientDatabaseException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/** Turns a JDBC failure into Cutover's typed errors, so the ASL can retry the transient ones. */
public final class SqlErrors {
    /** Server error codes worth retrying: lock wait timeout, deadlock, too many connections, shutdown, gone away, lost. */
    private static final Set<Integer> TRANSIENT_CODES = Set.of(1205, 1213, 1040, 1053, 1077, 1158, 1159, 1160, 1161, 2002, 2003, 2006, 2013);
    /** Access denied for login, database, table, column, command, or a missing privilege. */
    private static final Set<Integer> ACCESS_CODES = Set.of(1044, 1045, 1142, 1143, 1227, 1370, 1698, 3118);

    private SqlErrors() {}

    public static CutoverException translate(DatabaseRole role, String doing, SQLException e) {
        String message = role.label() + ": " + doing + " failed: " + describe(e);
        if (ACCESS_CODES.contains(e.getErrorCode()) || "28000".equals(e.getSQLState())) {
            return new AccessDeniedException(message, e);
        }
        if (isTransient(e)) {
            return new TransientDatabaseException(message, e);
        }
        return new DatabaseException(message, e);
    }

    public static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientException
                || e instanceof SQLRecoverableException
                || TRANSIENT_CODES.contains(e.getErrorCode())
                || (state != null && state.startsWith("08"))
                || (state != null && state.equals("40001"));
    }

    private static String describe(SQLException e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // Connector/J's communications errors carry a paragraph; the first line says what happened.
        int newline = text.indexOf('\n');
        if (newline > 0) {
            text = text.substring(0, newline);
        }
        return (e.getErrorCode() != 0 ? "[" + e.getErrorCode() + "] " : "") + text;
    }
}
