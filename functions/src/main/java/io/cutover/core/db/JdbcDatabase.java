package io.cutover.core.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link Database} over one JDBC connection. */
public final class JdbcDatabase implements Database {
    private final DatabaseRole role;
    private final Connection connection;
    private ServerInfo server;
    /**
     * Variables the server cannot change while it runs, read once per session with the first request for any of them:
     * {@code version}, {@code version_comment} and {@code aurora_version} are read-only, {@code performance_schema} is
     * not dynamic ("Dynamic: No", https://dev.mysql.com/doc/refman/8.0/en/performance-schema-system-variables.html#sysvar_performance_schema;
     * MariaDB alike, https://mariadb.com/kb/en/performance-schema-system-variables/#performance_schema). Each
     * {@code SHOW GLOBAL VARIABLES} lists every variable in the server before it filters, so one fewer per session counts
     * where the sessions are short (the freeze-time validation). Null until read; absent names are absent from the map.
     */
    private static final java.util.Set<String> STATIC = java.util.Set.of("version", "version_comment", "aurora_version", "performance_schema");
    private Map<String, String> staticValues;

    public JdbcDatabase(DatabaseRole role, Connection connection) {
        this.role = role;
        this.connection = connection;
    }

    @Override
    public DatabaseRole role() {
        return role;
    }

    @Override
    public synchronized ServerInfo server() {
        if (server == null) {
            Map<String, String> v = globalVariables(List.of("version", "version_comment", "aurora_version"));
            server = ServerInfo.of(v.get("version"), v.get("version_comment"), v.get("aurora_version"));
        }
        return server;
    }

    @Override
    public synchronized Map<String, String> globalVariables(Collection<String> names) {
        Map<String, String> result = new LinkedHashMap<>();
        if (names.isEmpty()) {
            return result;
        }
        java.util.Set<String> asked = new java.util.LinkedHashSet<>();
        names.forEach(n -> asked.add(n.toLowerCase(java.util.Locale.ROOT)));
        java.util.Set<String> read = new java.util.LinkedHashSet<>(asked);
        boolean cacheStatic = staticValues == null && asked.stream().anyMatch(STATIC::contains);
        if (cacheStatic) {
            read.addAll(STATIC);
        } else if (staticValues != null) {
            read.removeAll(STATIC);
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (!read.isEmpty()) {
            // SHOW GLOBAL VARIABLES, not SELECT @@x: an unknown variable is an empty row set here, an error there.
            String sql = "SHOW GLOBAL VARIABLES WHERE Variable_name IN (" + io.cutover.core.sql.Sql.placeholders(read.size()) + ")";
            for (Row row : query(sql, read.toArray())) {
                values.put(row.string("Variable_name").toLowerCase(java.util.Locale.ROOT), row.string("Value"));
            }
        }
        if (cacheStatic) {
            staticValues = new LinkedHashMap<>();
            STATIC.forEach(n -> {
                if (values.containsKey(n)) {
                    staticValues.put(n, values.get(n));
                }
            });
        }
        if (staticValues != null) {
            values.putAll(staticValues);
        }
        for (String n : asked) {
            if (values.containsKey(n)) {
                result.put(n, values.get(n));
            }
        }
        return result;
    }

    @Override
    public List<Row> query(String sql, Object... params) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                return readAll(rs);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(role, "query '" + abbreviate(sql) + "'", e);
        }
    }

    @Override
    public int update(String sql, Object... params) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw SqlErrors.translate(role, "statement '" + abbreviate(sql) + "'", e);
        }
    }

    @Override
    public Connection jdbc() {
        return connection;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a broken connection tells us nothing new
        }
    }

    /** Reads every row; temporal columns as text so that zero dates ('0000-00-00') do not throw. */
    public static List<Row> readAll(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int columns = meta.getColumnCount();
        List<Row> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 1; i <= columns; i++) {
                int type = meta.getColumnType(i);
                Object value = switch (type) {
                    case Types.DATE, Types.TIME, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> rs.getString(i);
                    default -> rs.getObject(i);
                };
                values.put(meta.getColumnLabel(i), value);
            }
            rows.add(new Row(values));
        }
        return rows;
    }

    private static void bind(PreparedStatement statement, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
    }

    static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 120 ? oneLine.substring(0, 120) + "…" : oneLine;
    }
}
