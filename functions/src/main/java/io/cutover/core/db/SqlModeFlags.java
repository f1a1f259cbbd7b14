package io.cutover.core.db;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a sql_mode allows. Two uses:
 * <ul>
 *   <li>the sql_mode stored with a routine, trigger or event: mysqldump and Cutover's schema phase recreate each
 *       object under its own stored sql_mode, and MySQL 8.0 refuses a flag it does not know, so every stored flag must
 *       be one of 8.0's;</li>
 *   <li>which DATE, DATETIME and TIMESTAMP values (the types of {@code Catalog.Column.DATE_TYPES}) a target refuses.
 *       DMS: "If the DATETIME and TIMESTAMP data types are specified with a "zero" value (that is, 0000-00-00), make
 *       sure that the target database in the replication task supports "zero" values … Otherwise, these values are
 *       recorded as null on the target"
 *       (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Source.MySQL.html#CHAP_Source.MySQL.DataTypes). The
 *       readiness check {@code dc-zero-invalid-dates} and the local DMS engine decide with the same methods here
 *       (docs/local-dms-engine.md, "Data types DMS converts").</li>
 * </ul>
 */
public final class SqlModeFlags {
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

    public static List<String> flags(String sqlMode) {
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
    public static Map<String, String> rejectedBy80(String sqlMode) {
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
    public static boolean rejectsZeroDates(String sqlMode) {
        List<String> f = flags(sqlMode);
        boolean strict = f.contains("STRICT_TRANS_TABLES") || f.contains("STRICT_ALL_TABLES") || f.contains("TRADITIONAL");
        return strict && (f.contains("NO_ZERO_DATE") || f.contains("TRADITIONAL"));
    }

    /** True when the mode rejects dates with a zero month or day ('2020-00-10') in strict mode. */
    public static boolean rejectsZeroInDates(String sqlMode) {
        List<String> f = flags(sqlMode);
        boolean strict = f.contains("STRICT_TRANS_TABLES") || f.contains("STRICT_ALL_TABLES") || f.contains("TRADITIONAL");
        return strict && (f.contains("NO_ZERO_IN_DATE") || f.contains("TRADITIONAL"));
    }

    /** True when the mode rejects impossible dates ('2020-02-30'): strict without ALLOW_INVALID_DATES. */
    public static boolean rejectsInvalidDates(String sqlMode) {
        List<String> f = flags(sqlMode);
        boolean strict = f.contains("STRICT_TRANS_TABLES") || f.contains("STRICT_ALL_TABLES") || f.contains("TRADITIONAL");
        return strict && !f.contains("ALLOW_INVALID_DATES");
    }

    /** What is wrong with a date, as a strict target sees it. */
    public enum DateProblem {
        /** '0000-00-00' (with any time): the "zero" value of the DMS page. */
        ZERO,
        /** A zero month or day ('2020-00-10'), not all zero. */
        ZERO_IN_DATE,
        /** A month and day that do not exist ('2020-02-30'), as only ALLOW_INVALID_DATES stores them. */
        IMPOSSIBLE
    }

    /**
     * The problem of a DATE, DATETIME or TIMESTAMP value given as the server's text ({@code 2020-00-10 12:00:00}),
     * classified as the readiness check's SQL classifies it; null when the value is a real date (or not a date).
     */
    public static DateProblem dateProblem(String text) {
        if (text == null || text.length() < 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return null;
        }
        int year;
        int month;
        int day;
        try {
            year = Integer.parseInt(text.substring(0, 4));
            month = Integer.parseInt(text.substring(5, 7));
            day = Integer.parseInt(text.substring(8, 10));
        } catch (NumberFormatException e) {
            return null;
        }
        if (year == 0 && month == 0 && day == 0) {
            return DateProblem.ZERO;
        }
        if (month == 0 || day == 0) {
            return DateProblem.ZERO_IN_DATE;
        }
        // MySQL's leap years: year 0 is not one (calc_days_in_year), unlike java.time's proleptic calendar
        boolean leap = year % 4 == 0 && (year % 100 != 0 || (year % 400 == 0 && year != 0));
        int days = month == 2 ? (leap ? 29 : 28) : month > 12 ? 0 : java.time.Month.of(month).length(false);
        return day > days ? DateProblem.IMPOSSIBLE : null;
    }

    /** True when a target working in {@code sqlMode} refuses a date with {@code problem}. */
    public static boolean rejects(String sqlMode, DateProblem problem) {
        return switch (problem) {
            case ZERO -> rejectsZeroDates(sqlMode);
            case ZERO_IN_DATE -> rejectsZeroInDates(sqlMode);
            case IMPOSSIBLE -> rejectsInvalidDates(sqlMode);
        };
    }
}
