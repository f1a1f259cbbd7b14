package io.cutover.local.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away MariaDB server from Debian's mariadb-server package, on a free loopback port, with its own data
 * directory. Started and stopped by the tests and the rehearsal themselves: nothing depends on a server the
 * machine happens to run. root has no password and only listens on 127.0.0.1; applications use real users.
 */
public final class MariaDbServer implements AutoCloseable {
    private static final Path SERVER = Path.of("/usr/sbin/mariadbd");
    private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** Every server process this JVM started, killed on exit if a test or the rehearsal dies before close(). */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private final Path dir;
    private final int port;
    private MariaDbOptions options;
    private Process process;

    private MariaDbServer(Path dir, int port, MariaDbOptions options) {
        this.dir = dir;
        this.port = port;
        this.options = options;
    }

    /** Installs a new data directory under {@code baseDir/<name>} and starts the server. */
    public static MariaDbServer start(Path baseDir, MariaDbOptions options) {
        requireInstalled();
        try {
            Path dir = Files.createDirectories(baseDir.resolve(options.name()));
            Files.createDirectories(dir.resolve("tmp"));
            // Our own tmpdir for the bootstrap too: a server started elsewhere on this machine with tmpdir /tmp
            // deletes every #sql* file there when it starts, which breaks a bootstrap running at that moment.
            List<String> install = new ArrayList<>(List.of(INSTALL_DB.toString(), "--no-defaults", "--user=" + System.getProperty("user.name"),
                    "--datadir=" + dir.resolve("data"), "--tmpdir=" + dir.resolve("tmp"), // concurrent bootstraps in /tmp collide
                    "--auth-root-authentication-method=normal", "--skip-test-db"));
            install.addAll(options.installArgs());
            run(install, dir.resolve("install.log"));
            MariaDbServer server = new MariaDbServer(dir, freePort(), options);
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean isInstalled() {
        return Files.isExecutable(SERVER) && Files.isExecutable(INSTALL_DB);
    }

    private static void requireInstalled() {
        if (!isInstalled()) {
            throw new IllegalStateException("MariaDB is not installed (" + SERVER + "): run `apt-get install -y mariadb-server` "
                    + "(the package's service need not run; Cutover starts its own servers)");
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String name() {
        return options.name();
    }

    public MariaDbOptions options() {
        return options;
    }

    public Path directory() {
        return dir;
    }

    /** A JDBC URL without credentials. */
    public String jdbcUrl() {
        return "jdbc:mysql://" + host() + ":" + port + "/?sslMode=DISABLED&allowPublicKeyRetrieval=false&characterEncoding=UTF-8";
    }

    /** A root connection, for fixtures (create users, schemas, data); never used by the code under test. */
    public Connection rootConnection() {
        try {
            Properties p = new Properties();
            p.setProperty("user", "root");
            p.setProperty("password", "");
            return DriverManager.getConnection(jdbcUrl(), p);
        } catch (SQLException e) {
            throw new IllegalStateException(name() + ": cannot connect as root: " + e.getMessage(), e);
        }
    }

    /** Runs statements as root, in order. */
    public void execute(String... statements) {
        try (Connection c = rootConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops the server and starts it again on the same data and port with other options. A server with the Aurora
     * profile keeps it, and refuses another lower_case_table_names than the one it was created with ({@link AuroraProfile}).
     */
    public void restart(MariaDbOptions newOptions) {
        MariaDbOptions next = newOptions.named(options.name());
        if (options.isAurora()) {
            next = next.withAuroraProfile(options.aurora()); // the profile belongs to the "cluster", as created
            int created = options.aurora().lowerCaseTableNames();
            int wanted = next.lowerCaseTableNames().orElse(created);
            if (wanted != created) {
                throw new IllegalStateException(name() + " plays Aurora MySQL 3: lower_case_table_names is set permanently when the "
                        + "cluster is created (" + created + "); it cannot become " + wanted + ". Create the target with "
                        + "MariaDbOptions.withAuroraProfile(new AuroraProfile(" + wanted + ")) instead (docs/local-aurora.md)");
            }
        }
        stopProcess();
        this.options = next;
        launch();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills the server without a clean shutdown (crash rehearsal). */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stopProcess();
        deleteRecursively(dir);
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(SERVER.toString(), "--no-defaults",
                "--user=" + System.getProperty("user.name"),
                "--datadir=" + dir.resolve("data"), "--tmpdir=" + dir.resolve("tmp"),
                "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mysqld.sock"),
                "--pid-file=" + dir.resolve("mysqld.pid"), "--skip-name-resolve",
                "--log-error=" + dir.resolve("error.log")));
        command.addAll(options.serverArgs());
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RUNNING.add(process);
        awaitReady();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name() + " exited with " + process.exitValue() + ":\n" + tail(dir.resolve("error.log")));
            }
            try (Connection ignored = rootConnection()) {
                return;
            } catch (IllegalStateException e) {
                last = e.getCause() instanceof SQLException s ? s : null;
            } catch (SQLException e) {
                return; // connected; only the close failed
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting " + name());
            }
        }
        throw new IllegalStateException(name() + " did not accept connections within " + START_TIMEOUT.toSeconds()
                + " s (" + (last == null ? "" : last.getMessage()) + "):\n" + tail(dir.resolve("error.log")));
    }

    private void stopProcess() {
        if (process == null) {
            return;
        }
        process.destroy(); // SIGTERM: a clean shutdown, about 40 ms
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        RUNNING.remove(process);
        process = null;
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + tail(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command.get(0));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        } catch (IOException e) {
            return "(no " + file + ")";
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }
}
