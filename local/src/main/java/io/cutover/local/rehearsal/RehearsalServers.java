package io.cutover.local.rehearsal;

import io.cutover.core.db.DatabaseRole;
import io.cutover.core.sql.Sql;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbServer;
import io.cutover.local.rehearsal.RehearsalOptions.ServerAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The rehearsal's two servers and the accounts on them, published as secrets under
 * {@link DatabasePair#secretId}: {@code cutover} (the functions), {@code dms} (the local DMS engine's endpoints)
 * and {@code app} (the workload: DML only, so that the write freeze stops it). Either two MariaDB servers started
 * here ({@link #start}), or existing servers ({@link #connect}), where the given account serves as both
 * {@code cutover} and {@code dms}, and a workload account is created for the rehearsal and dropped at the end.
 */
public abstract sealed class RehearsalServers implements AutoCloseable {
    protected final MemorySecrets secrets = new MemorySecrets();

    /**
     * Two new MariaDB servers in a temporary directory (removed at close). Both run with performance_schema on (the source
     * as MySQL does by default; the target as an Aurora cluster whose parameter group or Performance Insights turns it on):
     * the validation after the freeze reads their per-table write counters, the target's aligned with the binlog by the
     * baseline trigger.
     */
    public static RehearsalServers start() {
        return new Started(DatabasePair.start(DatabasePair.newBaseDir(),
                io.cutover.local.db.MariaDbOptions.source().withPerformanceSchema(),
                io.cutover.local.db.MariaDbOptions.target().withPerformanceSchema()));
    }

    /** Servers already started by the caller (tests); not stopped at close. */
    public static RehearsalServers of(DatabasePair pair) {
        return new Started(pair, false);
    }

    /** Existing servers; {@code sourcePassword}/{@code targetPassword} go only into the secrets and the driver. */
    public static RehearsalServers connect(ServerAddress source, char[] sourcePassword, ServerAddress target, char[] targetPassword) {
        return new Connected(source, new String(sourcePassword), target, new String(targetPassword));
    }

    public MemorySecrets secrets() {
        return secrets;
    }

    /** A new session as the Cutover account (creates the sample, verifies, injects failures); close it. */
    public abstract Connection admin(DatabaseRole role);

    /** A new session as the workload's account on the source; close it. */
    public abstract Connection app();

    /**
     * A new session as the workload's account on either server: the workload follows the application switch to the
     * target (--switch). Only where the rehearsal created the account on both servers.
     */
    public Connection app(DatabaseRole role) {
        if (role == DatabaseRole.SOURCE) {
            return app();
        }
        throw new IllegalStateException("the workload account exists on the source only here: --switch needs the servers the rehearsal starts");
    }

    /** The account the rehearsal logs in as on a server (Cutover's and the DMS account). */
    public abstract String user(DatabaseRole role);

    /** Whether the workload's account exists (created for the sample; a --database rehearsal has none). */
    public abstract boolean hasWorkloadAccount();

    /** {@code host:port} of a server, for messages. */
    public abstract String address(DatabaseRole role);

    /** Called once the sample's schemas exist: grants the workload account what it needs on them. */
    public void grantWorkload(List<String> schemas) {}

    /** The server version, e.g. {@code 10.11.19-MariaDB-0+deb12u1}. */
    public String version(DatabaseRole role) {
        try (Connection c = admin(role); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(role.label() + ": " + e.getMessage(), e);
        }
    }

    /** The profile the target plays, for the rehearsal's output (docs/local-aurora.md). */
    public abstract String targetProfile();

    @Override
    public abstract void close();

    /**
     * The mysql_native_password hash of {@code password}: {@code '*'} and the upper-case hex of SHA1(SHA1(password)), as
     * MariaDB's and MySQL's PASSWORD() compute it (https://mariadb.com/kb/en/password/).
     */
    static String nativePasswordHash(String password) {
        try {
            java.security.MessageDigest sha1 = java.security.MessageDigest.getInstance("SHA-1");
            byte[] once = sha1.digest(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "*" + java.util.HexFormat.of().withUpperCase().formatHex(sha1.digest(once));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Connection connect(String url, String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("characterEncoding", "UTF-8");
        p.setProperty("connectTimeout", "10000");
        p.setProperty("rewriteBatchedStatements", "true");
        p.setProperty("allowPublicKeyRetrieval", "false");
        try {
            return DriverManager.getConnection(url, p);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + url + " as " + user + ": " + e.getMessage(), e);
        }
    }

    /** Two servers of this machine, with the users {@link DatabasePair} creates. */
    static final class Started extends RehearsalServers {
        private final DatabasePair pair;
        private final boolean owned;

        Started(DatabasePair pair) {
            this(pair, true);
        }

        Started(DatabasePair pair, boolean owned) {
            this.pair = pair;
            this.owned = owned;
            pair.publishSecrets(secrets);
        }

        DatabasePair pair() {
            return pair;
        }

        @Override
        public Connection admin(DatabaseRole role) {
            MariaDbServer server = pair.server(role);
            return connect(server.jdbcUrl(), "cutover", pair.password(role, "cutover"));
        }

        @Override
        public Connection app() {
            return connect(pair.source().jdbcUrl(), "app", pair.password(DatabaseRole.SOURCE, "app"));
        }

        @Override
        public Connection app(DatabaseRole role) {
            return connect(pair.server(role).jdbcUrl(), "app", pair.password(role, "app"));
        }

        @Override
        public String address(DatabaseRole role) {
            return pair.server(role).host() + ":" + pair.server(role).port();
        }

        @Override
        public String user(DatabaseRole role) {
            return "cutover";
        }

        @Override
        public boolean hasWorkloadAccount() {
            return true;
        }

        @Override
        public String targetProfile() {
            io.cutover.local.db.AuroraProfile aurora = pair.target().options().aurora();
            return aurora == null ? "plain MariaDB (no Aurora profile)" : aurora.describe();
        }

        @Override
        public void close() {
            if (owned) {
                pair.close();
            }
        }
    }

    /** Servers the user runs; the rehearsal creates only its workload account (and drops it at close). */
    static final class Connected extends RehearsalServers {
        static final String WORKLOAD_USER = "cutover_rehearsal_app";

        private final ServerAddress source;
        private final ServerAddress target;
        private final String sourcePassword;
        private final String targetPassword;
        private final String appPassword = DatabasePair.randomPassword();
        private boolean appCreated;

        Connected(ServerAddress source, String sourcePassword, ServerAddress target, String targetPassword) {
            this.source = source;
            this.target = target;
            this.sourcePassword = sourcePassword;
            this.targetPassword = targetPassword;
            String sourceEngine = engine(DatabaseRole.SOURCE);
            String targetEngine = engine(DatabaseRole.TARGET);
            for (String user : List.of("cutover", "dms")) {
                secrets.put(DatabasePair.secretId(DatabaseRole.SOURCE, user), DatabasePair.secretJson(source.user(), sourcePassword, source.host(), source.port(), sourceEngine));
                secrets.put(DatabasePair.secretId(DatabaseRole.TARGET, user), DatabasePair.secretJson(target.user(), targetPassword, target.host(), target.port(), targetEngine));
            }
            secrets.put(DatabasePair.secretId(DatabaseRole.SOURCE, "app"), DatabasePair.secretJson(WORKLOAD_USER, appPassword, source.host(), source.port(), sourceEngine));
        }

        private String engine(DatabaseRole role) {
            return version(role).toLowerCase(Locale.ROOT).contains("mariadb") ? "mariadb" : "mysql";
        }

        @Override
        public Connection admin(DatabaseRole role) {
            ServerAddress a = role == DatabaseRole.SOURCE ? source : target;
            return connect(a.jdbcUrl(), a.user(), role == DatabaseRole.SOURCE ? sourcePassword : targetPassword);
        }

        @Override
        public Connection app() {
            return connect(source.jdbcUrl(), WORKLOAD_USER, appPassword);
        }

        @Override
        public String address(DatabaseRole role) {
            ServerAddress a = role == DatabaseRole.SOURCE ? source : target;
            return a.host() + ":" + a.port();
        }

        @Override
        public String user(DatabaseRole role) {
            return (role == DatabaseRole.SOURCE ? source : target).user();
        }

        @Override
        public String targetProfile() {
            return "your server as it is (no local profile; an Aurora cluster enforces its own rules)";
        }

        @Override
        public synchronized boolean hasWorkloadAccount() {
            return appCreated;
        }

        @Override
        public synchronized void grantWorkload(List<String> schemas) {
            try (Connection c = admin(DatabaseRole.SOURCE); Statement s = c.createStatement()) {
                if (!appCreated) {
                    s.execute(createWorkloadUser(s));
                    appCreated = true;
                }
                for (String schema : schemas) {
                    s.execute("GRANT SELECT, INSERT, UPDATE, DELETE, EXECUTE ON " + Sql.quote(schema) + ".* TO '" + WORKLOAD_USER + "'@'%'");
                }
            } catch (SQLException e) {
                throw new IllegalStateException("source: creating the workload account " + WORKLOAD_USER + ": " + e.getMessage(), e);
            }
        }

        /**
         * The workload account's CREATE USER, written so that its password never reaches the source's binary log in
         * clear (the DMS account reads that log). The session stops logging where the account may
         * ({@code SET SESSION sql_log_bin = 0}: https://mariadb.com/kb/en/set-sql_log_bin/). MariaDB logs the statement
         * as written, so it carries only the mysql_native_password hash ({@code IDENTIFIED BY PASSWORD '<hash>'}, "the
         * hashed value as returned by the PASSWORD() function": https://mariadb.com/kb/en/create-user/); MySQL rewrites
         * the password of CREATE USER into its hash before it writes the binary log
         * (https://dev.mysql.com/doc/refman/8.0/en/password-logging.html), so there the plain form is kept (it also
         * works where mysql_native_password is off, as in MySQL 8.4).
         */
        String createWorkloadUser(Statement s) throws SQLException {
            try {
                s.execute("SET SESSION sql_log_bin = 0");
            } catch (SQLException notAllowed) {
                // without the privilege the statement is logged: with the hash only (MariaDB) or rewritten (MySQL)
            }
            boolean mariaDb = version(DatabaseRole.SOURCE).toLowerCase(Locale.ROOT).contains("mariadb");
            return "CREATE USER '" + WORKLOAD_USER + "'@'%' " + (mariaDb ? "IDENTIFIED BY PASSWORD '" + nativePasswordHash(appPassword) + "'"
                    : "IDENTIFIED BY '" + appPassword + "'");
        }

        @Override
        public synchronized void close() {
            if (appCreated) {
                try (Connection c = admin(DatabaseRole.SOURCE); Statement s = c.createStatement()) {
                    s.execute("DROP USER IF EXISTS '" + WORKLOAD_USER + "'@'%'");
                } catch (SQLException | RuntimeException e) {
                    System.err.println("could not drop the workload account " + WORKLOAD_USER + " on the source: " + e.getMessage());
                }
            }
        }
    }
}
