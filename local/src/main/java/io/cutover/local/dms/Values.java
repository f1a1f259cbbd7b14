package io.cutover.local.dms;

import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;

/** Turns values read by JDBC or decoded from the binlog into their {@link ValueKind} form. */
final class Values {
    private Values() {}

    /** A full-load value: column {@code position} (1-based) of the current row of {@code rs}. */
    static Object read(ResultSet rs, int position, ColumnInfo column) throws SQLException {
        Object value = switch (column.kind()) {
            case INTEGER, FLOAT, DOUBLE -> rs.getObject(position);
            case DECIMAL -> rs.getBigDecimal(position);
            case BIT, BINARY, SPATIAL -> rs.getBytes(position);
            default -> rs.getString(position);
        };
        return rs.wasNull() ? null : value;
    }

    /** A binlog value of {@code column} (see {@link ExactRowsDeserializers} for the temporal forms). */
    static Object fromBinlog(ColumnInfo column, Serializable value) {
        if (value == null) {
            return null;
        }
        return switch (column.kind()) {
            case INTEGER -> column.unsigned() ? unsigned(column.dataType(), value) : value;
            case TEXT -> value instanceof byte[] b ? new String(b, column.javaCharset()) : value.toString();
            case JSON -> json(value);
            case OTHER -> value instanceof byte[] b && column.charset() != null ? new String(b, column.javaCharset()) : value;
            default -> value;
        };
    }

    /** The binlog carries unsigned integers in the signed Java type of their width; widen them back. */
    static Object unsigned(String dataType, Serializable value) {
        long v = ((Number) value).longValue();
        return switch (dataType.toLowerCase(Locale.ROOT)) {
            case "tinyint" -> (int) (v & 0xFFL);
            case "smallint" -> (int) (v & 0xFFFFL);
            case "mediumint" -> (int) (v & 0xFFFFFFL);
            case "int", "integer" -> v & 0xFFFFFFFFL;
            default -> v >= 0 ? (Object) v : new BigInteger(Long.toUnsignedString(v));
        };
    }

    /** MySQL's binary JSON becomes its text; MariaDB's JSON is LONGTEXT and arrives as text bytes (kind TEXT). */
    private static Object json(Serializable value) {
        if (!(value instanceof byte[] bytes)) {
            return value.toString();
        }
        try {
            return JsonBinary.parseAsString(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a JSON value from the binlog", e);
        }
    }

    /** Whether two values in ValueKind form are the same value. */
    static boolean same(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof Number x && b instanceof Number y && !(a instanceof java.math.BigDecimal)) {
            return x.toString().equals(y.toString());
        }
        return java.util.Objects.equals(a, b);
    }
}
