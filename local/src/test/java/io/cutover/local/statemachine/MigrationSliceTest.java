package io.cutover.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.config.MigrationConfig.Endpoint;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.Databases;
import io.cutover.core.error.AccessDeniedException;
import io.cutover.core.error.TransientDatabaseException;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.local.asl.AslRunner;
import io.cutover.local.asl.ExecutionResult;
import io.cutover.local.asl.Handlers;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import io.cutover.precheck.CheckSourceReadinessHandler;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The first slice of statemachine/migration.asl.json, run by the local ASL runner with the real handlers. */
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

    @Test
    void aWellConfiguredSourceReachesReadyToMigrate(TestDatabases db) {
        MemoryArtifacts artifacts = new MemoryArtifacts();
        InMemoryPorts ports = db.ports().artifacts(artifacts).build();
        ExecutionResult result = AslRunner.forStateMachine(MACHINE, ports).build().run(migrationInput(db, "slice-ok"));

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.statesEntered()).containsExactly("Validate input", "1 Readiness checks", "1.1 Check source readiness",
                "1.2 Check target readiness", "Any readiness blockers?", "Ready to migrate");
        assertThat(result.output().at("/config/cutover/maxLagSeconds").asInt()).isEqualTo(5);
        assertThat(result.output().at("/readiness/blockers").asInt()).as(result.output().at("/readiness/summary").asText()).isZero();
        assertThat(result.output().at("/readiness/source/side").asText()).isEqualTo("source");
        assertThat(result.output().at("/readiness/target/side").asText()).isEqualTo("target");
        assertThat(artifacts.keys()).contains(result.output().at("/readiness/source/reportKey").asText(),
                result.output().at("/readiness/target/reportKey").asText());
    }

    @Test
    void aBlockerStopsTheMigrationWithTheReportAsCause(TestDatabases db) {
        ObjectNode input = migrationInput(db, "slice-blocked");
        // The shared source keeps binlogs 168 h; a 500 h window makes retention a real blocker.
        input.putObject("readiness").put("plannedMigrationHours", 500);
        ExecutionResult result = AslRunner.forStateMachine(MACHINE, db.ports().build()).build().run(input);

        assertThat(result.status()).isEqualTo("FAILED");
        assertThat(result.error()).isEqualTo("Cutover.ReadinessBlocked");
        assertThat(result.cause()).contains("source (MariaDB 10.11").contains("1 blocker(s)").contains("BLOCKER bl-binlog-retention")
                .contains("500 h").contains("target (MariaDB 10.11");
        assertThat(result.statesEntered()).endsWith("Any readiness blockers?", "Blocked by readiness checks");
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
                .build().run(migrationInput(db, "slice-retry"));

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(calls.get()).isEqualTo(2);
        assertThat(result.eventsOfType("StateRetried")).extracting(e -> e.stateName()).containsExactly("1.1 Check source readiness");
    }

    @Test
    void aCheckThatCannotRunEndsInReadinessCheckFailed(TestDatabases db) {
        ExecutionResult result = AslRunner.forStateMachine(MACHINE, db.ports().build())
                .function("CheckTargetReadinessFunction", payload -> {
                    throw new AccessDeniedException("target: connecting as cutover failed: [1045] Access denied");
                })
                .build().run(migrationInput(db, "slice-denied"));

        assertThat(result.error()).isEqualTo("Cutover.ReadinessCheckFailed");
        assertThat(result.cause()).contains("io.cutover.core.error.AccessDeniedException").contains("Access denied");
        assertThat(result.eventsOfType("StateRetried")).isEmpty();
    }
}
