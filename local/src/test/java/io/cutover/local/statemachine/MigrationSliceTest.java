package io.cutover.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.config.MigrationConfig.Endpoint;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.Databases;
import io.cutover.core.error.AccessDeniedException;
import io.cutover.core.error.TransientDatabaseException;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.ports.memory.MemoryNotifier;
import io.cutover.local.asl.AslRunner;
import io.cutover.local.asl.FunctionError;
import io.cutover.local.asl.FunctionInvoker;
import io.cutover.local.asl.ExecutionResult;
import io.cutover.local.asl.Handlers;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import io.cutover.precheck.CheckSourceReadinessHandler;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The first slice of statemachine/migration.asl.json (input and readiness), run by the local ASL runner with the
 * real handlers against the shared servers. Where the run would go on to prepare the target, "2.5 Create target
 * schema" is scripted to stop it: the slice ends there.
 */
@ExtendWith(DatabaseServers.class)
class MigrationSliceTest {
    private static final String MACHINE = "MigrationStateMachine";

    private static String schema;

    /** A schema of this class's own on the shared source, with a table as DMS wants it (InnoDB, primary key). */
    private static synchronized String schema(TestDatabases db) {
        if (schema == null) {
            schema = TestDatabases.newSchema("slice");
            db.source().execute("CREATE DATABASE `" + schema + "`",
                    "CREATE TABLE `" + schema + "`.orders (id BIGINT PRIMARY KEY, total DECIMAL(10,2) NOT NULL)");
        }
        return schema;
    }

    /** The input of a migration against the shared servers (no TLS there, so DMS's sslMode is none). */
    private static ObjectNode migrationInput(TestDatabases db, String id) {
        ObjectNode input = db.input(id, List.of(schema(db)));
        ObjectNode dms = input.putObject("dms");
        dms.put("replicationInstanceArn", "arn:aws:dms:eu-west-1:123456789012:rep:LOCAL");
        dms.put("secretsAccessRoleArn", "arn:aws:iam::123456789012:role/local");
        dms.put("sslMode", "none");
        return input;
    }

    /** Counts sessions opened, to prove that bad input touches no database. */
    private static final class CountingDatabases implements Databases {
        final AtomicInteger opened = new AtomicInteger();
        final Databases delegate;

        CountingDatabases(Databases delegate) {
            this.delegate = delegate;
        }

        @Override
        public Database open(DatabaseRole role, Endpoint endpoint) {
            opened.incrementAndGet();
            return delegate.open(role, endpoint);
        }

        @Override
        public Database open(DatabaseRole role, String secretId, Endpoint endpoint) {
            opened.incrementAndGet();
            return delegate.open(role, secretId, endpoint);
        }
    }

    /** The slice ends where the target would be prepared: that function is scripted to stop the run. */
    private static FunctionInvoker endOfSlice() {
        return payload -> {
            throw new FunctionError("Cutover.EndOfSlice", "the slice test stops before the target is prepared");
        };
    }

    @Test
    void aWellConfiguredSourcePassesReadinessAndGoesOnToPrepareTheTarget(TestDatabases db) {
        MemoryArtifacts artifacts = new MemoryArtifacts();
        MemoryNotifier notifier = new MemoryNotifier();
        InMemoryPorts ports = db.ports().artifacts(artifacts).notifier(notifier).build();
        ExecutionResult result = AslRunner.forStateMachine(MACHINE, ports).function("CreateTargetSchemaFunction", endOfSlice())
                .build().run(migrationInput(db, "slice-ok"));

        assertThat(result.statesEntered()).startsWith("Validate input", "Notify: started", "1 Readiness checks", "1.1 Check source readiness",
                "1.2 Check target readiness", "1 Any readiness blockers?", "2 Prepare the target", "2.5 Create target schema");
        JsonNode state = ScriptedMigration.enteredInput(result, "2.5 Create target schema");
        assertThat(state.at("/config/cutover/maxLagSeconds").asInt()).isEqualTo(5);
        assertThat(state.at("/readiness/blockers").asInt()).as(state.at("/readiness/summary").asText()).isZero();
        assertThat(state.at("/readiness/source/side").asText()).isEqualTo("source");
        assertThat(state.at("/readiness/target/side").asText()).isEqualTo("target");
        assertThat(artifacts.keys()).contains(state.at("/readiness/source/reportKey").asText(), state.at("/readiness/target/reportKey").asText());
        assertThat(notifier.sent()).extracting(n -> n.event()).containsExactly("STARTED", "FAILED");
        assertThat(result.error()).isEqualTo("Cutover.EndOfSlice");
    }

    @Test
    void aBlockerStopsTheMigrationWithTheReportAsCause(TestDatabases db) {
        ObjectNode input = migrationInput(db, "slice-blocked");
        // The shared source keeps binlogs 168 h; a 200 h window (the schema allows up to 240) makes retention a real blocker.
        input.putObject("readiness").put("plannedMigrationHours", 200);
        MemoryNotifier notifier = new MemoryNotifier();
        ExecutionResult result = AslRunner.forStateMachine(MACHINE, db.ports().notifier(notifier).build()).build().run(input);

        assertThat(result.status()).isEqualTo("FAILED");
        assertThat(result.error()).isEqualTo("Cutover.ReadinessBlocked");
        assertThat(result.cause()).contains("source (MariaDB 10.11").contains("1 blocker(s)").contains("BLOCKER bl-binlog-retention")
                .contains("200 h").contains("target (MariaDB 10.11");
        assertThat(result.statesEntered()).endsWith("1 Any readiness blockers?", "1 Notify: blocked by readiness checks",
                "Blocked by readiness checks");
        assertThat(notifier.sent()).extracting(n -> n.event()).containsExactly("STARTED", "BLOCKED");
        assertThat(notifier.sent().get(1).body()).contains("BLOCKER bl-binlog-retention").contains("Nothing was changed");
    }

    @Test
    void invalidInputIsCaughtByTheExceptionsClassNameAndTouchesNoDatabase(TestDatabases db) {
        InMemoryPorts base = db.ports().build();
        CountingDatabases databases = new CountingDatabases(base.databases());
        InMemoryPorts ports = db.ports().databases(databases).build();
        ObjectNode input = migrationInput(db, "slice-bad");
        input.putArray("schemas");
        input.put("sourcePassword", "do-not-echo-me");

        ExecutionResult result = AslRunner.forStateMachine(MACHINE, ports).build().run(input);

        assertThat(result.statesEntered()).containsExactly("Validate input", "Input is invalid");
        assertThat(result.eventsOfType("StateCaught")).singleElement()
                .satisfies(e -> assertThat(e.raw().at("/catch/catcher/ErrorEquals/0").asText())
                        .isEqualTo("io.cutover.core.error.InputValidationException"));
        assertThat(result.error()).isEqualTo("Cutover.InputInvalid");
        assertThat(result.cause()).contains("$.schemas").contains("$.sourcePassword").doesNotContain("do-not-echo-me");
        assertThat(databases.opened.get()).isZero();
    }

    @Test
    void aTransientDatabaseErrorIsRetriedThenSucceeds(TestDatabases db) {
        InMemoryPorts ports = db.ports().build();
        var real = Handlers.invoker(new CheckSourceReadinessHandler(ports), "CheckSourceReadinessFunction");
        AtomicInteger calls = new AtomicInteger();
        ExecutionResult result = AslRunner.forStateMachine(MACHINE, ports)
                .function("CheckSourceReadinessFunction", payload -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new TransientDatabaseException("source: connection lost", null);
                    }
                    return real.invoke(payload);
                })
                .function("CreateTargetSchemaFunction", endOfSlice())
                .build().run(migrationInput(db, "slice-retry"));

        assertThat(result.statesEntered()).as(result.toString()).contains("2.5 Create target schema");
        assertThat(calls.get()).isEqualTo(2);
        assertThat(result.eventsOfType("StateRetried")).extracting(e -> e.stateName()).containsExactly("1.1 Check source readiness");
    }

    @Test
    void aCheckThatCannotRunIsReportedAndTheExecutionFailsWithItsError(TestDatabases db) {
        MemoryNotifier notifier = new MemoryNotifier();
        ExecutionResult result = AslRunner.forStateMachine(MACHINE, db.ports().notifier(notifier).build())
                .function("CheckTargetReadinessFunction", payload -> {
                    throw new AccessDeniedException("target: connecting as cutover failed: [1045] Access denied");
                })
                .build().run(migrationInput(db, "slice-denied"));

        assertThat(result.error()).isEqualTo("io.cutover.core.error.AccessDeniedException");
        assertThat(result.cause()).contains("Access denied");
        assertThat(result.statesEntered()).endsWith("Notify: failed before the freeze", "Migration failed before the freeze");
        assertThat(notifier.sent()).extracting(n -> n.event()).containsExactly("STARTED", "FAILED");
        assertThat(notifier.sent().get(1).body()).contains("Nothing was changed on the source").contains("Access denied");
        assertThat(result.eventsOfType("StateRetried")).isEmpty();
    }
}
