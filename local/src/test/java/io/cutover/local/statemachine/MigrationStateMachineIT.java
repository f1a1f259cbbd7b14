package io.cutover.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.DbCredentials;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Notification;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.core.ports.memory.MemoryNotifier;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.local.asl.AslExecution;
import io.cutover.local.asl.AslRunner;
import io.cutover.local.asl.DriverCallbacks;
import io.cutover.local.asl.ExecutionResult;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.db.MariaDbServer;
import io.cutover.local.dms.LocalDmsEngine;
import io.cutover.local.snapshot.DumpSnapshots;
import io.cutover.local.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole migration state machine with the real handlers, once, on two private servers (the freeze changes the
 * source's global read_only): the local DMS engine, dump snapshots, approvals answered at once through the callback
 * API, and an application writing to the source until the freeze stops it. The scripted tests check every branch;
 * this one checks that the real handlers read what the ASL passes them and that the ASL reads what they return.
 */
class MigrationStateMachineIT {

    private static final String SCHEMA = "shop";

    @Test
    void aMigrationRunsEndToEndWithTheRealHandlersAndTheTargetEndsEqualToTheSource(@TempDir Path snapshots) throws Exception {
        try (DatabasePair pair = TestDatabases.startPrivatePair(MariaDbOptions.source().named("sm-source"), MariaDbOptions.target().named("sm-target"))) {
            MemorySecrets secrets = pair.publishSecrets(new MemorySecrets());
            createShop(pair);

            MemoryNotifier notifier = new MemoryNotifier();
            MemoryArtifacts artifacts = new MemoryArtifacts();
            DriverCallbacks callbacks = new DriverCallbacks();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger written = new AtomicInteger();
            try (LocalDmsEngine dms = new LocalDmsEngine(secrets)) {
                InMemoryPorts ports = InMemoryPorts.builder().secrets(secrets).replication(dms).artifacts(artifacts).notifier(notifier)
                        .callbacks(callbacks)
                        .snapshots(new DumpSnapshots(snapshots, secrets, DatabasePair.secretId(DatabaseRole.TARGET, "cutover"), Clock.systemUTC()))
                        .build();
                List<String> gates = java.util.Collections.synchronizedList(new ArrayList<>());
                AslRunner runner = runner(ports, callbacks, gates, gate -> true);

                Thread application = new Thread(() -> write(secrets, pair, writing, written), "application");
                application.start();
                ExecutionResult result;
                try {
                    result = runner.run(input(pair), Duration.ofMinutes(8));
                } finally {
                    writing.set(false);
                    application.join(10_000);
                }

                assertThat(result.succeeded()).as(result + "\nnotifications: " + notifier.sent()).isTrue();
                assertThat(notifier.sent()).extracting(Notification::event)
                        .containsExactly("STARTED", "FROZEN", "CUT_OVER", "READY_TO_SWITCH", "COMPLETED");
                assertThat(gates).containsExactly("FREEZE", "CUTOVER");
                assertThat(result.statesEntered()).contains("4.3 Check target before CDC", "4.4 Switch the target endpoint to the CDC init statements",
                        "4.5 Resume the task for CDC");
                assertThat(written.get()).as("the application wrote during the migration").isPositive();
            }

            for (String table : List.of("customers", "orders", "notes")) {
                assertThat(rows(pair.target(), "SELECT * FROM shop." + table + " ORDER BY id")).as(table)
                        .containsExactlyElementsOf(rows(pair.source(), "SELECT * FROM shop." + table + " ORDER BY id"));
            }
            assertThat(rows(pair.target(), "SELECT CONSTRAINT_NAME, DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS "
                    + "WHERE CONSTRAINT_SCHEMA = 'shop' ORDER BY 1")).containsExactly("fk_notes_order | RESTRICT", "fk_orders_customer | CASCADE");
            assertThat(rows(pair.target(), "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'shop'")).containsExactly("big_orders");
            assertThat(rows(pair.target(), "SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = 'shop'"))
                    .containsExactly("count_orders");
            assertThat(rows(pair.source(), "SELECT @@global.read_only")).as("the source stays read-only after the switch").containsExactly("1");
            assertThat(artifacts.keys()).anyMatch(k -> k.endsWith("rollback-position.json")).anyMatch(k -> k.endsWith("post-freeze/report.json"));
        }
    }

    /**
     * The resume (docs/state-machine.md, "Redrive"): a caught failure ends the execution, and a new execution with the
     * same input goes on from what the first one left: the endpoints (the target's already switched to the CDC init
     * statements by the cascading foreign-key policy), the DMS task replicating, the target's tables. Here the
     * freeze is rejected; the application goes on writing (a cascading delete included) before the second execution,
     * which must neither load again nor lose a change.
     */
    @Test
    void aNewExecutionWithTheSameInputGoesOnFromWhereACaughtFailureLeftIt(@TempDir Path snapshots) throws Exception {
        try (DatabasePair pair = TestDatabases.startPrivatePair(MariaDbOptions.source().named("sm2-source"), MariaDbOptions.target().named("sm2-target"))) {
            MemorySecrets secrets = pair.publishSecrets(new MemorySecrets());
            createShop(pair);
            MemoryNotifier notifier = new MemoryNotifier();
            DriverCallbacks callbacks = new DriverCallbacks();
            try (LocalDmsEngine dms = new LocalDmsEngine(secrets)) {
                InMemoryPorts ports = InMemoryPorts.builder().secrets(secrets).replication(dms).artifacts(new MemoryArtifacts())
                        .notifier(notifier).callbacks(callbacks)
                        .snapshots(new DumpSnapshots(snapshots, secrets, DatabasePair.secretId(DatabaseRole.TARGET, "cutover"), Clock.systemUTC()))
                        .build();
                List<String> gates = java.util.Collections.synchronizedList(new ArrayList<>());

                ExecutionResult first;
                try (AslExecution execution = runner(ports, callbacks, gates, gate -> false).start(input(pair), "sm2-first", null)) {
                    first = execution.await(Duration.ofMinutes(6));
                }
                assertThat(first.status()).as(first.toString()).isEqualTo("FAILED");
                assertThat(first.error()).as(first.cause()).isEqualTo("Cutover.ApprovalRejected");
                assertThat(first.statesEntered()).contains("4.5 Resume the task for CDC").doesNotContain("5.2 Freeze writes on source");
                assertThat(rows(pair.source(), "SELECT @@global.read_only")).as("never frozen").containsExactly("0");

                // the application goes on between the two executions, a cascading delete included
                pair.source().execute("USE shop", "INSERT INTO shop.orders (customer_id, total) SELECT 1 + seq % 300, 7.77 FROM seq_1_to_50",
                        "UPDATE shop.customers SET name = CONCAT(name, ' (resumed)') WHERE id <= 20",
                        "DELETE FROM shop.notes WHERE order_id IN (SELECT id FROM shop.orders WHERE customer_id = 7)",
                        "DELETE FROM shop.customers WHERE id = 7");

                gates.clear();
                ExecutionResult second;
                try (AslExecution execution = runner(ports, callbacks, gates, gate -> true).start(input(pair), "sm2-second", null)) {
                    second = execution.await(Duration.ofMinutes(6));
                }
                assertThat(second.succeeded()).as(second + "\nnotifications: " + notifier.sent()).isTrue();
                assertThat(gates).containsExactly("FREEZE", "CUTOVER");
                assertThat(second.statesEntered()).as("the task found replicating: no second load, no second endpoint switch")
                        .doesNotContain("4.3 Check target before CDC", "4.4 Switch the target endpoint to the CDC init statements");
            }
            for (String table : List.of("customers", "orders", "notes")) {
                assertThat(rows(pair.target(), "SELECT * FROM shop." + table + " ORDER BY id")).as(table)
                        .containsExactlyElementsOf(rows(pair.source(), "SELECT * FROM shop." + table + " ORDER BY id"));
            }
            assertThat(rows(pair.target(), "SELECT COUNT(*) FROM shop.orders WHERE customer_id = 7")).as("the cascade repeated on the target")
                    .containsExactly("0");
        }
    }

    private static void createShop(DatabasePair pair) throws SQLException {
        pair.source().execute("CREATE DATABASE " + SCHEMA,
                "CREATE TABLE shop.customers (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(60) NOT NULL)",
                "CREATE TABLE shop.orders (id INT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL, total DECIMAL(10,2) NOT NULL, "
                        + "CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES shop.customers (id) ON DELETE CASCADE)",
                "CREATE TABLE shop.notes (id INT AUTO_INCREMENT PRIMARY KEY, order_id INT NOT NULL, body TEXT, "
                        + "CONSTRAINT fk_notes_order FOREIGN KEY (order_id) REFERENCES shop.orders (id))",
                "USE shop",
                "INSERT INTO shop.customers (name) SELECT CONCAT('customer ', seq) FROM seq_1_to_300",
                "INSERT INTO shop.orders (customer_id, total) SELECT 1 + seq % 300, seq * 1.5 FROM seq_1_to_900",
                "INSERT INTO shop.notes (order_id, body) SELECT 1 + seq % 900, REPEAT('n', seq % 50) FROM seq_1_to_400",
                "CREATE VIEW shop.big_orders AS SELECT id, total FROM shop.orders WHERE total > 1000",
                "CREATE PROCEDURE shop.count_orders(OUT n INT) SELECT COUNT(*) INTO n FROM shop.orders");
    }

    /** The real state machine; each gate answered at once through the callback API, approved when {@code approve} says so. */
    private static AslRunner runner(InMemoryPorts ports, DriverCallbacks callbacks, List<String> gates, Predicate<String> approve) {
        // every Wait 200 ms: long enough that a poll's budget (a count of polls) outlasts the engine's real seconds
        return AslRunner.forStateMachine(ScriptedMigration.MACHINE, ports).callbacks(callbacks).waitMillis(200L)
                .function("RequestApprovalFunction", payload -> {
                    String gate = payload.path("gate").asText();
                    gates.add(gate);
                    String token = payload.path("taskToken").asText();
                    Runnable answer = approve.test(gate)
                            ? () -> callbacks.succeed(token, "{\"decision\": \"APPROVED\", \"gate\": \"" + gate + "\"}")
                            : () -> callbacks.fail(token, "Cutover.ApprovalRejected", "{\"decision\": \"REJECTED\", \"gate\": \"" + gate + "\"}");
                    CompletableFuture.runAsync(answer, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
                    return Json.parse("{\"approvalId\": \"it\", \"gate\": \"" + gate + "\", \"notified\": true}");
                })
                .build();
    }

    private static ObjectNode input(DatabasePair pair) {
        ObjectNode input = TestDatabases.input(pair, "sm-it", List.of(SCHEMA));
        ObjectNode dms = input.putObject("dms");
        dms.put("replicationInstanceArn", "arn:aws:dms:eu-west-1:123456789012:rep:LOCAL");
        dms.put("secretsAccessRoleArn", "arn:aws:iam::123456789012:role/local");
        dms.put("sourceSecretId", DatabasePair.secretId(DatabaseRole.SOURCE, "dms"));
        dms.put("targetSecretId", DatabasePair.secretId(DatabaseRole.TARGET, "dms"));
        dms.put("sslMode", "none");
        input.putObject("cutover").put("maxLagSeconds", 5).put("lagHoldSeconds", 0).put("drainHoldSeconds", 0)
                .put("drainTimeoutSeconds", 120).put("rollbackWindowHours", 0);
        input.putObject("postGoLive").put("checkAfterSeconds", 0);
        return input;
    }

    /** The application: new orders as the app user until read_only refuses them (the freeze). */
    private static void write(MemorySecrets secrets, DatabasePair pair, AtomicBoolean writing, AtomicInteger written) {
        String secretId = DatabasePair.secretId(DatabaseRole.SOURCE, "app");
        DbCredentials app = DbCredentials.fromSecret(secretId, secrets.secretString(secretId));
        try (Connection c = DriverManager.getConnection("jdbc:mysql://" + app.host() + ":" + app.port() + "/?sslMode=DISABLED",
                app.username(), app.password());
             PreparedStatement insert = c.prepareStatement("INSERT INTO shop.orders (customer_id, total) VALUES (?, ?)");
             PreparedStatement update = c.prepareStatement("UPDATE shop.customers SET name = CONCAT(name, '+') WHERE id = ?")) {
            int n = 0;
            while (writing.get()) {
                n++;
                insert.setInt(1, 1 + n % 300);
                insert.setBigDecimal(2, java.math.BigDecimal.valueOf(n, 2));
                insert.executeUpdate();
                update.setInt(1, 1 + n % 300);
                update.executeUpdate();
                written.incrementAndGet();
                Thread.sleep(20);
            }
        } catch (SQLException e) {
            if (e.getErrorCode() != 1290) { // read-only: the freeze
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> rows(MariaDbServer server, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = server.rootConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? " | " : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }
}
