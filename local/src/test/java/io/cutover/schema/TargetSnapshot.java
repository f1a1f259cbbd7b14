package io.cutover.schema;

import io.cutover.local.db.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every object of some schemas on a server, as root sees it (SHOW CREATE text keyed by type and name): two
 * snapshots are equal when the server holds the same objects with the same definitions.
 */
final class TargetSnapshot {
    private TargetSnapshot() {}

    static Map<String, String> of(MariaDbServer server, List<String> schemas) {
        Map<String, String> objects = new TreeMap<>();
        try (Connection c = server.rootConnection(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = ''");
            for (String schema : schemas) {
                String q = "`" + schema.replace("`", "``") + "`";
                for (String[] kind : new String[][] {
                        {"TABLE", "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE='BASE TABLE' AND TABLE_SCHEMA=?", "SHOW CREATE TABLE", "2"},
                        {"VIEW", "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA=?", "SHOW CREATE VIEW", "2"},
                        {"PROCEDURE", "SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_TYPE='PROCEDURE' AND ROUTINE_SCHEMA=?", "SHOW CREATE PROCEDURE", "3"},
                        {"FUNCTION", "SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_TYPE='FUNCTION' AND ROUTINE_SCHEMA=?", "SHOW CREATE FUNCTION", "3"},
                        {"TRIGGER", "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA=?", "SHOW CREATE TRIGGER", "3"},
                        {"EVENT", "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA=?", "SHOW CREATE EVENT", "4"}}) {
                    for (String name : names(c, kind[1], schema)) {
                        try (ResultSet rs = s.executeQuery(kind[2] + " " + q + ".`" + name.replace("`", "``") + "`")) {
                            rs.next();
                            objects.put(kind[0] + " " + schema + "." + name, rs.getString(Integer.parseInt(kind[3])));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return objects;
    }

    static long count(Map<String, String> snapshot, String type) {
        return snapshot.keySet().stream().filter(k -> k.startsWith(type + " ")).count();
    }

    private static List<String> names(Connection c, String sql, String schema) throws SQLException {
        List<String> names = new ArrayList<>();
        try (var ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) names.add(rs.getString(1));
            }
        }
        return names;
    }
}
