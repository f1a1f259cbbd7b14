package io.cutover.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.approval.MutableClock;
import io.cutover.core.Heartbeat;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.json.Json;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.poll.PollDecision.Outcome;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.testing.TestDatabases;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.core.ports.Replication.Checkpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Freeze, drain proof, rollback position, rollback window and unfreeze on real MariaDB servers (a private pair:
 * these tests set read_only). The DMS side is a scripted {@link ScriptedReplication}; "replicating" the marker to
 * the target is done by the test (the local engine is written in parallel).
 */
class FreezeAndDrainIT {
    private static DatabasePair pair;
    private static MemorySecrets secrets;
    private MutableClock clock;
    private MemoryArtifacts artifacts;

    @BeforeAll
    static void start() {
        pair = TestDatabases.startPrivatePair(MariaDbOptions.source().named("freeze-source"), MariaDbOptions.target().named("freeze-target"));
        secrets = pair.publishSecrets(new MemorySecrets());
        for (var server : List.of(pair.source(), pair.target())) {
            server.execute("CREATE DATABASE cutover", Heartbeat.CREATE_TABLE, "CREATE DATABASE shop",
                    "CREATE TABLE shop.orders (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(40))");
        }
    }

    @AfterAll
    static void stop() {
        if (pair != null) pair.close();
    }

    @BeforeEach
    void writable() {
        pair.source().execute("SET GLOBAL read_only = OFF");
        clock = new MutableClock(Instant.parse("2026-11-24T02:00:00Z"));
        artifacts = new MemoryArtifacts();
    }

    private InMemoryPorts ports(ScriptedReplication replication) {
        return InMemoryPorts.builder().secrets(secrets).artifacts(artifacts).clock(clock).replication(replication).build();
    }

    private static MigrationConfig config(String migrationId) {
        ObjectNode input = TestDatabases.input(pair, migrationId, List.of("shop"));
        input.putObject("cutover").put("drainHoldSeconds", 0).put("drainTimeoutSeconds", 20).put("maxLagSeconds", 5)
                .put("rollbackWindowHours", 1);
        return Json.convert(input, MigrationConfig.class);
    }

    private static CutoverRequest request(MigrationConfig config, String execution, PollDecision poll) {
        return new CutoverRequest(config, "5.x", execution, "arn:aws:dms:eu-west-1:123456789012:task:T", "cutover-task", poll);
    }

    private static Connection connect(DatabaseRole role, String user) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", pair.password(role, user));
        return DriverManager.getConnection(pair.server(role).jdbcUrl(), p);
    }

    private static void insertAs(String user, String note) throws SQLException {
        try (Connection c = connect(DatabaseRole.SOURCE, user); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO shop.orders (note) VALUES ('" + note + "')");
        }
    }

    private static long sourceOrders() {
        try (Connection c = pair.source().rootConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM shop.orders")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String globalReadOnly() {
        try (Connection c = pair.source().rootConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SHOW GLOBAL VARIABLES LIKE 'read_only'")) {
            rs.next();
            return rs.getString(2);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What DMS would do with the marker: the test copies it to the target. */
    private static void replicateMarker(String markerId) {
        pair.target().execute("INSERT IGNORE INTO cutover.heartbeat SELECT * FROM (SELECT '" + markerId + "' AS marker_id, 'x' AS migration_id, "
                + "'drain' AS kind, NOW(6) AS written_at) m");
    }

    @Test
    void theFreezeBlocksTheApplicationButNotTheMarkerAndUnfreezeRestoresIt() throws Exception {
        MigrationConfig config = config("freeze-app");
        InMemoryPorts ports = ports(null);
        insertAs("app", "before the freeze");
        FreezeWritesHandler.Frozen frozen;
        try (Connection open = connect(DatabaseRole.SOURCE, "app"); Statement s = open.createStatement()) {
            open.setAutoCommit(false);
            s.executeUpdate("INSERT INTO shop.orders (note) VALUES ('in an open transaction')");
            Thread.sleep(250); // InnoDB refreshes its INNODB_TRX cache at most every 0.1 s

            frozen = new FreezeWritesHandler(ports).handle(request(config, "exec-1", null));
            assertThat(frozen.readOnlyBefore()).isFalse();
            assertThat(frozen.superReadOnlyBefore()).isNull(); // MariaDB has none
            assertThat(frozen.markerId()).isEqualTo("drain:exec-1");
            assertThat(frozen.openTransactions()).as(new String(artifacts.get(frozen.reportKey()).orElseThrow())).isGreaterThanOrEqualTo(1);
            assertThat(frozen.accountsThatCanStillWrite()).contains("'cutover'@'%'").doesNotContain("'app'@'%'");
            assertThat(frozen.freezePosition()).startsWith("binlog.");
            assertThat(globalReadOnly()).isEqualTo("ON");

            // the open transaction's commit is refused: nothing reaches the binlog after the marker
            assertThatThrownBy(open::commit).isInstanceOf(SQLException.class).hasMessageContaining("read-only");
        }
        assertThatThrownBy(() -> insertAs("app", "during the freeze")).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1290));
        pair.source().execute("SELECT 1"); // root still connects
        try (Connection c = pair.source().rootConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT kind FROM cutover.heartbeat WHERE marker_id = 'drain:exec-1'")) {
            assertThat(rs.next()).as("the marker was written through the privileged session").isTrue();
        }

        // a retry keeps the first recording (read_only was OFF) although the source is now read-only
        FreezeWritesHandler.Frozen again = new FreezeWritesHandler(ports).handle(request(config, "exec-1", null));
        assertThat(again.readOnlyBefore()).isFalse();
        assertThat(again.markerWrittenAt()).isEqualTo(frozen.markerWrittenAt());

        UnfreezeHandler.Unfrozen unfrozen = new UnfreezeHandler(ports).handle(request(config, "exec-1", null));
        assertThat(unfrozen.restored()).isTrue();
        assertThat(unfrozen.readOnly()).isFalse();
        assertThat(globalReadOnly()).isEqualTo("OFF");
        insertAs("app", "after the unfreeze");
        assertThat(new UnfreezeHandler(ports).handle(request(config, "exec-1", null)).summary()).contains("already restored");
        assertThat(globalReadOnly()).isEqualTo("OFF");
    }

    /**
     * Tables another session holds with LOCK TABLES are reported before the freeze (SHOW OPEN TABLES WHERE In_use > 0;
     * on MariaDB 10.11 both a READ and a WRITE lock make In_use 1). A WRITE lock also makes SET GLOBAL read_only wait
     * (up to lock_wait_timeout, then error 1205): the freeze waits while it is held and completes once it is released.
     */
    @Test
    void tablesLockedByAnotherSessionAreReportedAndAWriteLockMakesTheFreezeWaitForIt() throws Exception {
        pair.source().execute("CREATE TABLE IF NOT EXISTS shop.invoices (id INT PRIMARY KEY)",
                "CREATE TABLE IF NOT EXISTS shop.rates (id INT PRIMARY KEY)");
        MigrationConfig config = config("freeze-locks");
        InMemoryPorts ports = ports(null);
        try (Connection writer = pair.source().rootConnection(); Statement w = writer.createStatement();
             Connection reader = pair.source().rootConnection(); Statement r = reader.createStatement()) {
            w.execute("LOCK TABLES shop.invoices WRITE");
            r.execute("LOCK TABLES shop.rates READ");
            var freezing = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> new FreezeWritesHandler(ports).handle(request(config, "exec-locks", null)));
            // The freeze reports the locks, then blocks in SET GLOBAL read_only behind the WRITE lock.
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!readOnlyIsWaiting()) {
                assertThat(freezing).as("the freeze waits for the WRITE lock").isNotDone();
                assertThat(System.nanoTime()).as("SET GLOBAL read_only never started waiting").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(globalReadOnly()).isEqualTo("OFF");
            w.execute("UNLOCK TABLES");

            FreezeWritesHandler.Frozen frozen = freezing.get(30, java.util.concurrent.TimeUnit.SECONDS);
            String report = new String(artifacts.get(frozen.reportKey()).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(frozen.lockedTables()).as(report).isEqualTo(2);
            var outcome = Json.parse(report);
            assertThat(Json.convert(outcome.get("lockedTables"), String[].class)).containsExactlyInAnyOrder("shop.invoices", "shop.rates");
            assertThat(outcome.get("warnings").toString())
                    .contains("table shop.invoices is in use by another session (LOCK TABLES or a running statement): "
                            + "if that is a write lock, SET GLOBAL read_only waits up to 20 s for it, then fails and is retried")
                    .contains("table shop.rates is in use by another session");
            assertThat(globalReadOnly()).isEqualTo("ON");
            r.execute("UNLOCK TABLES");
        }
        new UnfreezeHandler(ports).handle(request(config, "exec-locks", null));
        assertThat(globalReadOnly()).isEqualTo("OFF");
    }

    /** True while a session is blocked in Cutover's SET GLOBAL read_only = ON. */
    private static boolean readOnlyIsWaiting() throws SQLException {
        try (Connection c = pair.source().rootConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO = 'SET GLOBAL read_only = ON'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    @Test
    void aSourceThatWasReadOnlyBeforeStaysReadOnlyAfterUnfreeze() {
        pair.source().execute("SET GLOBAL read_only = ON");
        MigrationConfig config = config("freeze-was-ro");
        InMemoryPorts ports = ports(null);
        FreezeWritesHandler.Frozen frozen = new FreezeWritesHandler(ports).handle(request(config, "exec-ro", null));
        assertThat(frozen.readOnlyBefore()).isTrue();
        UnfreezeHandler.Unfrozen unfrozen = new UnfreezeHandler(ports).handle(request(config, "exec-ro", null));
        assertThat(unfrozen.restored()).isTrue();
        assertThat(unfrozen.readOnly()).isTrue();
        assertThat(globalReadOnly()).isEqualTo("ON");
    }

    @Test
    void anAccountWithoutReadOnlyAdminIsRefusedBeforeAnythingChanges() {
        pair.source().execute("CREATE USER IF NOT EXISTS 'limited'@'%' IDENTIFIED BY 'limited-pw-1'",
                "GRANT SELECT, INSERT, UPDATE, DELETE, PROCESS, RELOAD, BINLOG MONITOR ON *.* TO 'limited'@'%'",
                "GRANT SUPER ON *.* TO 'limited'@'%'"); // 10.11: SUPER no longer sets read_only
        MemorySecrets limited = pair.publishSecrets(new MemorySecrets()).put(
                io.cutover.local.db.DatabasePair.secretId(DatabaseRole.SOURCE, "cutover"),
                "{\"username\":\"limited\",\"password\":\"limited-pw-1\",\"host\":\"127.0.0.1\",\"port\":" + pair.source().port() + "}");
        InMemoryPorts ports = InMemoryPorts.builder().secrets(limited).artifacts(artifacts).clock(clock).build();
        MigrationConfig config = config("freeze-limited");
        assertThatThrownBy(() -> new FreezeWritesHandler(ports).handle(request(config, "exec-limited", null)))
                .isInstanceOf(io.cutover.core.error.SafetyCheckFailedException.class)
                .hasMessageContaining("Nothing was changed")
                .hasMessageContaining("needs the READ_ONLY ADMIN privilege")
                .hasMessageNotContaining("limited-pw-1");
        assertThat(globalReadOnly()).isEqualTo("OFF");
        assertThat(artifacts.getJson(CutoverArtifacts.freezeKey("freeze-limited"), FreezeRecord.class).orElseThrow().status())
                .isEqualTo(FreezeRecord.Status.NOT_FROZEN);
    }

    @Test
    void theDrainFailsWhileWritesStillArriveAndIsProvenOnceTheyStop() throws Exception {
        // Writes arriving: an account that can still write (READ_ONLY ADMIN) keeps inserting after the freeze;
        // the scripted DMS applies them as they come, so its counters keep moving.
        MigrationConfig config = config("drain-busy");
        ScriptedReplication busyDms = new ScriptedReplication(
                () -> new CdcSample(clock.instant(), 0.0, 0.0, sourceOrders(), 0, 0, 0, 0L), null);
        InMemoryPorts ports = ports(busyDms);
        FreezeWritesHandler.Frozen frozen = new FreezeWritesHandler(ports).handle(request(config, "exec-busy", null));
        replicateMarker(frozen.markerId());
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = Thread.ofPlatform().start(() -> {
            int i = 0;
            while (writing.get() && i++ < 2_000) {
                try {
                    insertAs("cutover", "still arriving " + i);
                    Thread.sleep(20);
                } catch (Exception e) {
                    return;
                }
            }
        });
        PollDecision poll = null;
        try {
            for (int i = 0; i < 20; i++) {
                poll = new ProveDrainHandler(ports).handle(request(config, "exec-busy", poll));
                if (poll.outcome() != Outcome.CONTINUE) break;
                Thread.sleep(150);
                clock.advance(Duration.ofSeconds(poll.waitSeconds()));
            }
        } finally {
            writing.set(false);
            writer.join();
        }
        assertThat(poll.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(poll.reason()).contains("did not drain within 20 s").contains("CDC counters still moving");
        new UnfreezeHandler(ports).handle(request(config, "exec-busy", null));

        // Writes stopped: the same proof succeeds on the second sample (hold 0), and the evidence is recorded.
        artifacts = new MemoryArtifacts();
        MigrationConfig quiet = config("drain-quiet");
        long rows = sourceOrders();
        ScriptedReplication quietDms = new ScriptedReplication(() -> new CdcSample(clock.instant(), null, null, rows, 0, 0, 0, 0L),
                new Checkpoint("checkpoint:V1#27#binlog.000001:1234#0#0#*#0#0", "4711", "2026-11-24 02:00:01", "binlog.000001", 1234L));
        InMemoryPorts quietPorts = ports(quietDms);
        FreezeWritesHandler.Frozen frozenQuiet = new FreezeWritesHandler(quietPorts).handle(request(quiet, "exec-quiet", null));
        PollDecision first = new ProveDrainHandler(quietPorts).handle(request(quiet, "exec-quiet", null));
        assertThat(first.outcome()).isEqualTo(Outcome.CONTINUE);
        assertThat(first.reason()).contains("not on the target yet");
        replicateMarker(frozenQuiet.markerId());
        clock.advance(Duration.ofSeconds(2));
        // marker now visible, counters equal to the first sample's: proven (hold 0)
        PollDecision second = new ProveDrainHandler(quietPorts).handle(request(quiet, "exec-quiet", first));
        assertThat(second.outcome()).isEqualTo(Outcome.DONE);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.reason()).contains("drain took 2.0 s");

        RecordRollbackPositionHandler.Recorded position = new RecordRollbackPositionHandler(quietPorts).handle(request(quiet, "exec-quiet", null));
        assertThat(position.positionMatchesFreeze()).isTrue();
        assertThat(position.binlogFile()).startsWith("binlog.");
        assertThat(position.gtid()).matches("\\d+-\\d+-\\d+.*");
        assertThat(position.dmsRecoveryCheckpoint()).startsWith("checkpoint:");
        assertThat(position.dmsTaskStatus()).isEqualTo("running");
        assertThat(position.cdcInserts()).isEqualTo(rows);
        var artifact = artifacts.getJson(position.artifactKey(), SourceFreeze.RollbackPosition.class).orElseThrow();
        assertThat(artifact.drain().drainSeconds()).isEqualTo(2.0);
        assertThat(artifact.freeze().marker().markerId()).isEqualTo("drain:exec-quiet");
        assertThat(artifact.warnings()).isEmpty();
        assertThat(artifact.dms().checkpoint().sourceBinlogPosition()).isEqualTo(1234L);
        assertThat(artifact.dms().cdc().inserts()).isEqualTo(rows);

        // rollback window: read-only for the configured hour, then done; a source made writable fails it
        PollDecision window = new RollbackWindowHandler(quietPorts).handle(request(quiet, "exec-quiet", null));
        assertThat(window.outcome()).isEqualTo(Outcome.CONTINUE);
        assertThat(window.waitSeconds()).as("15 minutes at first").isEqualTo(SourceFreeze.FIRST_WAIT_SECONDS);
        clock.advance(Duration.ofMinutes(61));
        assertThat(new RollbackWindowHandler(quietPorts).handle(request(quiet, "exec-quiet", window)).outcome()).isEqualTo(Outcome.DONE);
        pair.source().execute("SET GLOBAL read_only = OFF");
        assertThat(new RollbackWindowHandler(quietPorts).handle(request(quiet, "exec-quiet", window)).reason())
                .contains("no longer read-only");
    }
}
