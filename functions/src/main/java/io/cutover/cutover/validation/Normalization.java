package io.cutover.cutover.validation;

import io.cutover.core.catalog.Catalog;
import io.cutover.core.sql.Sql;
import java.util.Set;

/**
 * How a column is hashed so that equal data hashes equal on two different servers, and different data does not.
 * The row is one string, {@code CONCAT_WS('#', column expressions..., NULL bitmap)}, and its hash is two CRC32s
 * (32 bits each, 64 in all): {@code CRC32(row)} and {@code CRC32(REVERSE(row))}, summed per chunk in the server
 * (docs/cutover-and-validation.md, "The row hash", gives the collision argument). CRC32, REVERSE, CONCAT_WS and
 * CAST AS BINARY behave alike on MySQL 8.0 (Aurora MySQL 3) and MariaDB: CRC32 is the ISO 3309 / zlib CRC over
 * the string's bytes (https://dev.mysql.com/doc/refman/8.0/en/mathematical-functions.html#function_crc32,
 * https://mariadb.com/kb/en/crc32/). The normalisation stays out of the row where the two sides agree already:
 * <ul>
 *   <li>text (CHAR, VARCHAR, TEXT, ENUM, SET): the column's bytes, {@code CAST(c AS BINARY)} (no conversion, and no
 *       collation to mix in CONCAT_WS: https://dev.mysql.com/doc/refman/8.0/en/cast-functions.html), when both sides
 *       store it in the same character set; otherwise {@code CONVERT(c USING utf8mb4)} first: the characters, as
 *       bytes, whatever the column's character set. Either way a case or accent change is a difference even where a
 *       _ci collation calls the values equal. JSON: {@code CONVERT(c USING utf8mb4)} (its text rendering);</li>
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
        if (s.equals("json") || t.equals("json")) {
            return "CONVERT(" + c + " USING utf8mb4)";
        }
        if (TEXT.contains(s) || TEXT.contains(t)) {
            boolean sameCharset = target != null && source.charset() != null && source.charset().equalsIgnoreCase(target.charset());
            return sameCharset ? "CAST(" + c + " AS BINARY)" : "CAST(CONVERT(" + c + " USING utf8mb4) AS BINARY)";
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

    /** The row as one string: the normalised values and a NULL bitmap (CONCAT_WS skips NULLs). */
    static String rowString(java.util.List<ValidationModel.ColumnPlan> columns) {
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
        return values.append(")").toString();
    }

    /** The two 32-bit halves of the row hash, each an unsigned number: CRC32 of the row and of the row reversed. */
    static String[] rowCrcs(java.util.List<ValidationModel.ColumnPlan> columns) {
        String row = rowString(columns);
        return new String[] {"CRC32(" + row + ")", "CRC32(REVERSE(" + row + "))"};
    }

    /** The per-row hash as text ({@code crc:crc}), for comparing single rows by key. */
    static String rowHash(java.util.List<ValidationModel.ColumnPlan> columns) {
        String[] crcs = rowCrcs(columns);
        return "CONCAT(" + crcs[0] + ", ':', " + crcs[1] + ")";
    }

    /**
     * The chunk's checksum columns: {@code h1} and {@code h2}, the sums of each half over the chunk's rows (exact
     * DECIMAL sums: an order-independent multiset hash computed in the server, one scan, no row leaves it).
     */
    static String chunkSums(java.util.List<ValidationModel.ColumnPlan> columns) {
        String[] crcs = rowCrcs(columns);
        return "COALESCE(SUM(" + crcs[0] + "), 0) AS h1, COALESCE(SUM(" + crcs[1] + "), 0) AS h2";
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
