package io.cutover.local.dms;

import io.cutover.core.config.DmsTls;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.db.DatabaseRole;
import io.cutover.local.db.DatabasePair;
import io.cutover.core.ports.Replication.EndpointPair;
import io.cutover.core.ports.Replication.EndpointSpec;
import io.cutover.core.ports.Replication.StartMode;
import io.cutover.core.ports.Replication.TaskDefinition;
import io.cutover.core.ports.Replication.TaskProgress;
import io.cutover.core.ports.Replication.TaskRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cascading foreign-key policy on the engine, between the two real servers: the target endpoint's init
 * statements turn foreign key checks off for the full load, the task stops once the load and its cached changes
 * are applied ({@code StopTaskCachedChangesApplied}), the endpoint is switched, and a resume continues CDC from
 * there. The source's binlog holds only the parent's row event of a cascading delete: the child rows disappear
 * on the target only where the target's own constraint acts, i.e. only with the checks on.
 */
class DmsCascadingForeignKeysIT extends EngineOnFreshSchema {
    private static final String CHECKS_OFF = "SET FOREIGN_KEY_CHECKS=0";

    DmsCascadingForeignKeysIT() {
        super("dmsfk");
    }

    @BeforeEach
    void createTables() {
        DmsTestFixture.both(pair,
                "CREATE TABLE " + t("parent") + " (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL)",
                "CREATE TABLE " + t("child") + " (id INT PRIMARY KEY, pid INT NOT NULL, "
                        + "CONSTRAINT fk_child FOREIGN KEY (pid) REFERENCES " + t("parent") + " (id) ON DELETE CASCADE)");
        pair.source().execute("INSERT INTO " + t("parent") + " VALUES (1, 'one'), (2, 'two'), (3, 'three')",
                "INSERT INTO " + t("child") + " VALUES (10, 1), (11, 1), (20, 2), (21, 2), (30, 3)");
        engine = new LocalDmsEngine(db.secrets());
    }

    private TaskProgress awaitStopped(TaskRef task) {
        return DmsTestFixture.await("task stopped", () -> engine.progress(task), p -> "stopped".equals(p.status()), 120);
    }

    @Test
    void theTaskStopsAfterTheLoadAndCdcAfterTheSwitchLetsTheTargetRepeatTheCascades() {
        EndpointPair endpoints = engine.ensureEndpoints(new EndpointSpec("casc", null, null, DatabasePair.secretId(DatabaseRole.SOURCE, "dms"),
                DatabasePair.secretId(DatabaseRole.TARGET, "dms"), "arn:aws:iam::000000000000:role/local",
                new DmsTls(DatabaseRole.SOURCE, "none", null), new DmsTls(DatabaseRole.TARGET, "none", null), "UTC", CHECKS_OFF));
        String settings = DmsTestFixture.SETTINGS.formatted(100)
                .replace("\"TargetTablePrepMode\": \"DO_NOTHING\",", "\"TargetTablePrepMode\": \"DO_NOTHING\", \"StopTaskCachedChangesApplied\": true,");
        TaskRef task = engine.ensureTask(new TaskDefinition("fk-" + schema.replace('_', '-'), "arn:local:rep", endpoints,
                "full-load-and-cdc", DmsTestFixture.includeSchema(schema), settings));

        engine.start(task, StartMode.START_REPLICATION);
        TaskProgress stopped = awaitStopped(task);
        assertThat(stopped.stopReason()).isEqualTo("Stop Reason STOPPED_AFTER_CACHED_EVENTS");
        assertThat(stopped.fullLoadPercent()).isEqualTo(100);
        assertThat(stopped.tablesLoaded()).isEqualTo(2);
        DmsTestFixture.assertSameRows(pair, t("child"), "id");

        // CDC with the full-load statement still set: the endpoint's statement runs last on the CDC session too,
        // so the target does not repeat the cascade and the child rows of parent 1 are left behind
        pair.source().execute("DELETE FROM " + t("parent") + " WHERE id = 1");
        engine.start(task, StartMode.RESUME_PROCESSING);
        DmsTestFixture.awaitSameRows(pair, t("parent"), "id");
        assertThat(DmsTestFixture.rows(pair.target(), t("child"), "id")).as("orphans: checks were off")
                .containsExactly("10 | 1", "11 | 1", "20 | 2", "21 | 2", "30 | 3");
        engine.stop(task);
        awaitStopped(task);

        // the switch the state machine makes while the task is stopped: no statement, checks on, cascades act
        engine.setTargetInitStatements(endpoints.targetEndpointArn(), "");
        assertThat(engine.endpoint(endpoints.targetEndpointArn()).initStatements()).isNull();
        pair.source().execute("DELETE FROM " + t("parent") + " WHERE id = 2");
        engine.start(task, StartMode.RESUME_PROCESSING);
        DmsTestFixture.awaitSameRows(pair, t("parent"), "id");
        DmsTestFixture.await("the cascade of parent 2 repeated on the target", () -> DmsTestFixture.rows(pair.target(), t("child"), "id"),
                rows -> !rows.contains("20 | 2"), 60);
        assertThat(DmsTestFixture.rows(pair.target(), t("child"), "id")).containsExactly("10 | 1", "11 | 1", "30 | 3");
        assertThat(DmsTestFixture.rows(pair.source(), t("child"), "id")).containsExactly("30 | 3");
    }

    @Test
    void changesMadeBeforeTheStopAreAppliedAndChangesAfterItWaitForTheResume() {
        EndpointPair endpoints = DmsTestFixture.endpoints(engine, "casc2");
        String settings = DmsTestFixture.SETTINGS.formatted(1)
                .replace("\"TargetTablePrepMode\": \"DO_NOTHING\",", "\"TargetTablePrepMode\": \"DO_NOTHING\", \"StopTaskCachedChangesApplied\": true,");
        DmsTestFixture.both(pair, "CREATE TABLE " + t("big") + " (id INT PRIMARY KEY, v INT NOT NULL)");
        pair.source().execute("USE `" + schema + "`", "INSERT INTO " + t("big") + " SELECT seq, seq FROM seq_1_to_3000");
        TaskRef task = engine.ensureTask(new TaskDefinition("fk2-" + schema.replace('_', '-'), "arn:local:rep", endpoints,
                "full-load-and-cdc", DmsTestFixture.includeSchema(schema), settings));
        engine.start(task, StartMode.START_REPLICATION);
        // written while the load runs (commit rate 1: the load of 3000 rows takes a while): cached, then applied
        pair.source().execute("UPDATE " + t("big") + " SET v = -v WHERE id IN (1, 2999)", "INSERT INTO " + t("big") + " VALUES (5000, 5000)");
        TaskProgress stopped = awaitStopped(task);
        assertThat(stopped.stopReason()).isEqualTo("Stop Reason STOPPED_AFTER_CACHED_EVENTS");
        DmsTestFixture.assertSameRows(pair, t("big"), "id");

        pair.source().execute("UPDATE " + t("big") + " SET v = 0 WHERE id = 5000");
        assertThat(DmsTestFixture.rows(pair.target(), t("big"), "id")).as("stopped: not applied").contains("5000 | 5000");
        engine.start(task, StartMode.RESUME_PROCESSING);
        DmsTestFixture.awaitSameRows(pair, t("big"), "id");
        assertThat(engine.progress(task).status()).isEqualTo("running");
    }
}
