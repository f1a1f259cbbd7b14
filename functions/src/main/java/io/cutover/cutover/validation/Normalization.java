package io.cutover.cutover.validation;

import io.cutover.core.catalog.Catalog;
import io.cutover.core.sql.Sql;
import java.util.Set;

/**
 * How a column is hashed so that equal data hashes equal on two different servers, and different data does not:
 * <ul>
 *   <li>text (CHAR, VARCHAR, TEXT, ENUM, SET, JSON): {@code CONVERT(c USING utf8mb4)}: the characters, as bytes,
 *       whatever the column's character set or collation; a case or accent change is a difference even where a
 *       _ci collation calls the values equal;</li>
 *   <li>FLOAT / DOUBLE: their decimal rendering differs between servers and versions (MySQL 5.7 vs 8.0, MariaDB),
 *       and between a FLOAT on one side and a DOUBLE on the other, so in those cases they are hashed as a canonical
 *       mantissa and exponent at the precision of the less precise side (FLOAT: 6 significant digits, DOUBLE: 15).
 *       Between servers that render alike (same family and major.minor) and equal types the server's rendering is
 *       hashed as it is: the canonical form costs about as much as the rest of the row hash;</li>
 *   <li>DECIMAL with different scales, temporal types with different fractional precision: cast to the wider one;
 *       TIMESTAMP is read in UTC (the session time zone is set to +00:00 on both sides);</li>
 *   <li>BIT as an unsigned number; everything else (integers, DATE, YEAR, BINARY, BLOB) as the server renders it.</li>
 * </ul>
 */
final class Normalization {
    private static final Set<String> TEXT = Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "json");
    private static final Set<String> TEMPORAL = Set.of("datetime", "timestamp", "time");

    private Normalization() {}

    static String expression(Catalog.Column source, Catalog.Column target, boolean sameRendering) {
        String c = Sql.quote(source.name());
        String s = source.dataType();
        String t = target == null ? s : target.dataType();
        boolean approximate = Set.of("float", "double", "real").contains(s) || Set.of("float", "double", "real").contains(t);
        if (approximate && sameRendering && s.equals(t)) {
            return c;
        }
        if (s.equals("float") || t.equals("float")) {
            return significant(c, 6);
        }
        if (approximate) {
            return significant(c, 15);
        }
        if (TEXT.contains(s) || TEXT.contains(t)) {
            return "CONVERT(" + c + " USING utf8mb4)";
        }
        if (s.equals("decimal") && target != null && !same(source.numericScale(), target.numericScale())) {
            return "CAST(" + c + " AS DECIMAL(65," + Math.max(nz(source.numericScale()), nz(target.numericScale())) + "))";
        }
        if (TEMPORAL.contains(s) && target != null && !same(source.datetimePrecision(), target.datetimePrecision())) {
            String type = s.equals("time") ? "TIME" : "DATETIME";
            return "CAST(" + c + " AS " + type + "(" + Math.max(nz(source.datetimePrecision()), nz(target.datetimePrecision())) + "))";
        }
        if (s.equals("bit")) {
            return "CAST(" + c + " AS UNSIGNED)";
        }
        return c;
    }

    /** {@code d.ddddde<exp>} with {@code digits} significant digits, or the plain value for 0 and NULL. */
    private static String significant(String c, int digits) {
        String exp = "FLOOR(LOG10(ABS(" + c + ")))";
        return "IF(" + c + " IS NULL OR " + c + " = 0, CAST(" + c + " AS CHAR), CONCAT(CAST(ROUND(" + c + " / POW(10, " + exp + "), "
                + (digits - 1) + ") AS DECIMAL(" + (digits + 2) + "," + (digits - 1) + ")), 'e', " + exp + "))";
    }

    /** The per-row hash: MD5 over the normalised values and a NULL bitmap (CONCAT_WS skips NULLs). */
    static String rowHash(java.util.List<ValidationModel.ColumnPlan> columns) {
        StringBuilder values = new StringBuilder("CONCAT_WS('#'");
        StringBuilder nulls = new StringBuilder();
        for (ValidationModel.ColumnPlan col : columns) {
            values.append(", ").append(col.expression());
            if (col.nullable()) {
                nulls.append(nulls.isEmpty() ? "" : ", ").append("ISNULL(").append(Sql.quote(col.name())).append(")");
            }
        }
        if (!nulls.isEmpty()) {
            values.append(", CONCAT(").append(nulls).append(")");
        }
        return "MD5(" + values.append(")") + ")";
    }

    /** 64 bits of the row hash as an unsigned number; summed per chunk it is an order-independent multiset hash. */
    static String rowHash64(java.util.List<ValidationModel.ColumnPlan> columns) {
        return "CAST(CONV(LEFT(" + rowHash(columns) + ", 16), 16, 10) AS UNSIGNED)";
    }

    /** Servers of the same family and major.minor render FLOAT and DOUBLE alike (Aurora MySQL 3 is MySQL 8.0). */
    static boolean sameRendering(io.cutover.core.db.ServerInfo a, io.cutover.core.db.ServerInfo b) {
        return a.isMariaDb() == b.isMariaDb() && a.major() == b.major() && a.minor() == b.minor();
    }

    private static boolean same(Long a, Long b) {
        return nz(a) == nz(b);
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }
}
