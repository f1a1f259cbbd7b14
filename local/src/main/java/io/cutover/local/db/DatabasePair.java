package io.cutover.local.db;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.MemorySecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Two independent servers, started in parallel: a source with binary logging as DMS needs it and a target.
 * Each has real users with real grants, with random passwords:
 * <ul>
 *   <li>{@code cutover}: what Cutover's functions connect as (source: all privileges, as an admin; target: the
 *       Aurora MySQL 3 master user's privileges when the target has the {@link AuroraProfile}, else all);</li>
 *   <li>{@code dms}: the replication user (source: SELECT, REPLICATION SLAVE, BINLOG MONITOR, SHOW VIEW;
 *       target: DDL and DML on the data, ALL on awsdms_control);</li>
 *   <li>{@code app}: an application user (DML only; it must be stopped by read_only).</li>
 * </ul>
 * Their credentials are published as secrets in the standard RDS format under {@link #secretId}.
 */
public final class DatabasePair implements AutoCloseable {
    public static final List<String> USERS = List.of("cutover", "dms", "app");

    private final MariaDbServer source;
    private final MariaDbServer target;
    private final Path baseDir;
    private final Map<String, String> passwords = new ConcurrentHashMap<>();

    private DatabasePair(Path baseDir, MariaDbServer source, MariaDbServer target) {
        this.baseDir = baseDir;
        this.source = source;
        this.target = target;
    }

    public static DatabasePair start(Path baseDir) {
        return start(baseDir, MariaDbOptions.source(), MariaDbOptions.target());
    }

    public static DatabasePair start(Path baseDir, MariaDbOptions sourceOptions, MariaDbOptions targetOptions) {
        CompletableFuture<MariaDbServer> source = CompletableFuture.supplyAsync(() -> MariaDbServer.start(baseDir, sourceOptions));
        CompletableFuture<MariaDbServer> target = CompletableFuture.supplyAsync(() -> MariaDbServer.start(baseDir, targetOptions));
        try {
            DatabasePair pair = new DatabasePair(baseDir, source.join(), target.join());
            pair.createUsers();
            return pair;
        } catch (RuntimeException e) {
            source.thenAccept(MariaDbServer::close);
            target.thenAccept(MariaDbServer::close);
            throw e;
        }
    }

    /** A fresh base directory under /tmp (socket paths must stay short). */
    public static Path newBaseDir() {
        try {
            return Files.createTempDirectory(Path.of("/tmp"), "cutover-db-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public MariaDbServer source() {
        return source;
    }

    public MariaDbServer target() {
        return target;
    }

    public MariaDbServer server(DatabaseRole role) {
        return role == DatabaseRole.SOURCE ? source : target;
    }

    /** {@code local/<source|target>/<user>}. */
    public static String secretId(DatabaseRole role, String user) {
        return "local/" + role.label() + "/" + user;
    }

    /**
     * The execution input's {@code source} or {@code target} endpoint for one of these servers, connecting as the
     * Cutover user: its secret, and TLS off because the local servers have no certificate.
     */
    public static ObjectNode endpointInput(DatabaseRole role) {
        ObjectNode endpoint = Json.object().put("secretId", secretId(role, "cutover"));
        endpoint.putObject("tls").put("mode", "DISABLED");
        return endpoint;
    }

    public String password(DatabaseRole role, String user) {
        return passwords.get(role.label() + "/" + user);
    }

    /** The RDS-format secret JSON of one user. */
    public String secretJson(DatabaseRole role, String user) {
        MariaDbServer server = server(role);
        return secretJson(user, password(role, user), server.host(), server.port(), "mariadb");
    }

    /** An RDS-format secret, as Secrets Manager holds it for a database (any server, not only these). */
    public static String secretJson(String user, String password, String host, int port, String engine) {
        return Json.write(Json.object().put("username", user).put("password", password).put("engine", engine)
                .put("host", host).put("port", port));
    }

    /** Publishes every user's secret into {@code secrets} under {@link #secretId}. */
    public MemorySecrets publishSecrets(MemorySecrets secrets) {
        for (DatabaseRole role : DatabaseRole.values()) {
            for (String user : USERS) {
                secrets.put(secretId(role, user), secretJson(role, user));
            }
        }
        return secrets;
    }

    private void createUsers() {
        for (DatabaseRole role : DatabaseRole.values()) {
            for (String user : USERS) {
                passwords.put(role.label() + "/" + user, randomPassword());
            }
        }
        // Not in the binary log (which the DMS account reads): the passwords are in these statements
        source.execute("SET SESSION sql_log_bin = 0",
                "CREATE USER 'cutover'@'%' IDENTIFIED BY '" + password(DatabaseRole.SOURCE, "cutover") + "'",
                "GRANT ALL PRIVILEGES ON *.* TO 'cutover'@'%' WITH GRANT OPTION",
                "CREATE USER 'dms'@'%' IDENTIFIED BY '" + password(DatabaseRole.SOURCE, "dms") + "'",
                "GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR, SHOW VIEW ON *.* TO 'dms'@'%'",
                "CREATE USER 'app'@'%' IDENTIFIED BY '" + password(DatabaseRole.SOURCE, "app") + "'",
                "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE TEMPORARY TABLES, EXECUTE ON *.* TO 'app'@'%'");
        // On an Aurora target, Cutover's account is the master user with its privileges and no more (AuroraProfile)
        AuroraProfile aurora = target.options().aurora();
        target.execute("SET SESSION sql_log_bin = 0",
                "CREATE USER 'cutover'@'%' IDENTIFIED BY '" + password(DatabaseRole.TARGET, "cutover") + "'",
                aurora == null ? "GRANT ALL PRIVILEGES ON *.* TO 'cutover'@'%' WITH GRANT OPTION" : aurora.masterUserGrant("'cutover'@'%'"),
                // DMS's control tables (the account also serves as a DMS target account); a master user can grant this itself
                "GRANT ALL PRIVILEGES ON `awsdms_control`.* TO 'cutover'@'%'",
                "CREATE USER 'dms'@'%' IDENTIFIED BY '" + password(DatabaseRole.TARGET, "dms") + "'",
                "GRANT ALTER, CREATE, DROP, INDEX, INSERT, UPDATE, DELETE, SELECT, CREATE TEMPORARY TABLES ON *.* TO 'dms'@'%'",
                "GRANT ALL PRIVILEGES ON `awsdms_control`.* TO 'dms'@'%'",
                "CREATE USER 'app'@'%' IDENTIFIED BY '" + password(DatabaseRole.TARGET, "app") + "'",
                "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE TEMPORARY TABLES, EXECUTE ON *.* TO 'app'@'%'");
    }

    /** A throw-away password for a local server account (letters and digits that cannot be confused). */
    public static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        CompletableFuture<Void> a = CompletableFuture.runAsync(source::close);
        CompletableFuture<Void> b = CompletableFuture.runAsync(target::close);
        CompletableFuture.allOf(a, b).join();
        try {
            Files.deleteIfExists(baseDir);
        } catch (java.io.IOException ignored) {
            // not empty if a server was left running; harmless under /tmp
        }
    }
}
