package io.cutover.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.error.TransientDatabaseException;
import io.cutover.core.ports.Notification;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.core.ports.memory.MemoryNotifier;
import io.cutover.core.ports.memory.RecordingMetrics;
import io.cutover.local.asl.AslRunner;
import io.cutover.local.asl.ExecutionResult;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import io.cutover.precheck.ReadinessHistory;
import io.cutover.precheck.ReadinessPublisher;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * statemachine/readiness.asl.json run by the local runner with the real handlers against the shared servers: no
 * blockers; blockers appear; blockers change (a notification only when the set changes); checks that cannot run.
 */
@ExtendWith(DatabaseServers.class)
class ReadinessStateMachineTest {
    private static final String MACHINE = "ReadinessStateMachine";
    private static String schema;

    private final MemoryArtifacts artifacts = new MemoryArtifacts();
    private final MemoryNotifier notifier = new MemoryNotifier();
    private final RecordingMetrics metrics = new RecordingMetrics();

    private static synchronized String schema(TestDatabases db) {
        if (schema == null) {
            schema = TestDatabases.newSchema("ready");
            db.source().execute("CREATE DATABASE `" + schema + "`",
                    "CREATE TABLE `" + schema + "`.customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL)");
        }
        return schema;
    }

    /** A readiness input for the shared servers (no TLS there, so DMS's sslMode is none). */
    private static ObjectNode input(TestDatabases db, String migrationId, Consumer<ObjectNode> change) {
        ObjectNode input = db.input(migrationId, List.of(schema(db)));
        input.putObject("dms").put("sslMode", "none");
        change.accept(input);
        return input;
    }

    private InMemoryPorts ports(TestDatabases db) {
        return db.ports().artifacts(artifacts).notifier(notifier).metrics(metrics).build();
    }

    private ExecutionResult run(TestDatabases db, ObjectNode input) {
        return AslRunner.forStateMachine(MACHINE, ports(db)).build().run(input);
    }

    private static void plannedHours(ObjectNode input, int hours) {
        input.putObject("readiness").put("plannedMigrationHours", hours);
    }

    /** A second blocker from the input alone: a schema that does not exist (DROP_AND_CREATE, used before, is refused by "Validate input"). */
    private static void missingSchema(ObjectNode input) {
        ((com.fasterxml.jackson.databind.node.ArrayNode) input.get("schemas")).add("no_such_schema_here");
    }

    @Test
    void noBlockersEndsReadyWithMetricsAndWithoutANotification(TestDatabases db) {
        ExecutionResult result = run(db, input(db, "ready-clean", i -> {}));

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.statesEntered()).startsWith("Validate input", "Check readiness")
                .contains("Check source readiness", "Check target readiness")
                .endsWith("Publish readiness", "Any readiness blockers?", "Ready to migrate");
        assertThat(result.output().at("/published/blockers").asInt()).as(result.output().at("/published/summary").asText()).isZero();
        assertThat(result.output().at("/readiness/source/checks").asInt()).isPositive();
        assertThat(artifacts.keys()).contains(result.output().at("/readiness/source/reportKey").asText(),
                result.output().at("/readiness/target/reportKey").asText(), result.output().at("/published/summaryKey").asText(),
                ReadinessPublisher.latestKey("ready-clean"));
        assertThat(notifier.sent()).isEmpty();
        assertThat(metrics.published()).singleElement().satisfies(m -> {
            assertThat(m.dimensions()).containsEntry("MigrationId", "ready-clean");
            assertThat(m.values()).containsEntry("ReadinessBlockers", 0.0).containsKey("ReadinessWarnings");
        });
    }

    @Test
    void blockersAppearAndChangeAndEachChangeIsNotifiedOnce(TestDatabases db) {
        String id = "ready-change";
        assertThat(run(db, input(db, id, i -> {})).succeeded()).isTrue();
        assertThat(notifier.sent()).isEmpty();

        // The shared source keeps binlogs 168 h: a 200 h window (the schema allows up to 240) makes retention a blocker.
        // blockers are the run's result, not its failure: the execution succeeds (the readiness failure alarm counts
        // ExecutionsFailed and must stay quiet while a team prepares), notified and counted as before
        ExecutionResult appeared = run(db, input(db, id, i -> plannedHours(i, 200)));
        assertThat(appeared.status()).isEqualTo("SUCCEEDED");
        assertThat(appeared.output().at("/published/blockers").asInt()).isEqualTo(1);
        assertThat(appeared.output().at("/published/summary").asText())
                .contains("readiness of ready-change: 1 blocker(s)").contains("BLOCKER bl-binlog-retention");
        assertThat(appeared.statesEntered()).endsWith("Publish readiness", "Any readiness blockers?", "Not ready: blockers found");
        assertThat(notifier.sent()).singleElement().satisfies(n -> {
            assertThat(n.migrationId()).isEqualTo(id);
            assertThat(n.subject()).isEqualTo("Cutover readiness ready-change: 1 blocker(s)");
            assertThat(n.body()).contains("New blockers:\n  - bl-binlog-retention").contains("What to do:")
                    .contains("memory://migrations/ready-change/readiness/runs/");
        });

        ExecutionResult more = run(db, input(db, id, i -> {
            plannedHours(i, 200);
            missingSchema(i);
        }));
        assertThat(more.succeeded()).isTrue();
        assertThat(more.output().at("/published/summary").asText()).contains("2 blocker(s)").contains("BLOCKER cutover-schemas-exist");
        assertThat(notifier.sent()).hasSize(2);
        assertThat(notifier.sent().get(1).body()).contains("New blockers:\n  - cutover-schemas-exist\n");

        ExecutionResult same = run(db, input(db, id, i -> {
            plannedHours(i, 200);
            missingSchema(i);
        }));
        assertThat(same.succeeded()).isTrue();
        assertThat(notifier.sent()).as("the same blockers again: no notification").hasSize(2);

        run(db, input(db, id, ReadinessStateMachineTest::missingSchema));
        assertThat(notifier.sent()).hasSize(3);
        Notification resolved = notifier.sent().get(2);
        assertThat(resolved.subject()).isEqualTo("Cutover readiness ready-change: 0 new, 1 resolved blocker(s)");
        assertThat(resolved.body()).contains("Resolved since the last run:\n  - bl-binlog-retention");

        assertThat(metrics.published()).extracting(m -> m.values().get("ReadinessBlockers")).containsExactly(0.0, 1.0, 2.0, 2.0, 1.0);
        ReadinessHistory latest = artifacts.getJson(ReadinessPublisher.latestKey(id), ReadinessHistory.class).orElseThrow();
        assertThat(latest.blockerIds()).containsExactly("cutover-schemas-exist");
    }

    @Test
    void checksThatCannotRunArePublishedAsABlockerNotifiedAndFailTheRun(TestDatabases db) {
        ExecutionResult result = AslRunner.forStateMachine(MACHINE, ports(db))
                .function("CheckTargetReadinessFunction", payload -> {
                    throw new TransientDatabaseException("target: connecting to aurora:3306 failed: Connection refused", null);
                })
                .build().run(input(db, "ready-down", i -> {}));

        // checks that could not run are a real failure (the readiness is unknown): the run fails, after publishing them
        assertThat(result.status()).isEqualTo("FAILED");
        assertThat(result.error()).isEqualTo("Cutover.ReadinessChecksFailed");
        assertThat(result.eventsOfType("StateRetried")).extracting(e -> e.stateName()).containsOnly("Check target readiness").hasSize(4);
        assertThat(result.statesEntered()).endsWith("Publish readiness failure", "Readiness checks could not run");
        assertThat(result.cause()).contains("the readiness checks could not run").contains("Connection refused");
        assertThat(notifier.sent()).singleElement().satisfies(n -> assertThat(n.body()).contains("cutover-readiness-run"));
    }
}
