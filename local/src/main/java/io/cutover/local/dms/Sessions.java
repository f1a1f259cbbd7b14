package io.cutover.local.dms;

import io.cutover.core.config.MigrationConfig.Tls;
import io.cutover.core.config.MigrationConfig.TlsMode;
import io.cutover.core.db.DbCredentials;
import io.cutover.core.db.jdbc.JdbcDatabases;
import io.cutover.core.ports.Secrets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the engine's JDBC sessions with credentials read from the endpoint's secret at each connection, and
 * sets them up as the engine needs:
 * <ul>
 *   <li>every session works in UTC ({@code time_zone '+00:00'}), so TIMESTAMP values cross unchanged;</li>
 *   <li>source reads use the binary protocol (server-side prepared statements): FLOAT and DOUBLE values arrive
 *       exactly (the text protocol rounds FLOAT to 6 digits);</li>
 *   <li>target sessions are strict (a value that does not fit is an error, as on a DMS target), keep explicit
 *       zeros in AUTO_INCREMENT columns, batch inserts into multi-row statements, and run the endpoint's
 *       init statements last.</li>
 * </ul>
 * Target sessions are registered with their server connection id so that the rehearsal hooks can kill them
 * on the server ({@code KILL CONNECTION}), exactly as a failover or a network cut would end them.
 */
final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    static final String TARGET_SQL_MODE = "STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION";

    private final Secrets secrets;
    private final JdbcDatabases jdbc;
    private final Map<Connection, TargetSession> targets = new ConcurrentHashMap<>();

    /**
     * @param globalSqlMode the target server's global sql_mode when the session opened: what "the target database"
     *                      accepts (its parameter group), as opposed to this session's own mode, which the engine sets
     */
    record TargetSession(LocalEndpoint endpoint, long connectionId, String globalSqlMode) {}

    Sessions(Secrets secrets) {
        this.secrets = secrets;
        this.jdbc = new JdbcDatabases(secrets);
    }

    DbCredentials credentials(LocalEndpoint endpoint) {
        return DbCredentials.fromSecret(endpoint.secretId(), secrets.secretString(endpoint.secretId()));
    }

    /** A plain session, as a connection test opens it: Cutover's JDBC settings, the endpoint's TLS mode. */
    Connection open(LocalEndpoint endpoint, Map<String, String> extra) throws SQLException {
        Map<String, String> props = new java.util.HashMap<>(extra);
        props.put("socketTimeout", "600000");
        props.put("connectionAttributes", "program_name:cutover-local-dms");
        return jdbc.connect(credentials(endpoint), new Tls(TlsMode.valueOf(endpoint.jdbcSslMode()), null), props);
    }

    /** A source session for catalog and full-load reads. */
    Connection source(LocalEndpoint endpoint) throws SQLException {
        // TINYINT(1) and BIT(1) are numbers and bytes here, not booleans (a TINYINT(1) may hold 5)
        Connection c = open(endpoint, Map.of("useServerPrepStmts", "true", "cachePrepStmts", "true", "tinyInt1isBit", "false",
                "transformedBitIsBoolean", "false"));
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION time_zone = '+00:00'");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * A target session. {@code foreignKeyChecks} is false for the full load and the cached changes (tables load in
     * parallel, children before parents); true for CDC, where the source's commit order keeps every constraint
     * satisfied and where ON DELETE/UPDATE CASCADE must act on the target (the binlog does not carry the rows a
     * cascade changed on the source).
     */
    Connection target(LocalEndpoint endpoint, boolean foreignKeyChecks) throws SQLException {
        Connection c = open(endpoint, Map.of("rewriteBatchedStatements", "true", "useServerPrepStmts", "false"));
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION time_zone = '+00:00', SESSION sql_mode = '" + TARGET_SQL_MODE + "', SESSION foreign_key_checks = "
                    + (foreignKeyChecks ? 1 : 0));
            for (String statement : initStatements(endpoint)) {
                s.execute(statement);
            }
            long id;
            String globalSqlMode;
            try (ResultSet rs = s.executeQuery("SELECT CONNECTION_ID(), @@GLOBAL.sql_mode")) {
                rs.next();
                id = rs.getLong(1);
                globalSqlMode = rs.getString(2);
            }
            c.setAutoCommit(false);
            targets.put(c, new TargetSession(endpoint, id, globalSqlMode));
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The target server's global sql_mode as {@code c} (a target session of this engine) saw it when it opened; null otherwise. */
    String targetGlobalSqlMode(Connection c) {
        TargetSession t = targets.get(c);
        return t == null ? null : t.globalSqlMode();
    }

    static List<String> initStatements(LocalEndpoint endpoint) {
        List<String> out = new ArrayList<>();
        if (endpoint.initStatements() != null) {
            for (String part : endpoint.initStatements().split(";")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /** Closes a session quietly and forgets it (a killed session throws on close; that is expected). */
    void close(Connection c) {
        if (c == null) {
            return;
        }
        targets.remove(c);
        try {
            c.close();
        } catch (SQLException | RuntimeException ignored) {
            // already dead
        }
    }

    /** Kills one target session on the server; returns whether it was found and killed. */
    boolean kill(Connection c) {
        TargetSession session = targets.get(c);
        return session != null && kill(session);
    }

    /** Kills every open target session of the engine on the server; returns how many. */
    int killAllTargets() {
        int killed = 0;
        for (TargetSession session : List.copyOf(targets.values())) {
            if (kill(session)) {
                killed++;
            }
        }
        return killed;
    }

    private boolean kill(TargetSession session) {
        try (Connection admin = open(session.endpoint(), Map.of()); Statement s = admin.createStatement()) {
            s.execute("KILL CONNECTION " + session.connectionId());
            LOG.warn("rehearsal hook: killed target session {} on {}", session.connectionId(), session.endpoint().id());
            return true;
        } catch (SQLException e) {
            LOG.warn("rehearsal hook: could not kill target session {}: {}", session.connectionId(), e.getMessage());
            return false;
        }
    }

    /** Whether a failure means the session is gone (and a new one may succeed), as opposed to an error in the data. */
    static boolean isConnectionLost(SQLException e, Connection c) {
        String state = e.getSQLState();
        if (state != null && state.startsWith("08")) {
            return true;
        }
        if (e.getErrorCode() == 1927 || e.getErrorCode() == 2006 || e.getErrorCode() == 2013 || e.getErrorCode() == 1053) {
            return true;
        }
        try {
            return c == null || c.isClosed() || !c.isValid(2);
        } catch (SQLException ignored) {
            return true;
        }
    }

    /** Lock waits and deadlocks: the same statements may simply be run again. */
    static boolean isRetryable(SQLException e) {
        return e.getErrorCode() == 1205 || e.getErrorCode() == 1213 || "40001".equals(e.getSQLState());
    }
}
