package io.cutover.schema.ddl;

import io.cutover.core.error.AccessDeniedException;
import io.cutover.core.error.CutoverException;
import io.cutover.core.error.TransientDatabaseException;
import java.sql.SQLException;
import java.util.Map;

/**
 * What to tell a DBA when the target refuses a statement Cutover replays: the server's error plus, for the
 * errors a MySQL 5.7 → 8.0 (Aurora MySQL 3) replay typically hits, what it means and what to do.
 */
public final class SqlFailures {
    private static final Map<Integer, String> HINTS = Map.ofEntries(
            Map.entry(1064, "a syntax the target does not accept (a word reserved in 8.0, or removed syntax such as GROUP BY … ASC): fix the object on the source or create it by hand"),
            Map.entry(1067, "an invalid default value, usually a zero date ('0000-00-00') that the target's sql_mode (NO_ZERO_DATE, strict) rejects"),
            Map.entry(1071, "an index too long for the target's row format or character set (utf8mb4 needs 4 bytes per character): use DYNAMIC row format or a prefix index"),
            Map.entry(1101, "a default value on a BLOB/TEXT/JSON column, which MySQL 8.0 accepts only as an expression"),
            Map.entry(1115, "a character set the target does not know"),
            Map.entry(1273, "a collation the target does not know (MariaDB's uca1400 collations, or utf8mb4_0900_* on a 5.7 target)"),
            Map.entry(1286, "a storage engine the target does not have (Aurora MySQL supports InnoDB only for data)"),
            Map.entry(1173, "the target requires a primary key on every table (MariaDB innodb_force_primary_key): add one on the source"),
            Map.entry(1231, "an sql_mode value the target does not accept"),
            Map.entry(1146, "a table or view it uses does not exist on the target"),
            Map.entry(1305, "a function or procedure it uses does not exist on the target"),
            Map.entry(1356, "a view that references a table, column or function the target does not have"),
            Map.entry(1418, "the target has binary logging on: set log_bin_trust_function_creators=1 in the cluster parameter group, or declare the function DETERMINISTIC / NO SQL / READS SQL DATA"),
            Map.entry(1419, "the target has binary logging on: set log_bin_trust_function_creators=1 in the cluster parameter group"),
            Map.entry(1449, "the DEFINER account does not exist on the target"),
            Map.entry(1826, "a foreign key name already used in this schema"),
            Map.entry(3750, "the target requires a primary key on every table (sql_require_primary_key=ON): add one on the source, or switch the parameter off for the migration"),
            Map.entry(3780, "a foreign key whose columns differ in type, charset or collation from the referenced columns"));

    private SqlFailures() {}

    /** The server's error code behind a Cutover database error, or 0. */
    public static int code(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s.getErrorCode();
            }
        }
        return 0;
    }

    /** The error message and, when known, the hint. */
    public static String describe(CutoverException e) {
        String hint = HINTS.get(code(e));
        return hint == null ? e.getMessage() : e.getMessage() + " — " + hint;
    }

    /**
     * True for failures the whole handler must stop on (and the state machine retry or catch): a lost
     * connection or a missing privilege affects every object, not the one being created.
     */
    public static boolean stopsEverything(CutoverException e) {
        return e instanceof TransientDatabaseException || e instanceof AccessDeniedException;
    }
}
