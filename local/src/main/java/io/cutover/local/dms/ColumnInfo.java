package io.cutover.local.dms;

import io.cutover.core.sql.Sql;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One source column as the engine needs it.
 *
 * @param index     0-based position in the table (the binlog's column order)
 * @param generated a VIRTUAL or STORED generated column: read, never written (the target computes it)
 * @param charset   the column's character set, to decode text values from the binlog (null for non-text)
 */
record ColumnInfo(String name, int index, String dataType, String columnType, ValueKind kind, boolean unsigned,
                  boolean generated, String charset) {

    String quoted() {
        return Sql.quote(name);
    }

    /** The expression the full load selects: the server's text for dates and times, the column otherwise. */
    String selectExpression() {
        return kind.castToChar() ? "CAST(" + quoted() + " AS CHAR)" : quoted();
    }

    /** Java's charset for the column's MySQL character set (MySQL's latin1 is Windows-1252). */
    Charset javaCharset() {
        if (charset == null) {
            return StandardCharsets.UTF_8;
        }
        return switch (charset.toLowerCase(Locale.ROOT)) {
            case "utf8mb4", "utf8mb3", "utf8" -> StandardCharsets.UTF_8;
            case "latin1" -> Charset.forName("windows-1252");
            case "ascii" -> StandardCharsets.US_ASCII;
            case "ucs2", "utf16" -> StandardCharsets.UTF_16BE;
            case "utf16le" -> StandardCharsets.UTF_16LE;
            case "utf32" -> Charset.forName("UTF-32BE");
            case "binary" -> StandardCharsets.ISO_8859_1;
            default -> {
                try {
                    yield Charset.forName(charset);
                } catch (RuntimeException e) {
                    yield StandardCharsets.UTF_8;
                }
            }
        };
    }
}
