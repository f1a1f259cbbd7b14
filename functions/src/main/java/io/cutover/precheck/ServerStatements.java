package io.cutover.precheck;

import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.error.AccessDeniedException;
import io.cutover.core.error.CutoverException;
import io.cutover.precheck.framework.Checks;
import java.util.List;
import java.util.Optional;

/**
 * SHOW statements whose name differs between MySQL versions and MariaDB: the new name is tried first, the old
 * one when the server does not know the new one (the binary log status: by the server's version,
 * {@link io.cutover.core.db.BinlogPosition#status}). Access denied is not retried under the other name.
 */
public final class ServerStatements {
    private ServerStatements() {}

    /** The binary log position and filters: {@link io.cutover.core.db.BinlogPosition#status}. */
    public static List<Row> binaryLogStatus(Database db) {
        return io.cutover.core.db.BinlogPosition.status(db);
    }

    /**
     * One row per replication channel when this server is a replica: {@code SHOW REPLICA STATUS} (MySQL
     * 8.0.22+, MariaDB 10.5.1+), else {@code SHOW SLAVE STATUS}. No row on a primary.
     */
    public static List<Row> replicaStatus(Database db) {
        return firstThatWorks(db, "SHOW REPLICA STATUS", "SHOW SLAVE STATUS");
    }

    /** One status counter ({@code SHOW GLOBAL STATUS}); empty when the server does not have it. */
    public static Optional<String> globalStatus(Database db, String name) {
        // The name is one of Cutover's constants, never input; inlined so recordings can answer per counter.
        if (!name.matches("[A-Za-z_]+")) {
            throw new IllegalArgumentException("not a status variable name: " + name);
        }
        for (Row row : db.query("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
            return Optional.ofNullable(row.string("Value"));
        }
        return Optional.empty();
    }

    /** A column that MySQL 8 renamed (Source_Host) and MariaDB / MySQL 5.7 did not (Master_Host). */
    public static String column(Row row, String newName, String oldName) {
        if (row.has(newName)) {
            return row.string(newName);
        }
        return row.has(oldName) ? row.string(oldName) : null;
    }

    private static List<Row> firstThatWorks(Database db, String statement, String fallback) {
        try {
            return db.query(statement);
        } catch (AccessDeniedException e) {
            throw e;
        } catch (CutoverException e) {
            if (Checks.isRetryable(e)) {
                throw e;
            }
            return db.query(fallback);
        }
    }
}
