package io.cutover.cutover.validation;

import io.cutover.core.catalog.Catalog;
import io.cutover.core.sql.Sql;
import java.util.Set;

/**
 * How a column is hashed so that equal data hashes equal on two different servers, and different data does not.
 * The row is one string, {@code CONCAT_WS('#', column expressions..., NULL bitmap)}. Two hashes of it are used:
 * <ul>
 *   <li>the <b>chunk sums</b> of a full pass: {@code SUM(CRC32(row))} and {@code COUNT(*)} per chunk, computed in the
 *       server. One CRC32 per row, because neither MySQL nor MariaDB evaluates a repeated sub-expression once: a second
 *       hash of the same row string renders the row a second time, and rendering is what a row hash costs (measured with
 *       {@code local/bench validation}: one CRC32 costs about as much as reading every value, two cost 1.8 times that);</li>
 *   <li>the <b>row hash</b> of single rows compared by key (the changed rows after the freeze, the rows of a chunk
 *       that differs): 64 bits, {@code CRC32(row)} and {@code CRC32(REVERSE(row))}; these rows are few.</li>
 * </ul>
 * docs/cutover-and-validation.md, "The row hash", gives the collision argument for both. CRC32, REVERSE, CONCAT_WS
 * and CAST AS BINARY behave alike on MySQL 8.0 (Aurora MySQL 3) and MariaDB: CRC32 is the ISO 3309 / zlib CRC over
 * the string's bytes (https://dev.mysql.com/doc/refman/8.0/en/mathematical-functions.html#function_crc32,
 * https://mariadb.com/kb/en/crc32/). The normalisation stays out of the row where the two sides agree already:
 * <ul>
 *   <li>text (CHAR, VARCHAR, TEXT, ENUM, SET): the column's bytes when both sides store it in the same character set:
 *       the column as it is where every text column of the table has one collation on each side (CONCAT_WS then
 *       concatenates the stored bytes and converts nothing; two collations of one character set in one CONCAT_WS are
 *       an "illegal mix of collations" error, https://dev.mysql.com/doc/refman/8.0/en/charset-collation-coercibility.html),
 *       otherwise {@code CAST(c AS BINARY)} (no conversion, and no collation to mix:
 *       https://dev.mysql.com/doc/refman/8.0/en/cast-functions.html); with different character sets
 *       {@code CONVERT(c USING utf8mb4)} first: the characters, as bytes, whatever the column's character set. Either
 *       way a case or accent change is a difference even where a _ci collation calls the values equal (CRC32 reads
 *       bytes, not collation weights). JSON: {@code CONVERT(c USING utf8mb4)} (its text rendering);</li>
 *   <li>FLOAT / DOUBLE: their decimal rendering differs between servers and versions (MySQL 5.7 vs 8.0, MariaDB),
 *       and between a FLOAT on one side and a DOUBLE on the other, so in those cases they are hashed as a canonical
 *       mantissa and exponent at the precision of the less precise side (FLOAT: 6 significant digits, DOUBLE: 15).
 *       Between servers that render alike (same family and major.minor) and equal types the server's rendering is
 *       hashed as it is: the canonical form costs about as much as the rest of the row hash;</li>
 *   <li>DECIMAL with different scales, temporal types with different fractional precision: cast to the wider one;
 *       TIMESTAMP is read in UTC (the session time zone is set to +00:00 on both sides);</li>
 *   <li>BIT as an unsigned number; everything else (integers, DATE, YEAR, BINARY, BLOB) as the server renders it.</li>
 * </ul>
 * NULLs: CONCAT_WS skips them, so a row compared by key ends with a bitmap of the nullable columns' ISNULL, as
 * integers of up to 60 bits each ({@code ISNULL(a) + ISNULL(b) * 2 + ...}: cheaper per row than a string of digits, and than the bit
 * operators {@code |} and {@code <<}); a chunk counts each nullable column's non-NULL values instead ({@link #chunkSums}).
 */
final class Normalization {
    private static final Set<String> TEXT = Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "json");
    private static final Set<String> TEMPORAL = Set.of("datetime", "timestamp", "time");

    private Normalization() {}

    /**
     * {@code plainText}: every text column of the table has one charset and collation on the source and one on the
     * target, and the same charset on both ({@link #plainText}): a same-charset text column is then hashed as it is.
     */
    static String expression(Catalog.Column source, Catalog.Column target, boolean sameRendering, boolean plainText) {
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
            if (!sameCharset) {
                return "CAST(CONVERT(" + c + " USING utf8mb4) AS BINARY)";
            }
            return plainText ? c : "CAST(" + c + " AS BINARY)";
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

    /**
     * Whether the table's text columns concatenate without a cast: each side has one (charset, collation) for all of
     * them, the charset is the same on both sides, and no column needs a conversion (JSON, another charset).
     */
    static boolean plainText(java.util.Collection<Catalog.Column> source, java.util.Map<String, Catalog.Column> targetByLowerName) {
        Set<String> sourceCollations = new java.util.HashSet<>();
        Set<String> targetCollations = new java.util.HashSet<>();
        for (Catalog.Column s : source) {
            Catalog.Column t = targetByLowerName.get(s.name().toLowerCase(java.util.Locale.ROOT));
            boolean text = TEXT.contains(s.dataType()) || t != null && TEXT.contains(t.dataType());
            if (!text) {
                continue;
            }
            if (t == null || s.dataType().equals("json") || t.dataType().equals("json") || s.charset() == null
                    || !s.charset().equalsIgnoreCase(t.charset())) {
                return false;
            }
            sourceCollations.add(s.charset().toLowerCase(java.util.Locale.ROOT) + "/" + String.valueOf(s.collation()).toLowerCase(java.util.Locale.ROOT));
            targetCollations.add(t.charset().toLowerCase(java.util.Locale.ROOT) + "/" + String.valueOf(t.collation()).toLowerCase(java.util.Locale.ROOT));
        }
        return sourceCollations.size() <= 1 && targetCollations.size() <= 1;
    }

    /** {@code d.ddddde<exp>} with {@code digits} significant digits, or the plain value for 0 and NULL. */
    private static String significant(String c, int digits) {
        String exp = "FLOOR(LOG10(ABS(" + c + ")))";
        return "IF(" + c + " IS NULL OR " + c + " = 0, CAST(" + c + " AS CHAR), CONCAT(CAST(ROUND(" + c + " / POW(10, " + exp + "), "
                + (digits - 1) + ") AS DECIMAL(" + (digits + 2) + "," + (digits - 1) + ")), 'e', " + exp + "))";
    }

    /** Nullable columns per integer of the NULL bitmap (a signed BIGINT holds 63 bits; 60 keeps it plain). */
    private static final int BITS_PER_NULL_WORD = 60;

    /** The row as one string: the normalised values and a NULL bitmap (CONCAT_WS skips NULLs). */
    static String rowString(java.util.List<ValidationModel.ColumnPlan> columns) {
        return rowString(columns, true);
    }

    private static String rowString(java.util.List<ValidationModel.ColumnPlan> columns, boolean nullBitmap) {
        StringBuilder values = new StringBuilder("CONCAT_WS('#'");
        java.util.List<String> words = new java.util.ArrayList<>();
        StringBuilder word = new StringBuilder();
        int bit = 0;
        for (ValidationModel.ColumnPlan col : columns) {
            values.append(", ").append(col.expression());
            if (col.nullable() && nullBitmap) {
                if (bit == BITS_PER_NULL_WORD) {
                    words.add(word.toString());
                    word.setLength(0);
                    bit = 0;
                }
                String isNull = "ISNULL(" + Sql.quote(col.name()) + ")";
                word.append(bit == 0 ? isNull : " + " + isNull + " * " + (1L << bit));
                bit++;
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        words.forEach(w -> values.append(", ").append(w));
        return values.append(")").toString();
    }

    /** The 64-bit row hash's two halves, each an unsigned number: CRC32 of the row and of the row reversed. */
    static String[] rowCrcs(java.util.List<ValidationModel.ColumnPlan> columns) {
        String row = rowString(columns);
        return new String[] {"CRC32(" + row + ")", "CRC32(REVERSE(" + row + "))"};
    }

    /** The per-row hash as text ({@code crc:crc}, 64 bits), for comparing single rows by key. */
    static String rowHash(java.util.List<ValidationModel.ColumnPlan> columns) {
        String[] crcs = rowCrcs(columns);
        return "CONCAT(" + crcs[0] + ", ':', " + crcs[1] + ")";
    }

    /**
     * Rows a chunk may have for its CRC32 sum to be taken in double precision: every partial sum of at most 2^21 values
     * below 2^32 is an integer below 2^53, which a double holds exactly, so the sum is exact whatever the order the
     * server adds the rows in. Above it {@link #chunkSums} is asked for the DECIMAL sum.
     */
    static final long DOUBLE_SUM_ROWS = 1L << 21;

    /**
     * The chunk's checksum columns: {@code h}, the sum of the rows' CRC32 over the chunk (an exact sum: an
     * order-independent multiset hash computed in the server, one scan, no row leaves it), and per nullable column
     * its count of non-NULL values ({@code n0}, {@code n1}, ...): the row string leaves the NULL bitmap out, because
     * the bitmap's arithmetic costs a fifth of reading every value per row while a column's count costs a twentieth,
     * and the counts see what the bitmap would (CONCAT_WS skips NULLs, so a NULL moved to another column of a row with
     * the same rendering changes two columns' counts). With {@code COUNT(*)}, see {@link #nullCountAliases}.
     *
     * <p>{@code exact}: the sum of the integers as DECIMAL, any number of rows. Otherwise each CRC32 is made a DOUBLE
     * ({@code + 0e0}: a literal with an exponent is an approximate value, and an arithmetic operation with one is
     * floating-point, https://dev.mysql.com/doc/refman/8.0/en/number-literals.html,
     * https://dev.mysql.com/doc/refman/8.0/en/arithmetic-functions.html) so that SUM adds doubles rather than DECIMALs
     * ("a DOUBLE value for approximate-value arguments", https://dev.mysql.com/doc/refman/8.0/en/aggregate-functions.html#function_sum;
     * MariaDB alike, https://mariadb.com/kb/en/sum/): the per-row DECIMAL addition is the largest part of what the
     * exact sum costs beyond reading the row (measured with {@code local/bench validation}, docs/cutover-and-validation.md).
     * It is exact only for chunks of at most {@link #DOUBLE_SUM_ROWS} rows (the caller checks {@code COUNT(*)} and asks
     * again with {@code exact}); the result is cast back to an integer in the server, once per chunk, because a double
     * sent as text may be rounded to 15 significant digits (MariaDB's text protocol does).
     */
    static String chunkSums(java.util.List<ValidationModel.ColumnPlan> columns, boolean exact) {
        String crc = "CRC32(" + rowString(columns, false) + ")";
        StringBuilder sql = new StringBuilder(exact ? "COALESCE(SUM(" + crc + "), 0) AS h"
                : "CAST(COALESCE(SUM(" + crc + " + 0e0), 0) AS UNSIGNED) AS h");
        java.util.List<String> aliases = nullCountAliases(columns);
        int i = 0;
        for (ValidationModel.ColumnPlan col : columns) {
            if (col.nullable()) {
                sql.append(", COUNT(").append(Sql.quote(col.name())).append(") AS ").append(aliases.get(i++));
            }
        }
        return sql.toString();
    }

    /** The aliases of {@link #chunkSums}' non-NULL counts, one per nullable column in order. */
    static java.util.List<String> nullCountAliases(java.util.List<ValidationModel.ColumnPlan> columns) {
        java.util.List<String> aliases = new java.util.ArrayList<>();
        for (ValidationModel.ColumnPlan col : columns) {
            if (col.nullable()) {
                aliases.add("n" + aliases.size());
            }
        }
        return aliases;
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
