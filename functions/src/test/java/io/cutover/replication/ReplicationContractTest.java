package io.cutover.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.error.CutoverException;
import io.cutover.core.error.ReplicationConflictException;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.core.ports.Replication.EndpointPair;
import io.cutover.core.ports.Replication.StartMode;
import io.cutover.core.ports.Replication.TaskDefinition;
import io.cutover.core.ports.Replication.TaskProgress;
import io.cutover.core.ports.Replication.TaskRef;
import io.cutover.core.ports.Replication;
import io.cutover.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Replication} must have, run against the DMS adapter (the real SDK client against
 * a stateful fake of the DMS API) and against the local engine (two real database servers). Subclass it and
 * provide a {@link Harness}.
 */
public abstract class ReplicationContractTest {

    /** What a contract run needs from an implementation's test setup. */
    public interface Harness extends AutoCloseable {
        Replication replication();

        /** A task over a small dataset of {@link #tables()}, with a fresh deterministic id. */
        TaskDefinition taskDefinition(String taskId);

        /** The same task with other settings (e.g. another table mapping). */
        TaskDefinition conflictingDefinition(TaskDefinition original);

        /** {@code schema.table} of every table in the dataset. */
        List<String> tables();

        /** Makes committed changes on the source: so many inserts, updates and deletes. */
        void changeSource(int inserts, int updates, int deletes);

        /** Before the start: makes {@code table} fail to load (e.g. incompatible target column). */
        void breakTable(String table);

        /** The init statements new sessions of the target endpoint run, as the implementation holds them now. */
        String targetInitStatements(String targetEndpointArn);

        /** Called between polls: a fake lets time pass here; a real engine does nothing. */
        default void advance() {}

        /** How long a poll may wait for the implementation to get somewhere. */
        default Duration patience() {
            return Duration.ofSeconds(60);
        }

        @Override
        void close();
    }

    protected abstract Harness newHarness();

    private Harness harness;
    private int taskCounter;

    @BeforeEach
    void setUp() {
        harness = newHarness();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    private TaskDefinition definition() {
        return harness.taskDefinition("cutover-contract-" + getClass().getSimpleName().toLowerCase().replace("test", "") + "-" + (++taskCounter));
    }

    protected <T> T await(String what, Supplier<T> read, Predicate<T> done) {
        return Await.until(what, read, done, harness.patience(), harness::advance);
    }

    /**
     * A created task that can be started: DMS creates tasks asynchronously ("creating", then "ready"); an engine
     * whose tasks are ready at once passes straight through.
     */
    private TaskRef readyTask(TaskDefinition definition) {
        TaskRef task = harness.replication().ensureTask(definition);
        await("task created", () -> harness.replication().progress(task), p -> !"creating".equals(p.status()));
        return task;
    }

    private TaskProgress fullLoadDone(TaskRef task) {
        int tables = harness.tables().size();
        return await("full load 100 % with every table loaded", () -> harness.replication().progress(task),
                p -> "running".equals(p.status()) && Integer.valueOf(100).equals(p.fullLoadPercent()) && p.tablesLoaded() == tables);
    }

    @Test
    void ensureTaskIsIdempotent() {
        TaskDefinition definition = definition();
        TaskRef first = harness.replication().ensureTask(definition);
        TaskRef second = harness.replication().ensureTask(definition);
        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.taskArn()).isEqualTo(first.taskArn());
        assertThat(second.taskId()).isEqualTo(definition.taskId());
    }

    @Test
    void anExistingTaskWithOtherSettingsIsAConflict() {
        TaskDefinition definition = definition();
        harness.replication().ensureTask(definition);
        assertThatThrownBy(() -> harness.replication().ensureTask(harness.conflictingDefinition(definition)))
                .isInstanceOf(ReplicationConflictException.class)
                .hasMessageContaining(definition.taskId());
    }

    @Test
    void fullLoadThenCdcCountsEveryChange() {
        TaskRef task = readyTask(definition());
        harness.replication().start(task, StartMode.START_REPLICATION);
        TaskProgress progress = fullLoadDone(task);
        assertThat(progress.tablesErrored()).isZero();
        assertThat(progress.tables()).extracting(t -> t.schema() + "." + t.table()).containsExactlyInAnyOrderElementsOf(harness.tables());

        CdcSample before = harness.replication().cdcSample(task);
        harness.changeSource(3, 2, 1);
        CdcSample after = await("CDC counters +3 inserts, +2 updates, +1 delete", () -> harness.replication().cdcSample(task),
                s -> s.inserts() >= before.inserts() + 3 && s.updates() >= before.updates() + 2 && s.deletes() >= before.deletes() + 1);
        assertThat(after.inserts() - before.inserts()).isEqualTo(3);
        assertThat(after.updates() - before.updates()).isEqualTo(2);
        assertThat(after.deletes() - before.deletes()).isEqualTo(1);
        assertThat(after.at()).isAfterOrEqualTo(before.at());
    }

    @Test
    void aStoppedTaskResumesAndKeepsReplicating() {
        TaskRef task = readyTask(definition());
        harness.replication().start(task, StartMode.START_REPLICATION);
        fullLoadDone(task);
        harness.replication().stop(task);
        await("task stopped", () -> harness.replication().progress(task), p -> "stopped".equals(p.status()));

        CdcSample stopped = harness.replication().cdcSample(task);
        harness.changeSource(2, 0, 0);
        harness.replication().start(task, StartMode.RESUME_PROCESSING);
        await("running again", () -> harness.replication().progress(task), p -> "running".equals(p.status()));
        await("the changes made while stopped are applied", () -> harness.replication().cdcSample(task),
                s -> s.inserts() >= stopped.inserts() + 2);
    }

    @Test
    void anErroredTableIsReportedByNameWithItsError() {
        String broken = harness.tables().get(0);
        harness.breakTable(broken);
        TaskRef task = readyTask(definition());
        harness.replication().start(task, StartMode.START_REPLICATION);
        TaskProgress progress = await("one table errored", () -> harness.replication().progress(task), p -> p.tablesErrored() >= 1);
        assertThat(progress.tables()).filteredOn(t -> (t.schema() + "." + t.table()).equals(broken)).singleElement()
                .satisfies(t -> {
                    assertThat(t.state()).isEqualTo("Table error");
                    assertThat(t.lastError()).isNotBlank();
                });
    }

    @Test
    void theCheckpointIsKnownOnceCdcRuns() {
        TaskRef task = readyTask(definition());
        harness.replication().start(task, StartMode.START_REPLICATION);
        fullLoadDone(task);
        harness.changeSource(1, 0, 0);
        Replication.Checkpoint checkpoint = await("a recovery checkpoint", () -> harness.replication().checkpoint(task),
                c -> c.recoveryCheckpoint() != null && !c.recoveryCheckpoint().isBlank());
        assertThat(checkpoint.recoveryCheckpoint()).isNotBlank();
    }

    /** The definition with {@code FullLoadSettings.StopTaskCachedChangesApplied} set, as the cascading-FK policy asks. */
    private TaskDefinition stoppingAfterCachedChanges(TaskDefinition d) {
        ObjectNode settings = (ObjectNode)
                Json.parse(d.taskSettingsJson());
        ObjectNode fullLoad = settings.has("FullLoadSettings")
                ? (ObjectNode) settings.get("FullLoadSettings") : settings.putObject("FullLoadSettings");
        fullLoad.put("StopTaskCachedChangesApplied", true);
        return new TaskDefinition(d.taskId(), d.replicationInstanceArn(), d.endpoints(), d.migrationType(), d.tableMappingsJson(),
                Json.write(settings));
    }

    @Test
    void aTaskSetToStopAfterItsCachedChangesStopsThereAndResumesIntoCdc() {
        TaskRef task = readyTask(stoppingAfterCachedChanges(definition()));
        harness.replication().start(task, StartMode.START_REPLICATION);
        TaskProgress stopped = await("stopped after the full load and its cached changes", () -> harness.replication().progress(task),
                p -> "stopped".equals(p.status()));
        assertThat(stopped.fullLoadPercent()).isEqualTo(100);
        assertThat(stopped.tablesLoaded()).isEqualTo(harness.tables().size());
        assertThat(stopped.stopReason()).isEqualTo("Stop Reason STOPPED_AFTER_CACHED_EVENTS");

        CdcSample before = harness.replication().cdcSample(task);
        harness.changeSource(2, 1, 0);
        harness.advance();
        assertThat(harness.replication().progress(task).status()).as("it stays stopped until resumed").isEqualTo("stopped");
        assertThat(harness.replication().cdcSample(task).inserts()).as("nothing applied while stopped").isEqualTo(before.inserts());

        harness.replication().start(task, StartMode.RESUME_PROCESSING);
        await("the changes made while stopped are applied by CDC", () -> harness.replication().cdcSample(task),
                s -> s.inserts() >= before.inserts() + 2 && s.updates() >= before.updates() + 1);
        assertThat(harness.replication().progress(task).status()).isEqualTo("running");
    }

    @Test
    void theTargetEndpointsInitStatementsCanBeSwitchedAgainAndAgain() {
        EndpointPair endpoints = definition().endpoints();
        String target = endpoints.targetEndpointArn();
        harness.replication().setTargetInitStatements(target, "SET FOREIGN_KEY_CHECKS=0");
        assertThat(harness.targetInitStatements(target)).isEqualTo("SET FOREIGN_KEY_CHECKS=0");
        harness.replication().setTargetInitStatements(target, "SET FOREIGN_KEY_CHECKS=0"); // a retry
        assertThat(harness.targetInitStatements(target)).isEqualTo("SET FOREIGN_KEY_CHECKS=0");
        harness.replication().setTargetInitStatements(target, "SET SESSION time_zone='+00:00'");
        assertThat(harness.targetInitStatements(target)).isEqualTo("SET SESSION time_zone='+00:00'");
        String source = endpoints.sourceEndpointArn();
        assertThatThrownBy(() -> harness.replication().setTargetInitStatements(source, "SET FOREIGN_KEY_CHECKS=1"))
                .isInstanceOf(CutoverException.class).hasMessageContaining(source);
    }
}
