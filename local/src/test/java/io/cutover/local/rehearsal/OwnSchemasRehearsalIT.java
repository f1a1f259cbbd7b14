package io.cutover.local.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.json.Json;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.rehearsal.Rehearsal.Outcome;
import io.cutover.local.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a DBA rehearses a copy of a messy production schema of their own on their own servers
 * ({@code --source-url}/{@code --target-url}/{@code --database}). Every outcome ends with a report: blocked by a
 * readiness blocker (named, with how to accept it), migrated once the DBA accepts it with a reason, and a failure of
 * the rehearsal itself said as the rehearsal's, with the source as the migration left it.
 */
class OwnSchemasRehearsalIT {
    @TempDir
    Path out;

    /** A schema as production has them: reserved words, a zero-date default, a spatial index, JSON, cascades, a view, a trigger. */
    /** The accounts of docs/rehearsal.md ("Step by step"), with exactly the grants it lists (MariaDB). */
    static void leastPrivilegeAccounts(DatabasePair pair) {
        pair.source().execute("CREATE USER 'dba'@'%' IDENTIFIED BY 'Dba-source-1'",
                "GRANT SELECT, SHOW VIEW, TRIGGER, EVENT, PROCESS, BINLOG MONITOR, REPLICATION SLAVE, SLAVE MONITOR, READ_ONLY ADMIN ON *.* TO 'dba'@'%'",
                "GRANT CREATE, INSERT, SELECT ON `cutover`.* TO 'dba'@'%'");
        String schemaGrants = "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, REFERENCES, CREATE TEMPORARY TABLES, CREATE VIEW, "
                + "SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, TRIGGER, EVENT";
        pair.target().execute("CREATE USER 'dba'@'%' IDENTIFIED BY 'Dba-target-1'",
                "GRANT " + schemaGrants + " ON `legacy`.* TO 'dba'@'%'",
                "GRANT " + schemaGrants + " ON `cutover`.* TO 'dba'@'%'",
                "GRANT ALL PRIVILEGES ON `awsdms_control`.* TO 'dba'@'%'",
                "GRANT SELECT ON `mysql`.`user` TO 'dba'@'%'",
                "GRANT SELECT ON `mysql`.`proc` TO 'dba'@'%'",
                "GRANT SET USER ON *.* TO 'dba'@'%'");
    }

    static void messySchema(DatabasePair pair) {
        // the application's account exists on both sides, with the same grants (DMS migrates no accounts)
        pair.target().execute("CREATE USER 'legacy_app'@'%' IDENTIFIED BY 'Legacy-app-1'",
                "GRANT SELECT, INSERT, UPDATE, EXECUTE ON legacy.* TO 'legacy_app'@'%'");
        pair.source().execute(
                "CREATE DATABASE legacy CHARACTER SET utf8mb4",
                "USE legacy",
                "SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'",
                "CREATE TABLE legacy.customers (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, `rank` INT, "
                        + "signed_up DATE NOT NULL DEFAULT '0000-00-00', location POINT NOT NULL, SPATIAL INDEX (location), "
                        + "KEY by_name (name(10))) ENGINE=InnoDB",
                "CREATE TABLE legacy.orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL, placed_at TIMESTAMP(3) NOT NULL DEFAULT "
                        + "CURRENT_TIMESTAMP(3), status ENUM('new','paid','void') NOT NULL DEFAULT 'new', note JSON, total DECIMAL(10,2), "
                        + "CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES legacy.customers (id) ON DELETE CASCADE) ENGINE=InnoDB",
                "CREATE TABLE legacy.order_log (order_id BIGINT NOT NULL, seq INT NOT NULL, what VARCHAR(40), PRIMARY KEY (order_id, seq))",
                "INSERT INTO legacy.customers (name, `rank`, signed_up, location) SELECT CONCAT('Zoë ', seq, ' 中'), seq % 7, "
                        + "DATE_ADD('2020-01-01', INTERVAL seq DAY), POINT(seq, seq) FROM seq_1_to_300",
                "INSERT INTO legacy.orders (id, customer_id, status, note, total) SELECT seq, 1 + seq % 300, IF(seq % 3 = 0, 'paid', 'new'), "
                        + "JSON_OBJECT('n', seq), seq * 1.25 FROM seq_1_to_900",
                "CREATE VIEW legacy.paid_orders AS SELECT id, total FROM legacy.orders WHERE status = 'paid'",
                "CREATE USER 'legacy_app'@'%' IDENTIFIED BY 'Legacy-app-1'", "GRANT SELECT, INSERT, UPDATE, EXECUTE ON legacy.* TO 'legacy_app'@'%'",
                "CREATE DEFINER = 'legacy_app'@'%' PROCEDURE legacy.mark_paid(IN order_id BIGINT) SQL SECURITY DEFINER "
                        + "UPDATE legacy.orders SET status = 'paid' WHERE id = order_id",
                "CREATE TRIGGER legacy.orders_log AFTER UPDATE ON legacy.orders FOR EACH ROW "
                        + "INSERT INTO legacy.order_log VALUES (NEW.id, (SELECT COUNT(*) FROM legacy.order_log l WHERE l.order_id = NEW.id), NEW.status)");
    }

    private Rehearsal.Result rehearse(DatabasePair pair, Rehearsal.Outcome[] expectHarnessPoint, String harnessFault, String... extra) throws Exception {
        return rehearseAs(pair, "cutover", pair.password(DatabaseRole.SOURCE, "cutover"), pair.password(DatabaseRole.TARGET, "cutover"),
                harnessFault, extra);
    }

    private Rehearsal.Result rehearseAs(DatabasePair pair, String user, String sourcePassword, String targetPassword, String harnessFault,
                                        String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--source-url", "jdbc:mysql://127.0.0.1:" + pair.source().port() + "/?sslMode=DISABLED", "--source-user", user,
                "--target-url", "jdbc:mysql://127.0.0.1:" + pair.target().port() + "/?sslMode=DISABLED", "--target-user", user,
                "--database", "legacy", "--rollback-window", "4s", "--max-poll-wait", "2s", "--set", "cutover.lagHoldSeconds=2",
                "--timeout", "8m", "--out", out.resolve("run-" + System.nanoTime()).toString()));
        args.addAll(List.of(extra));
        RehearsalOptions options = RehearsalOptions.parse(args.toArray(String[]::new));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            Rehearsal rehearsal = new Rehearsal(options, () -> RehearsalServers.connect(options.source().orElseThrow(),
                    sourcePassword.toCharArray(), options.target().orElseThrow(), targetPassword.toCharArray()), print, false, Clock.systemUTC());
            if (harnessFault != null) {
                rehearsal.failHarnessAt(harnessFault);
            }
            Rehearsal.Result r = rehearsal.run();
            String text = console.toString(StandardCharsets.UTF_8);
            assertThat(text).as("the console ends with the result").contains("Result: ");
            assertThat(options.out().resolve("report.json")).as("a report in every outcome").exists();
            assertThat(options.out().resolve("timeline.txt")).exists();
            return r;
        }
    }

    @Test
    void blockedThenAcceptedThenAHarnessFailureAtTheEnd() throws Exception {
        try (DatabasePair pair = TestDatabases.startPrivatePair(MariaDbOptions.source(), MariaDbOptions.target())) {
            messySchema(pair);
            leastPrivilegeAccounts(pair); // the run is as a DBA would do it, with the grants docs/rehearsal.md lists

            // 1. The zero-date default blocks: the run ends BLOCKED with the blocker named and a report, nothing changed
            Rehearsal.Result blocked = rehearseAs(pair, "dba", "Dba-source-1", "Dba-target-1", null);
            assertThat(blocked.outcome()).as("%s %s", blocked.harnessFailures(), blocked.verification().problems()).isEqualTo(Outcome.BLOCKED);
            assertThat(blocked.harnessFailures()).isEmpty();
            assertThat(blocked.blockers()).anySatisfy(b -> assertThat(b).contains("BLOCKER so-zero-date-defaults"));
            assertThat(blocked.verification().sourceWrites().readOnly()).isFalse();
            JsonNode report = Json.parse(Files.readString(blocked.out().resolve("report.json")));
            assertThat(report.path("outcome").asText()).isEqualTo("BLOCKED");
            assertThat(report.path("readinessBlockers").toString()).contains("so-zero-date-defaults");
            assertThat(Files.readString(blocked.out().resolve("timeline.txt"))).contains("readiness.acceptedBlockers");
            try (var c = pair.target().rootConnection(); var s = c.createStatement();
                 var rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'legacy'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("nothing created on the target").isZero();
            }

            // 2. Accepted with a reason (the application always writes the date): MIGRATED, the reason in the evidence
            String accept = "readiness.acceptedBlockers=[{\"check\":\"so-zero-date-defaults\",\"objects\":[\"legacy.customers.signed_up\"],"
                    + "\"reason\":\"the application always sets signed_up (checked by ana, DBA); default changed after the move\"}]";
            Rehearsal.Result migrated = rehearseAs(pair, "dba", "Dba-source-1", "Dba-target-1", null, "--set", accept);
            assertThat(migrated.outcome()).as("%s %s", migrated.harnessFailures(), migrated.verification().problems()).isEqualTo(Outcome.MIGRATED);
            assertThat(migrated.ok()).as("%s %s", migrated.harnessFailures(), migrated.verification().problems()).isTrue();
            assertThat(migrated.verification().tables().identical()).as(migrated.verification().tables().summary()).isTrue();
            assertThat(migrated.verification().objects().complete()).as(migrated.verification().objects().summary()).isTrue();
            assertThat(migrated.verification().rollbackWindowChecks()).isNotEmpty();
            try (var c = pair.target().rootConnection(); var s = c.createStatement(); var rs = s.executeQuery(
                    "SELECT DEFINER FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = 'legacy' AND ROUTINE_NAME = 'mark_paid'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("the source's definer is kept: the account exists on the target").isEqualTo("legacy_app@%");
            }
            assertThat(Files.readString(migrated.out().resolve("notifications.log")))
                    .contains("ACCEPTED so-zero-date-defaults").contains("the application always sets signed_up");
        }
    }

    @Test
    void aFailureOfTheRehearsalItselfIsReportedAsItsOwnAndNeverReachesTheStateMachine() throws Exception {
        try (DatabasePair pair = TestDatabases.startPrivatePair(MariaDbOptions.source(), MariaDbOptions.target())) {
            messySchema(pair);
            String accept = "readiness.acceptedBlockers=[{\"check\":\"so-zero-date-defaults\",\"reason\":\"the application always sets it\"}]";
            // The rollback-window observation fails on every poll (the failure the DBA saw), and the final verification too
            Rehearsal.Result r = rehearse(pair, null, "rollback-window", "--set", accept);
            assertThat(r.outcome()).as("the migration's own result stands: %s", r.harnessFailures()).isEqualTo(Outcome.MIGRATED);
            assertThat(r.execution().succeeded()).as("no handler saw the rehearsal's failure: %s", r.execution().error()).isTrue();
            assertThat(r.invocations()).filteredOn(c -> c.simpleHandler().equals("RollbackWindowHandler")).isNotEmpty()
                    .allSatisfy(c -> assertThat(c.error()).isNull());
            assertThat(r.harnessFailures()).isNotEmpty().allSatisfy(f -> assertThat(f).contains("injected rehearsal-harness failure"));
            assertThat(r.ok()).isFalse();
            JsonNode report = Json.parse(Files.readString(r.out().resolve("report.json")));
            assertThat(report.path("harnessFailures").size()).isPositive();
            assertThat(Files.readString(r.out().resolve("timeline.txt"))).contains("The rehearsal itself failed (not the migration");
        }
    }

    @Test
    void aHarnessFailureAtTheEndOfARollbackLeavesTheSourceWritableAsBefore() throws Exception {
        try (DatabasePair pair = TestDatabases.startPrivatePair(MariaDbOptions.source(), MariaDbOptions.target())) {
            messySchema(pair);
            String accept = "readiness.acceptedBlockers=[{\"check\":\"so-zero-date-defaults\",\"reason\":\"the application always sets it\"}]";
            Rehearsal.Result r = rehearse(pair, null, "final-verification", "--set", accept, "--reject-at", "cutover");
            assertThat(r.outcome()).isEqualTo(Outcome.ROLLED_BACK_AFTER_FREEZE);
            assertThat(r.harnessFailures()).singleElement().satisfies(f -> assertThat(f).contains("final verification failed"));
            try (var c = pair.source().rootConnection(); var s = c.createStatement(); var rs = s.executeQuery("SELECT @@global.read_only")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the source is writable, as before the rehearsal").isZero();
            }
            assertThat(Files.readString(r.out().resolve("timeline.txt"))).contains("the rehearsal harness failed");
        }
    }

    @Test
    void anUnknownSchemaIsFoundBeforeAnythingStarts() throws Exception {
        try (DatabasePair pair = TestDatabases.startPrivatePair(MariaDbOptions.source(), MariaDbOptions.target())) {
            pair.source().execute("CREATE DATABASE shop_eu");
            Rehearsal.Result r = rehearse(pair, null, null, "--database", "shop_eu,shop_uk");
            assertThat(r.outcome()).isEqualTo(Outcome.NOT_STARTED);
            assertThat(r.execution()).isNull();
            assertThat(r.harnessFailures()).singleElement().satisfies(p -> assertThat(p).contains("shop_uk").contains("does not exist")
                    .contains("shop_eu"));
        }
    }
}
