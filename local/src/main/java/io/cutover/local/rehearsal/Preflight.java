package io.cutover.local.rehearsal;

import io.cutover.core.Heartbeat;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.sql.Identifier;
import io.cutover.core.catalog.Grants;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a rehearsal on your own servers checks before it starts anything (docs/rehearsal.md, "Rehearsing your own
 * servers"): both accounts log in, as themselves (not as an anonymous account), over the rehearsal's connections (no
 * TLS: an account with REQUIRE SSL is refused there); every schema named with {@code --database} exists on the source;
 * each account has the grants the docs list for one account serving as Cutover's and DMS's. Every problem is listed
 * at once, each naming the account, the schema or the missing privileges. Nothing is changed.
 */
public final class Preflight {
    /** The source account: Cutover's (readiness, heartbeat, freeze, validation) and DMS's (binlog, SELECT). MariaDB names. */
    static final List<String> SOURCE_GLOBAL_MARIADB = List.of("SELECT", "SHOW VIEW", "TRIGGER", "EVENT", "PROCESS", "BINLOG MONITOR",
            "REPLICATION SLAVE", "SLAVE MONITOR", "READ_ONLY ADMIN");
    static final List<String> SOURCE_GLOBAL_MYSQL = List.of("SELECT", "SHOW VIEW", "TRIGGER", "EVENT", "PROCESS", "REPLICATION CLIENT",
            "REPLICATION SLAVE", "SHOW_ROUTINE", "SYSTEM_VARIABLES_ADMIN", "CONNECTION_ADMIN");
    static final List<String> HEARTBEAT = List.of("CREATE", "INSERT", "SELECT");
    /** The target account, on each migrated schema: Cutover's DDL and deferred objects, DMS's load and apply. */
    static final List<String> TARGET_SCHEMA = List.of("SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "INDEX",
            "REFERENCES", "CREATE TEMPORARY TABLES", "CREATE VIEW", "SHOW VIEW", "CREATE ROUTINE", "ALTER ROUTINE", "TRIGGER", "EVENT");
    static final String DMS_CONTROL_SCHEMA = "awsdms_control";

    private Preflight() {}

    /**
     * The problems found (empty: ready). {@code schemas}: the schemas to migrate; {@code mustExist}: they must exist on
     * the source (--database), or not yet (the sample, which the rehearsal creates).
     */
    public static List<String> check(RehearsalServers servers, List<String> schemas, boolean mustExist) {
        List<String> problems = new ArrayList<>();
        for (DatabaseRole role : DatabaseRole.values()) {
            try (Connection c = servers.admin(role)) {
                problems.addAll(account(c, role, servers.user(role), schemas, mustExist));
            } catch (SQLException | RuntimeException e) {
                problems.add(role.label() + ": cannot log in as " + servers.user(role) + " on " + servers.address(role) + ": " + e.getMessage()
                        + hintFor(e));
            }
        }
        return problems;
    }

    static List<String> account(Connection c, DatabaseRole role, String user, List<String> schemas, boolean mustExist) throws SQLException {
        List<String> problems = new ArrayList<>();
        String side = role.label();
        String current = single(c, "SELECT CURRENT_USER()");
        String account = current == null || !current.contains("@") ? user
                : "'" + current.substring(0, current.lastIndexOf('@')) + "'@'" + current.substring(current.lastIndexOf('@') + 1) + "'";
        if (current != null && current.startsWith("@")) {
            problems.add(side + ": logged in as the anonymous account " + account + ", not as " + user + ": an anonymous account "
                    + "with a more specific host shadows '" + user + "'@'%' (MySQL and MariaDB match the most specific host first: "
                    + "https://dev.mysql.com/doc/refman/8.0/en/connection-access.html). Drop it on a rehearsal server: DROP USER " + account);
        }
        List<String> anonymous = readable(c, "SELECT CONCAT('''''@''', host, '''') FROM mysql.user WHERE user = ''");
        if (!anonymous.isEmpty()) {
            problems.add(side + ": anonymous accounts " + anonymous + " exist: connections from their hosts log in as them instead of "
                    + "the accounts Cutover and the rehearsal use ('" + user + "'@'%' and the workload's), and fail with "
                    + "\"Access denied\" (https://dev.mysql.com/doc/refman/8.0/en/connection-access.html). A fresh server has them; "
                    + "drop them: DROP USER " + String.join(", ", anonymous));
        }
        String ssl = sslRequirement(c, current);
        if (ssl != null && !ssl.isBlank()) {
            problems.add(side + ": the account " + account + " requires TLS (REQUIRE " + ssl + "), but the rehearsal's handlers and its "
                    + "DMS engine connect without TLS (tls.mode DISABLED, dms.sslMode none): on a rehearsal copy, ALTER USER " + account
                    + " REQUIRE NONE, or use another account");
        }
        Grants grants = Grants.parse(column(c, "SHOW GRANTS"));
        boolean mariaDb = single(c, "SELECT VERSION()").toLowerCase(Locale.ROOT).contains("mariadb");
        Set<String> missing = new TreeSet<>();
        if (role == DatabaseRole.SOURCE) {
            for (String p : mariaDb ? SOURCE_GLOBAL_MARIADB : SOURCE_GLOBAL_MYSQL) {
                if (!grants.hasGlobal(p)) {
                    missing.add(p + " ON *.*");
                }
            }
            for (String p : HEARTBEAT) {
                if (!grants.hasOnSchema(p, Heartbeat.SCHEMA)) {
                    missing.add(p + " ON `" + Heartbeat.SCHEMA + "`.*");
                }
            }
            if (mustExist) {
                List<String> existing = column(c, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA");
                for (String s : schemas) {
                    if (existing.stream().noneMatch(e -> e.equals(s))) {
                        problems.add("source: the schema " + s + " (--database) does not exist on " + "the source; it has: "
                                + existing.stream().filter(e -> !Identifier.isSystemSchema(e))
                                .toList());
                    }
                }
            }
        } else {
            for (String s : schemas) {
                for (String p : TARGET_SCHEMA) {
                    if (!grants.hasOnSchema(p, s)) {
                        missing.add(p + " ON `" + s + "`.*");
                    }
                }
            }
            if (!grants.hasOnTable("SELECT", "mysql", "user")) {
                missing.add("SELECT ON `mysql`.`user` (the readiness checks of the DMS account and of definers read it)");
            }
            // 6.1 reads back each routine it created; one owned by another definer is shown only with these
            if (mariaDb ? !grants.hasOnTable("SELECT", "mysql", "proc") : !grants.hasGlobal("SHOW_ROUTINE")) {
                missing.add((mariaDb ? "SELECT ON `mysql`.`proc`" : "SHOW_ROUTINE ON *.*")
                        + " (to read back routines whose definer is another account)");
            }
            String setUser = mariaDb ? "SET USER" : "SET_USER_ID";
            if (!grants.hasGlobal(setUser) && !grants.hasGlobal("SUPER")) {
                missing.add(setUser + " ON *.* (to create views, routines, triggers and events with their own definers)");
            }
            if (!grants.hasOnSchema("ALL PRIVILEGES", DMS_CONTROL_SCHEMA)) {
                missing.add("ALL PRIVILEGES ON `" + DMS_CONTROL_SCHEMA + "`.* (DMS's control tables)");
            }
            for (String p : TARGET_SCHEMA) { // the heartbeat table: created by Cutover, applied by DMS (upserts)
                if (!grants.hasOnSchema(p, Heartbeat.SCHEMA)) {
                    missing.add(p + " ON `" + Heartbeat.SCHEMA + "`.*");
                }
            }
        }
        if (!missing.isEmpty()) {
            problems.add(side + ": the account " + account + " lacks " + String.join(", ", missing) + (grants.roles().isEmpty() ? ""
                    : " (it holds roles " + grants.roles() + ", whose privileges SHOW GRANTS does not show)") + "; docs/rehearsal.md lists what "
                    + "one account per side needs");
        }
        return problems;
    }

    private static String sslRequirement(Connection c, String current) {
        if (current == null || !current.contains("@")) {
            return null;
        }
        int at = current.lastIndexOf('@');
        try (PreparedStatement ps = c.prepareStatement("SELECT ssl_type FROM mysql.user WHERE user = ? AND host = ?")) {
            ps.setString(1, current.substring(0, at));
            ps.setString(2, current.substring(at + 1));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            return null; // mysql.user not readable: the handlers' login will say it
        }
    }

    private static String hintFor(Throwable e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Access denied")) {
            return " (the password, the account's host part, an anonymous account shadowing it, or REQUIRE SSL: the rehearsal connects "
                    + "without TLS; see docs/rehearsal.md)";
        }
        return "";
    }

    /** The rows, or none when the account may not read them (the check is then left to the handlers' own errors). */
    private static List<String> readable(Connection c, String sql) {
        try {
            return column(c, sql);
        } catch (SQLException e) {
            return List.of();
        }
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
