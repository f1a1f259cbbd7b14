package io.cutover.schema.deferred;

import io.cutover.core.db.ServerFlavor;
import io.cutover.core.db.ServerInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The sql_mode an object is created with on the target: the one stored with it on the source, so that its
 * body behaves the same, adjusted only where a MySQL 8.0 target (Aurora MySQL 3) cannot accept it.
 * <ul>
 *   <li>Flags removed in 8.0 are dropped with a note: NO_AUTO_CREATE_USER (it only ever affected GRANT),
 *       the NO_FIELD/KEY/TABLE_OPTIONS flags (they only changed SHOW CREATE TABLE's output), and the
 *       combination names DB2, MAXDB, MSSQL, MYSQL323, MYSQL40, ORACLE, POSTGRESQL, whose member flags are
 *       stored beside them and are kept.</li>
 *   <li>A flag 8.0 does not know at all (MariaDB's SIMULTANEOUS_ASSIGNMENT, EMPTY_STRING_IS_NULL, …) changes
 *       how the body runs: the object is not created and the error names it and the flag.</li>
 * </ul>
 * Other targets (MariaDB in the rehearsal, MySQL 5.7) get the stored sql_mode unchanged.
 */
public final class SqlModes {
    static final Set<String> REMOVED_IN_80 = Set.of("NO_AUTO_CREATE_USER", "NO_FIELD_OPTIONS", "NO_KEY_OPTIONS",
            "NO_TABLE_OPTIONS", "DB2", "MAXDB", "MSSQL", "MYSQL323", "MYSQL40", "ORACLE", "POSTGRESQL");
    static final Set<String> KNOWN_IN_80 = Set.of("ALLOW_INVALID_DATES", "ANSI_QUOTES", "ERROR_FOR_DIVISION_BY_ZERO",
            "HIGH_NOT_PRECEDENCE", "IGNORE_SPACE", "NO_AUTO_VALUE_ON_ZERO", "NO_BACKSLASH_ESCAPES", "NO_DIR_IN_CREATE",
            "NO_ENGINE_SUBSTITUTION", "NO_UNSIGNED_SUBTRACTION", "NO_ZERO_DATE", "NO_ZERO_IN_DATE", "ONLY_FULL_GROUP_BY",
            "PAD_CHAR_TO_FULL_LENGTH", "PIPES_AS_CONCAT", "REAL_AS_FLOAT", "STRICT_ALL_TABLES", "STRICT_TRANS_TABLES",
            "TIME_TRUNCATE_FRACTIONAL", "ANSI", "TRADITIONAL");

    private SqlModes() {}

    /** {@code sqlMode} to use, {@code notes} on what was dropped, or {@code error} when the object cannot be replayed. */
    public record Adjusted(String sqlMode, List<String> notes, String error) {}

    public static Adjusted forTarget(String sqlMode, ServerInfo target) {
        if (sqlMode == null) {
            return new Adjusted(null, List.of(), null);
        }
        boolean mysql8 = target.flavor() != ServerFlavor.MARIADB && target.major() >= 8;
        if (!mysql8) {
            return new Adjusted(sqlMode, List.of(), null);
        }
        Set<String> kept = new LinkedHashSet<>();
        List<String> notes = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String raw : sqlMode.split(",")) {
            String flag = raw.trim().toUpperCase(Locale.ROOT);
            if (flag.isEmpty()) continue;
            if (REMOVED_IN_80.contains(flag)) {
                notes.add("sql_mode flag " + flag + " dropped: removed in MySQL 8.0 (no effect on the object's body)");
            } else if (KNOWN_IN_80.contains(flag)) {
                kept.add(flag);
            } else {
                unknown.add(flag);
            }
        }
        if (!unknown.isEmpty()) {
            return new Adjusted(null, notes, "its sql_mode has " + String.join(", ", unknown) + ", which "
                    + target.describe() + " does not know and which changes how the body runs: recreate the object by hand");
        }
        return new Adjusted(String.join(",", kept), notes, null);
    }

    /** The flags of a mode as a set, for comparing modes regardless of order. */
    public static Set<String> flags(String sqlMode) {
        Set<String> flags = new java.util.TreeSet<>();
        if (sqlMode != null) {
            for (String f : sqlMode.split(",")) {
                if (!f.isBlank()) flags.add(f.trim().toUpperCase(Locale.ROOT));
            }
        }
        return flags;
    }
}
