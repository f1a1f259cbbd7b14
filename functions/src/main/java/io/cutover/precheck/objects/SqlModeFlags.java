package io.cutover.precheck.objects;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The sql_mode stored with a routine, trigger or event. mysqldump and Cutover's schema phase recreate each
 * object under its own stored sql_mode, and MySQL 8.0 refuses a flag it does not know, so every stored flag must
 * be one of 8.0's.
 */
final class SqlModeFlags {
    /** Every flag MySQL 8.0 accepts (including the combination modes ANSI and TRADITIONAL). */
    private static final Set<String> VALID_IN_80 = Set.of(
            "ALLOW_INVALID_DATES", "ANSI_QUOTES", "ERROR_FOR_DIVISION_BY_ZERO", "HIGH_NOT_PRECEDENCE",
            "IGNORE_SPACE", "NO_AUTO_VALUE_ON_ZERO", "NO_BACKSLASH_ESCAPES", "NO_DIR_IN_CREATE",
            "NO_ENGINE_SUBSTITUTION", "NO_UNSIGNED_SUBTRACTION", "NO_ZERO_DATE", "NO_ZERO_IN_DATE",
            "ONLY_FULL_GROUP_BY", "PAD_CHAR_TO_FULL_LENGTH", "PIPES_AS_CONCAT", "REAL_AS_FLOAT",
            "STRICT_ALL_TABLES", "STRICT_TRANS_TABLES", "TIME_TRUNCATE_FRACTIONAL", "ANSI", "TRADITIONAL");

    /** Flags MySQL 5.7 had and 8.0 removed. */
    private static final Set<String> REMOVED_IN_80 = Set.of(
            "NO_AUTO_CREATE_USER", "MAXDB", "DB2", "MSSQL", "ORACLE", "POSTGRESQL", "MYSQL323", "MYSQL40",
            "NO_FIELD_OPTIONS", "NO_KEY_OPTIONS", "NO_TABLE_OPTIONS");

    private SqlModeFlags() {}

    static List<String> flags(String sqlMode) {
        List<String> flags = new ArrayList<>();
        if (sqlMode == null) {
            return flags;
        }
        for (String f : sqlMode.split(",")) {
            String flag = f.trim().toUpperCase(Locale.ROOT);
            if (!flag.isEmpty()) {
                flags.add(flag);
            }
        }
        return flags;
    }

    /**
     * The flags of {@code sqlMode} that MySQL 8.0 rejects, each with why: "removed in 8.0" or "not a MySQL flag"
     * (MariaDB-only flags such as EMPTY_STRING_IS_NULL or SIMULTANEOUS_ASSIGNMENT).
     */
    static Map<String, String> rejectedBy80(String sqlMode) {
        Map<String, String> rejected = new LinkedHashMap<>();
        for (String flag : flags(sqlMode)) {
            if (REMOVED_IN_80.contains(flag)) {
                rejected.put(flag, "removed in MySQL 8.0");
            } else if (!VALID_IN_80.contains(flag)) {
                rejected.put(flag, "not a MySQL 8.0 flag");
            }
        }
        return rejected;
    }

    /** True when the mode rejects zero dates ('0000-00-00') in strict mode. */
    static boolean rejectsZeroDates(String sqlMode) {
        List<String> f = flags(sqlMode);
        boolean strict = f.contains("STRICT_TRANS_TABLES") || f.contains("STRICT_ALL_TABLES") || f.contains("TRADITIONAL");
        return strict && (f.contains("NO_ZERO_DATE") || f.contains("TRADITIONAL"));
    }

    /** True when the mode rejects dates with a zero month or day ('2020-00-10') in strict mode. */
    static boolean rejectsZeroInDates(String sqlMode) {
        List<String> f = flags(sqlMode);
        boolean strict = f.contains("STRICT_TRANS_TABLES") || f.contains("STRICT_ALL_TABLES") || f.contains("TRADITIONAL");
        return strict && (f.contains("NO_ZERO_IN_DATE") || f.contains("TRADITIONAL"));
    }

    /** True when the mode rejects impossible dates ('2020-02-30'): strict without ALLOW_INVALID_DATES. */
    static boolean rejectsInvalidDates(String sqlMode) {
        List<String> f = flags(sqlMode);
        boolean strict = f.contains("STRICT_TRANS_TABLES") || f.contains("STRICT_ALL_TABLES") || f.contains("TRADITIONAL");
        return strict && !f.contains("ALLOW_INVALID_DATES");
    }
}
