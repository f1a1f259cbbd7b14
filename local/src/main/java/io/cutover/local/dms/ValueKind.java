package io.cutover.local.dms;

import java.util.Locale;

/**
 * How the engine carries a column's values, chosen from information_schema's DATA_TYPE. Each kind has one
 * in-memory form, the same whether the value was read by the full load (JDBC) or decoded from the binlog, so
 * both paths write the target the same way:
 * <ul>
 *   <li>INTEGER: Integer / Long / BigInteger (unsigned values widened, never negative);</li>
 *   <li>DECIMAL: BigDecimal; FLOAT: Float; DOUBLE: Double (exact: binary protocol, binlog bits);</li>
 *   <li>TEMPORAL and YEAR: the server's own text ({@code 2024-01-02 03:04:05.123456}, {@code -838:59:59},
 *       {@code 0000-00-00}, {@code 0000}), TIMESTAMP in UTC: exact, zero dates and negative times included;</li>
 *   <li>TEXT, JSON, ENUM, SET, OTHER: String (ENUM and SET from the binlog: their index / bit mask as a number,
 *       which the server maps to the same member);</li>
 *   <li>BINARY, BIT, SPATIAL: byte[] (geometry in the server's internal form, SRID + WKB).</li>
 * </ul>
 */
enum ValueKind {
    INTEGER, DECIMAL, FLOAT, DOUBLE, BIT, YEAR, TEMPORAL, ENUM, SET, TEXT, JSON, BINARY, SPATIAL, OTHER;

    static ValueKind of(String dataType) {
        return switch (dataType.toLowerCase(Locale.ROOT)) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint" -> INTEGER;
            case "decimal", "numeric" -> DECIMAL;
            case "float" -> FLOAT;
            case "double", "real", "double precision" -> DOUBLE;
            case "bit" -> BIT;
            case "year" -> YEAR;
            case "date", "time", "datetime", "timestamp" -> TEMPORAL;
            case "enum" -> ENUM;
            case "set" -> SET;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext" -> TEXT;
            case "json" -> JSON;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> BINARY;
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                 "geometrycollection", "geomcollection" -> SPATIAL;
            default -> OTHER;
        };
    }

    /** Read as text by the full load: the server formats it exactly (and JDBC's date types cannot hold all values). */
    boolean castToChar() {
        return this == TEMPORAL || this == YEAR;
    }

    boolean bytes() {
        return this == BINARY || this == BIT || this == SPATIAL;
    }
}
