package io.cutover.local.dms;

import io.cutover.core.catalog.BinlogPosition;
import io.cutover.core.sql.Identifier;
import io.cutover.core.sql.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Reads what the engine needs from the source's information_schema and binary log status. */
final class SourceCatalog {
    private SourceCatalog() {}

    /** Every base table outside the system schemas. */
    static List<TableName> baseTables(Connection c) throws SQLException {
        List<TableName> out = new ArrayList<>();
        String sql = "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' "
                + "AND TABLE_SCHEMA NOT IN (" + Sql.placeholders(Identifier.SYSTEM_SCHEMAS.size()) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (String system : Identifier.SYSTEM_SCHEMAS) {
                ps.setString(i++, system);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TableName(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    /** Columns, keys and size estimates of the given tables. */
    static Map<TableName, TableInfo> describe(Connection c, List<TableName> tables) throws SQLException {
        Map<TableName, TableInfo> out = new LinkedHashMap<>();
        if (tables.isEmpty()) {
            return out;
        }
        Set<String> schemas = tables.stream().map(TableName::schema).collect(Collectors.toCollection(java.util.TreeSet::new));
        Map<TableName, List<ColumnInfo>> columns = columns(c, schemas);
        Map<TableName, Map<String, List<String>>> uniques = uniqueKeys(c, schemas);
        Map<TableName, Long> rows = estimates(c, schemas);
        for (TableName table : tables) {
            List<ColumnInfo> cols = columns.get(table);
            if (cols == null) {
                throw new SQLException("source table " + table + " does not exist (or the DMS user cannot see it)");
            }
            Map<String, List<String>> keys = uniques.getOrDefault(table, Map.of());
            Map<String, Integer> indexByName = new HashMap<>();
            cols.forEach(col -> indexByName.put(col.name(), col.index()));
            List<Integer> key = List.of();
            String keyName = null;
            if (keys.containsKey("PRIMARY")) {
                keyName = "PRIMARY";
            } else {
                keyName = keys.keySet().stream().findFirst().orElse(null); // ordered by index name; any unique key on NOT NULL columns
            }
            if (keyName != null) {
                key = keys.get(keyName).stream().map(indexByName::get).toList();
            }
            out.put(table, new TableInfo(table, cols, key, rows.getOrDefault(table, 0L)));
        }
        return out;
    }

    private static Map<TableName, List<ColumnInfo>> columns(Connection c, Set<String> schemas) throws SQLException {
        Map<TableName, List<ColumnInfo>> out = new HashMap<>();
        String sql = "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_SET_NAME, EXTRA "
                + "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN (" + Sql.placeholders(schemas.size()) + ") "
                + "ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION";
        try (PreparedStatement ps = bind(c.prepareStatement(sql), schemas); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                TableName table = new TableName(rs.getString(1), rs.getString(2));
                List<ColumnInfo> list = out.computeIfAbsent(table, t -> new ArrayList<>());
                String dataType = rs.getString(4);
                String columnType = rs.getString(5);
                String extra = rs.getString(7) == null ? "" : rs.getString(7).toUpperCase(java.util.Locale.ROOT);
                boolean generated = extra.contains("VIRTUAL GENERATED") || extra.contains("STORED GENERATED")
                        || extra.equals("VIRTUAL") || extra.equals("PERSISTENT") || extra.equals("STORED");
                list.add(new ColumnInfo(rs.getString(3), list.size(), dataType, columnType, ValueKind.of(dataType),
                        columnType.toLowerCase(java.util.Locale.ROOT).contains("unsigned"), generated, rs.getString(6)));
            }
        }
        return out;
    }

    /** Unique keys whose columns are all NOT NULL and whole (no prefix), by index name, columns in key order. */
    private static Map<TableName, Map<String, List<String>>> uniqueKeys(Connection c, Set<String> schemas) throws SQLException {
        Map<TableName, Map<String, List<String>>> out = new HashMap<>();
        Map<TableName, Set<String>> unusable = new HashMap<>();
        String sql = "SELECT s.TABLE_SCHEMA, s.TABLE_NAME, s.INDEX_NAME, s.COLUMN_NAME, s.SUB_PART, col.IS_NULLABLE "
                + "FROM information_schema.STATISTICS s JOIN information_schema.COLUMNS col "
                + "ON col.TABLE_SCHEMA = s.TABLE_SCHEMA AND col.TABLE_NAME = s.TABLE_NAME AND col.COLUMN_NAME = s.COLUMN_NAME "
                + "WHERE s.NON_UNIQUE = 0 AND s.TABLE_SCHEMA IN (" + Sql.placeholders(schemas.size()) + ") "
                + "ORDER BY s.TABLE_SCHEMA, s.TABLE_NAME, s.INDEX_NAME, s.SEQ_IN_INDEX";
        try (PreparedStatement ps = bind(c.prepareStatement(sql), schemas); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                TableName table = new TableName(rs.getString(1), rs.getString(2));
                String index = rs.getString(3);
                out.computeIfAbsent(table, t -> new TreeMap<>()).computeIfAbsent(index, i -> new ArrayList<>()).add(rs.getString(4));
                if (rs.getObject(5) != null || "YES".equals(rs.getString(6))) {
                    unusable.computeIfAbsent(table, t -> new java.util.HashSet<>()).add(index);
                }
            }
        }
        unusable.forEach((table, indexes) -> indexes.forEach(out.get(table)::remove));
        return out;
    }

    private static Map<TableName, Long> estimates(Connection c, Set<String> schemas) throws SQLException {
        Map<TableName, Long> out = new HashMap<>();
        String sql = "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ("
                + Sql.placeholders(schemas.size()) + ")";
        try (PreparedStatement ps = bind(c.prepareStatement(sql), schemas); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(new TableName(rs.getString(1), rs.getString(2)), rs.getLong(3));
            }
        }
        return out;
    }

    private static PreparedStatement bind(PreparedStatement ps, Set<String> values) throws SQLException {
        int i = 1;
        for (String v : values) {
            ps.setString(i++, v);
        }
        return ps;
    }

    /**
     * The source's current binlog position: {@code SHOW MASTER STATUS} (MariaDB, MySQL up to 8.0), else
     * {@code SHOW BINARY LOG STATUS} (MySQL 8.4, where the old statement is gone).
     */
    static BinlogPosition currentPosition(Connection c) throws SQLException {
        SQLException first = null;
        for (String sql : List.of("SHOW MASTER STATUS", "SHOW BINARY LOG STATUS")) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                if (!rs.next()) {
                    throw new SQLException("the source has no binary log (" + sql + " is empty): log_bin must be ON for CDC");
                }
                return new BinlogPosition(rs.getString(1), rs.getLong(2));
            } catch (SQLException e) {
                if (e.getMessage() != null && e.getMessage().contains("no binary log")) {
                    throw e;
                }
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    /** Global variables by name ({@code SHOW GLOBAL VARIABLES}); a variable the server lacks is absent. */
    static Map<String, String> variables(Connection c, List<String> names) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SHOW GLOBAL VARIABLES WHERE Variable_name IN (" + Sql.placeholders(names.size()) + ")")) {
            for (int i = 0; i < names.size(); i++) {
                ps.setString(i + 1, names.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1).toLowerCase(java.util.Locale.ROOT), rs.getString(2));
                }
            }
        }
        return out;
    }
}
