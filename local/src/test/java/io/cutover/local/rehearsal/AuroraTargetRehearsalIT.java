package io.cutover.local.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.db.DatabaseRole;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.db.MariaDbServer;
import io.cutover.local.rehearsal.Rehearsal.Outcome;
import io.cutover.local.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, "Done when": a rehearsal ({@code --database}) on a schema with a MyISAM table and a table with VIRTUAL and
 * STORED generated columns, with rows written to both on the source while the migration runs, against a target that
 * plays Aurora MySQL 3 (docs/local-aurora.md), ends MIGRATED: the MyISAM table is InnoDB on the target with the same
 * rows, and the generated columns hold the same values on both sides.
 */
class AuroraTargetRehearsalIT {
    @TempDir
    Path out;

    @Test
    void myIsamAndGeneratedColumnsMigrateToTheAuroraTarget() throws Exception {
        try (DatabasePair pair = TestDatabases.startPrivatePair(MariaDbOptions.source(), MariaDbOptions.target())) {
            assertThat(pair.target().options().isAurora()).isTrue();
            pair.source().execute("CREATE DATABASE shopx CHARACTER SET utf8mb4",
                    "CREATE TABLE shopx.visits (id INT AUTO_INCREMENT PRIMARY KEY, page VARCHAR(60) NOT NULL, hits INT NOT NULL, "
                            + "FULLTEXT KEY ft_page (page)) ENGINE=MyISAM",
                    "CREATE TABLE shopx.lines (id INT AUTO_INCREMENT PRIMARY KEY, qty INT NOT NULL, price DECIMAL(10,2) NOT NULL, "
                            + "total DECIMAL(12,2) AS (qty * price) STORED, label VARCHAR(40) AS (CONCAT('q', qty, '@', price)) VIRTUAL, "
                            + "KEY by_total (total)) ENGINE=InnoDB",
                    "USE shopx",
                    "INSERT INTO shopx.visits (page, hits) SELECT CONCAT('/p/', seq), seq FROM seq_1_to_200",
                    "INSERT INTO shopx.lines (qty, price) SELECT seq % 9, seq * 0.25 FROM seq_1_to_300");

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger written = new AtomicInteger();
            Thread writer = new Thread(() -> write(pair, stop, written), "aurora-it-writer");
            writer.setDaemon(true);
            writer.start();
            Rehearsal.Result r;
            String console;
            try {
                List<String> args = new ArrayList<>(List.of(
                        "--source-url", "jdbc:mysql://127.0.0.1:" + pair.source().port() + "/?sslMode=DISABLED", "--source-user", "cutover",
                        "--target-url", "jdbc:mysql://127.0.0.1:" + pair.target().port() + "/?sslMode=DISABLED", "--target-user", "cutover",
                        "--database", "shopx", "--rollback-window", "4s", "--max-poll-wait", "2s", "--set", "cutover.lagHoldSeconds=2",
                        "--timeout", "8m", "--out", out.resolve("run").toString()));
                RehearsalOptions options = RehearsalOptions.parse(args.toArray(String[]::new));
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
                    r = new Rehearsal(options, () -> RehearsalServers.connect(options.source().orElseThrow(),
                            pair.password(DatabaseRole.SOURCE, "cutover").toCharArray(), options.target().orElseThrow(),
                            pair.password(DatabaseRole.TARGET, "cutover").toCharArray()), print, false, Clock.systemUTC()).run();
                }
                console = bytes.toString(StandardCharsets.UTF_8);
            } finally {
                stop.set(true);
                writer.join(10_000);
            }
            assertThat(r.outcome()).as("%s %s %s\n%s", r.blockers(), r.harnessFailures(), r.verification() == null ? null
                    : r.verification().problems(), console).isEqualTo(Outcome.MIGRATED);
            assertThat(r.ok()).as("%s %s", r.harnessFailures(), r.verification().problems()).isTrue();
            assertThat(r.verification().tables().identical()).as(r.verification().tables().summary()).isTrue();
            assertThat(written.get()).as("rows written on the source while the migration ran").isPositive();
            assertThat(console).contains("converted to InnoDB").contains("shopx.visits (MyISAM → InnoDB)");

            assertThat(single(pair.target(), "SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'shopx' AND TABLE_NAME = 'visits'"))
                    .isEqualTo("InnoDB");
            String rows = "SELECT GROUP_CONCAT(CONCAT_WS(':', id, qty, price, total, label) ORDER BY id SEPARATOR '|') FROM shopx.lines";
            assertThat(single(pair.target(), rows)).isEqualTo(single(pair.source(), rows));
            String visits = "SELECT GROUP_CONCAT(CONCAT_WS(':', id, page, hits) ORDER BY id SEPARATOR '|') FROM shopx.visits";
            assertThat(single(pair.target(), visits)).isEqualTo(single(pair.source(), visits));
            assertThat(single(pair.source(), "SELECT COUNT(*) FROM shopx.lines")).isNotEqualTo("300"); // CDC rows are among them
        }
    }

    /** The application: inserts and updates on both tables as the DML-only account until the freeze refuses them. */
    private static void write(DatabasePair pair, AtomicBoolean stop, AtomicInteger written) {
        Properties p = new Properties();
        p.setProperty("user", "app");
        p.setProperty("password", pair.password(DatabaseRole.SOURCE, "app"));
        int i = 0;
        while (!stop.get()) {
            try (Connection c = DriverManager.getConnection(pair.source().jdbcUrl(), p); Statement s = c.createStatement()) {
                while (!stop.get()) {
                    i++;
                    s.execute("INSERT INTO shopx.lines (qty, price) VALUES (" + (i % 7 + 1) + ", " + i + ".10)");
                    s.execute("UPDATE shopx.lines SET qty = qty + 1 WHERE id = " + (i % 300 + 1));
                    s.execute("INSERT INTO shopx.visits (page, hits) VALUES ('/cdc/" + i + "', " + i + ")");
                    s.execute("UPDATE shopx.visits SET hits = hits + 1 WHERE id = " + (i % 200 + 1));
                    written.addAndGet(4);
                    Thread.sleep(100);
                }
            } catch (SQLException e) {
                sleep(); // read_only after the freeze: the application waits, as a real one would retry
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String single(MariaDbServer server, String sql) throws SQLException {
        return single(server, sql, 1);
    }

    private static String single(MariaDbServer server, String sql, int column) throws SQLException {
        try (Connection c = server.rootConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(column);
        }
    }
}
