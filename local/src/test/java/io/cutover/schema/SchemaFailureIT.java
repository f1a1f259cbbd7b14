package io.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.jdbc.JdbcDatabases;
import io.cutover.core.error.TransientDatabaseException;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A target connection killed in the middle of a handler: the handler fails with the transient error the state
 * machine retries, and the retry finishes the job; the target ends exactly as after an uninterrupted run and
 * nothing exists twice.
 */
@ExtendWith(DatabaseServers.class)
class SchemaFailureIT {

    @Test
    void everyHandlerSurvivesALostConnectionAtAnyPoint(TestDatabases db) {
        String a = TestDatabases.newSchema("kill");
        String b = TestDatabases.newSchema("kill_b");
        SchemaFixture.create(db.source(), a, b);
        List<String> schemas = List.of(a, b);
        MigrationConfig config = db.config("schema-kill", schemas);
        MemoryArtifacts artifacts = new MemoryArtifacts();

        // Each step is killed after its 2nd, 5th and 9th statement on the target, then retried until it succeeds.
        for (Function<InMemoryPorts, io.cutover.core.handler.TaskHandler<?, ?>> step : List.<Function<InMemoryPorts, io.cutover.core.handler.TaskHandler<?, ?>>>of(
                CreateTargetSchemaHandler::new, PrepareForeignKeysHandler::new, ExtractDeferredObjectsHandler::new,
                ApplyDeferredObjectsHandler::new, RecreateForeignKeysHandler::new)) {
            int kills = 0;
            for (int killAfter : new int[] {2, 5, 9}) {
                KillingDatabases killing = new KillingDatabases(new JdbcDatabases(db.secrets()), db.target(), killAfter);
                InMemoryPorts ports = db.ports().artifacts(artifacts).databases(killing).build();
                String name = step.apply(ports).getClass().getSimpleName();
                try {
                    SchemaCalls.callJson(step.apply(ports), config, Map.of());
                    assertThat(killing.killed()).as(name + " ran fewer than " + killAfter + " target statements").isFalse();
                } catch (TransientDatabaseException e) {
                    assertThat(killing.killed()).as(name + " failed without a kill: " + e.getMessage()).isTrue();
                    kills++;
                }
            }
            String name = step.apply(db.ports().build()).getClass().getSimpleName();
            if (!name.equals("ExtractDeferredObjectsHandler")) { // the only step that does not write to the target
                assertThat(kills).as(name + " was interrupted").isGreaterThanOrEqualTo(2);
            }
            // the retry, with a healthy connection
            SchemaCalls.callJson(step.apply(db.ports().artifacts(artifacts).build()), config, Map.of());
        }

        InMemoryPorts ports = db.ports().artifacts(artifacts).build();
        ValidateSchemaHandler.Result validated = SchemaCalls.call(new ValidateSchemaHandler(ports), config, ValidateSchemaHandler.Result.class);
        assertThat(validated.ok()).as(validated.summary() + " " + validated.firstDifferences()).isTrue();
        Map<String, String> target = TargetSnapshot.of(db.target(), schemas);
        assertThat(TargetSnapshot.count(target, "TABLE")).isEqualTo(SchemaFixture.TABLES_A + SchemaFixture.TABLES_B);
        assertThat(TargetSnapshot.count(target, "VIEW")).isEqualTo(SchemaFixture.VIEWS);
        assertThat(TargetSnapshot.count(target, "TRIGGER")).isEqualTo(SchemaFixture.TRIGGERS);
        assertThat(TargetSnapshot.count(target, "EVENT")).isEqualTo(SchemaFixture.EVENTS);
    }

    @Test
    void aKilledCreateOfTheSchemaIsReportedAsTransientNamingTheTarget(TestDatabases db) {
        String a = TestDatabases.newSchema("kill1");
        String b = TestDatabases.newSchema("kill1_b");
        SchemaFixture.create(db.source(), a, b);
        MigrationConfig config = db.config("schema-kill-1", List.of(a, b));
        KillingDatabases killing = new KillingDatabases(new JdbcDatabases(db.secrets()), db.target(), 6);
        InMemoryPorts ports = db.ports().databases(killing).build();
        assertThatThrownBy(() -> SchemaCalls.callJson(new CreateTargetSchemaHandler(ports), config, Map.of()))
                .isInstanceOf(TransientDatabaseException.class).hasMessageStartingWith("target: ");
        CreateTargetSchemaHandler.Result retried = SchemaCalls.call(new CreateTargetSchemaHandler(db.ports().build()), config,
                CreateTargetSchemaHandler.Result.class);
        assertThat(retried.ok()).as(retried.summary()).isTrue();
        assertThat(retried.tablesMatching()).isEqualTo(SchemaFixture.TABLES_A + SchemaFixture.TABLES_B);
    }
}
