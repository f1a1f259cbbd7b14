package io.cutover.local.statemachine;

import static io.cutover.local.statemachine.ScriptedMigration.INJECTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.ports.approval.Gate;
import io.cutover.core.json.Json;
import io.cutover.core.poll.PollDecision;
import io.cutover.local.Project;
import io.cutover.local.asl.ExecutionResult;
import io.cutover.local.statemachine.ScriptedMigration.Decision;
import io.cutover.local.template.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A failure injected into every Lambda Task state of statemachine/migration.asl.json and of its child executions, one
 * execution each. The table below
 * says, for each Task state, how the run gets there and what must follow; {@link #everyTaskStateOfTheAslHasAFailureCase}
 * fails when the ASL gains a Task state the table does not list. The rules:
 * <ul>
 *   <li>before the freeze nothing changes on the source: FAILED is notified and the execution fails with the error;</li>
 *   <li>from the freeze to the application switch the source's write state is restored (the Unfreeze function is
 *       called), ROLLED_BACK is notified, the execution fails as Cutover.RolledBack;</li>
 *   <li>a failure in the rollback itself notifies ROLLBACK_FAILED;</li>
 *   <li>after the switch FAILED is notified and nothing is rolled back;</li>
 *   <li>a notification that cannot be sent where the next step is the end anyway is not caught: the execution fails
 *       at that state (CloudWatch's ExecutionsFailed alarm reports it) and a redrive sends it again.</li>
 * </ul>
 *
 * <p>The executions are independent (each its own driver, functions and ports): they run three at a time.
 */
@Execution(ExecutionMode.CONCURRENT)
class MigrationFailurePathsTest {

    /** What must follow a failure in a state. */
    enum Outcome {
        /** "Validate input" itself failed: no config, so no notification. */
        INPUT_NOT_VALIDATED,
        /** Before the freeze: FAILED notified, nothing frozen, nothing unfrozen. */
        REPORTED_BEFORE_FREEZE,
        /** A notification before the freeze that could not be sent: the execution fails there. */
        UNSENT_BEFORE_FREEZE,
        /** Frozen: the source's write state restored, ROLLED_BACK notified. */
        ROLLED_BACK,
        /** Rolled back, but the application switch could not be reversed: ROLLED_BACK says so. */
        ROLLED_BACK_SWITCH_NOT_REVERSED,
        /** The first restore failed: ROLLBACK_FAILED notified, the second restore succeeded, ROLLED_BACK notified. */
        ROLLED_BACK_AFTER_ALARM,
        /** Both restores failed: ROLLBACK_FAILED notified, the execution fails at the second restore (a redrive retries it). */
        RESTORE_FAILED,
        /** The source restored, the task could not be stopped: ROLLBACK_FAILED notified. */
        ROLLBACK_FAILED_AFTER_RESTORE,
        /** The rollback is done but its message could not be sent: the execution fails there. */
        ROLLED_BACK_UNSENT,
        /** After the application switch: FAILED notified, nothing rolled back, the source stays read-only. */
        REPORTED_AFTER_SWITCH,
        /** A notification after the switch that could not be sent: the execution fails there. */
        UNSENT_AFTER_SWITCH,
        /** The snapshot after the switch failed: SNAPSHOT_FAILED notified, nothing rolled back, the migration completes. */
        SNAPSHOT_REPORTED,
        /** Its notification could not be sent either: nothing rolled back, the migration completes. */
        SNAPSHOT_NOTICE_UNSENT,
        /**
         * The wait for the restorable time after the switch failed: RESTORE_POINT_NOT_RESTORABLE notified, the snapshot
         * taken, nothing rolled back, the migration completes.
         */
        RESTORE_POINT_REPORTED,
        /** Its notification could not be sent either: the snapshot is still taken, nothing rolled back, the migration completes. */
        RESTORE_POINT_NOTICE_UNSENT
    }

    record Case(Outcome outcome, Consumer<ScriptedMigration> reachIt) {}

    private static final Consumer<ScriptedMigration> DEFAULT = m -> { };
    private static final Consumer<ScriptedMigration> CASCADING = m -> m
            .results("BuildTaskSettingsFunction", r -> ((ObjectNode) r).put("stopsAfterFullLoad", true))
            .results("PollFullLoadFunction", r -> ((ObjectNode) r).put("status", "stopped"));
    private static final Consumer<ScriptedMigration> LOAD_ERROR = m -> m.then("PollFullLoadFunction", Json.parse("""
            {"decision": {"outcome": "FAILED", "waitSeconds": 0, "attempt": 1, "reason": "the DMS task failed during the full load"},
             "status": "failed", "tablesLoaded": 10, "tablesLoading": 0, "tablesQueued": 0, "tablesErrored": 0, "erroredTables": [],
             "tracker": null}"""));
    private static final Consumer<ScriptedMigration> ROLLBACK = m -> m.failAt("5.4 Record the rollback position");
    private static final Consumer<ScriptedMigration> FIRST_RESTORE_FAILS = ROLLBACK.andThen(m -> m.failAt("R1 Restore the write state of the source"));
    private static final Consumer<ScriptedMigration> DMS_STOP_FAILS = ROLLBACK.andThen(m -> m.failAt("R2 Stop the DMS task (rollback)"));
    /** The switch asks for an acknowledgement (config.switch given: acknowledge defaults to true). */
    private static final Consumer<ScriptedMigration> ACKNOWLEDGE = m -> m.results("ApplicationSwitchFunction",
            r -> ((ObjectNode) r).put("acknowledge", true));
    private static final Consumer<ScriptedMigration> SWITCHED_THEN_ROLLBACK = ACKNOWLEDGE.andThen(m -> m.decide(Gate.SWITCH, Decision.REJECT));
    private static final Consumer<ScriptedMigration> KEEP_WINDOW_OPEN = m -> m.results("RollbackWindowFunction",
            r -> Json.tree(PollDecision.continueAfter(60, r.path("attempt").asInt(), "window open")));

    /** Every Task state of the ASL, how to reach it and what must follow a failure there. */
    static final Map<String, Case> CASES = new LinkedHashMap<>();

    static {
        CASES.put("Validate input", new Case(Outcome.INPUT_NOT_VALIDATED, DEFAULT));
        CASES.put("Notify: started", new Case(Outcome.REPORTED_BEFORE_FREEZE, DEFAULT));
        CASES.put("1.1 Check source readiness", new Case(Outcome.REPORTED_BEFORE_FREEZE, DEFAULT));
        CASES.put("1.2 Check target readiness", new Case(Outcome.REPORTED_BEFORE_FREEZE, DEFAULT));
        CASES.put("1 Notify: blocked by readiness checks", new Case(Outcome.UNSENT_BEFORE_FREEZE,
                m -> m.results("CheckTargetReadinessFunction", r -> ((ObjectNode) r).put("blockers", 2))));
        for (String state : List.of("2.5 Create target schema", "2.6 Prepare foreign keys", "2.7 Create heartbeat table",
                "2.8 Check target before load", "3.1 Create or check DMS endpoints", "3.1 Start connection tests", "3.1 Poll connection tests",
                "3.2 Build task settings and table mappings", "3.4 Create DMS task", "3.4 Poll until the task is ready",
                "3.5 Start pre-migration assessment", "3.5 Poll the assessment", "4 Start full load and CDC", "4.1 Poll the full load",
                "5.1 Wait until CDC has caught up", "5.1.1 Plan the validation (before the freeze)", "Validate a batch",
                "5.1.3 Recheck differences after the lag window", "5.1.4 Summarize the validation (before the freeze)",
                "5.1.4 Check the source for orphan rows", "5.2 Freeze approval", "5.2.1 Plan the catch-up validation",
                "5.2.1 Summarize the catch-up validation", "5.2.1 Check the changed rows for orphans on the source",
                "5.2 Re-read the lag after the approval")) {
            CASES.put(state, new Case(Outcome.REPORTED_BEFORE_FREEZE, DEFAULT));
        }
        CASES.put("4.2 Resume the task after a load error", new Case(Outcome.REPORTED_BEFORE_FREEZE, LOAD_ERROR));
        for (String state : List.of("4.3 Check target before CDC", "4.4 Switch the target endpoint to the CDC init statements",
                "4.5 Resume the task for CDC")) {
            CASES.put(state, new Case(Outcome.REPORTED_BEFORE_FREEZE, CASCADING));
        }
        CASES.put("Dry run: notify", new Case(Outcome.REPORTED_BEFORE_FREEZE, m -> m.input(i -> i.put("dryRun", true))));
        CASES.put("Notify: failed before the freeze", new Case(Outcome.UNSENT_BEFORE_FREEZE, m -> m.failAt("2.7 Create heartbeat table")));
        for (String state : List.of("5.2 Freeze writes on source", "5.2 Notify: source frozen", "5.2 Prove that CDC drained",
                "5.3 Plan the validation (after the freeze)", "5.3 Summarize the validation (after the freeze)",
                "5.4 Record the rollback position", "5.5 Cutover approval", "5.5 Stop the DMS task (cutover point)",
                "5.5 Poll until the task is stopped", "5.5 Notify: cut over", "6.1 Extract deferred objects", "6.1 Recreate deferred objects",
                "6.2 Recreate foreign keys", "6.3 Validate schema", "7 Record the restore point",
                "8 Notify: ready to switch", "8.1 Switch the application")) {
            CASES.put(state, new Case(Outcome.ROLLED_BACK, DEFAULT));
        }
        CASES.put("7 Poll the restorable time", new Case(Outcome.RESTORE_POINT_REPORTED, DEFAULT));
        CASES.put("7 Notify: restore point not restorable", new Case(Outcome.RESTORE_POINT_NOTICE_UNSENT, m -> m.failAt("7 Poll the restorable time")));
        CASES.put("7 Snapshot the target cluster", new Case(Outcome.SNAPSHOT_REPORTED, DEFAULT));
        CASES.put("7 Poll the snapshot", new Case(Outcome.SNAPSHOT_REPORTED, DEFAULT));
        CASES.put("7 Notify: snapshot failed", new Case(Outcome.SNAPSHOT_NOTICE_UNSENT, m -> m.failAt("7 Poll the snapshot")));
        CASES.put("8.2 Confirm that the application writes to the target", new Case(Outcome.ROLLED_BACK, ACKNOWLEDGE));
        // reversing the switch fails: said in the summary, the rollback goes on
        CASES.put("R1 Reverse the application switch", new Case(Outcome.ROLLED_BACK_SWITCH_NOT_REVERSED, SWITCHED_THEN_ROLLBACK));
        CASES.put("R1 Restore the write state of the source", new Case(Outcome.ROLLED_BACK_AFTER_ALARM, ROLLBACK));
        CASES.put("R1 Notify: rollback failed", new Case(Outcome.ROLLED_BACK, FIRST_RESTORE_FAILS));
        CASES.put("R1 Restore the write state of the source (after the alarm)", new Case(Outcome.RESTORE_FAILED, FIRST_RESTORE_FAILS));
        CASES.put("R2 Stop the DMS task (rollback)", new Case(Outcome.ROLLBACK_FAILED_AFTER_RESTORE, ROLLBACK));
        CASES.put("R2 Notify: rollback failed (DMS task)", new Case(Outcome.ROLLBACK_FAILED_AFTER_RESTORE, DMS_STOP_FAILS));
        CASES.put("R3 Notify: rolled back", new Case(Outcome.ROLLED_BACK_UNSENT, ROLLBACK));
        CASES.put("8a Ask whether to roll back", new Case(Outcome.REPORTED_AFTER_SWITCH, KEEP_WINDOW_OPEN));
        CASES.put("8b Check that the source stays read-only", new Case(Outcome.REPORTED_AFTER_SWITCH, m -> m.decide(Gate.ROLLBACK, Decision.NONE)));
        CASES.put("9.1 Validate the schema after go-live", new Case(Outcome.REPORTED_AFTER_SWITCH, DEFAULT));
        CASES.put("9.2 Notify: completed", new Case(Outcome.REPORTED_AFTER_SWITCH, DEFAULT));
        CASES.put("Notify: failed after the switch", new Case(Outcome.UNSENT_AFTER_SWITCH, m -> m.failAt("9.1 Validate the schema after go-live")));
    }

    /**
     * Every Lambda Task state of the migration and of the child executions it starts, nested ones included (a task that
     * starts a child fails when the child does: its cases are the child's tasks).
     */
    static Set<String> taskStates() throws IOException {
        SamTemplate template = SamTemplate.read(Project.template());
        Set<String> tasks = new TreeSet<>();
        for (String machine : template.stateMachinesOf("MigrationStateMachine")) {
            collect(Json.parse(Files.readString(template.definitionFile(machine))), tasks);
        }
        return tasks;
    }

    /** The Lambda Task states of the child executions (a failure there reaches the migration as States.TaskFailed). */
    static Set<String> childTaskStates() throws IOException {
        SamTemplate template = SamTemplate.read(Project.template());
        Set<String> tasks = new TreeSet<>();
        for (String machine : template.stateMachinesOf("MigrationStateMachine")) {
            if (!machine.equals("MigrationStateMachine")) {
                collect(Json.parse(Files.readString(template.definitionFile(machine))), tasks);
            }
        }
        return tasks;
    }

    private static void collect(JsonNode machine, Set<String> tasks) {
        machine.path("States").fields().forEachRemaining(e -> {
            if ("Task".equals(e.getValue().path("Type").asText()) && e.getValue().path("Resource").asText().contains(":lambda:")) {
                tasks.add(e.getKey());
            }
            e.getValue().path("Branches").forEach(b -> collect(b, tasks));
            if (e.getValue().has("ItemProcessor")) {
                collect(e.getValue().get("ItemProcessor"), tasks);
            }
        });
    }

    @Test
    void everyTaskStateOfTheAslHasAFailureCase() throws IOException {
        assertThat(CASES.keySet()).as("a Task state without a failure case, or a case for a state that is gone")
                .containsExactlyInAnyOrderElementsOf(taskStates());
    }

    static Stream<Arguments> cases() {
        return CASES.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue().outcome()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void aFailureInEveryTaskStateTakesItsSafePath(String state, Outcome outcome) throws IOException {
        // a failure in a child execution reaches the migration as States.TaskFailed; the messages name the child's error
        String injected = childTaskStates().contains(state) ? "States.TaskFailed" : INJECTED;
        ScriptedMigration m = new ScriptedMigration();
        CASES.get(state).reachIt().accept(m);
        m.failAt(state);
        ExecutionResult result = m.run();

        boolean completes = outcome == Outcome.SNAPSHOT_REPORTED || outcome == Outcome.SNAPSHOT_NOTICE_UNSENT
                || outcome == Outcome.RESTORE_POINT_REPORTED || outcome == Outcome.RESTORE_POINT_NOTICE_UNSENT;
        assertThat(result.status()).as(result.toString()).isEqualTo(completes ? "SUCCEEDED" : "FAILED");
        assertThat(m.statesCalled()).as("the failure was injected where it should be").contains(state);
        int unfreezes = m.callsOf("UnfreezeFunction").size();
        boolean frozen = !m.callsOf("FreezeWritesFunction").isEmpty();
        switch (outcome) {
            case INPUT_NOT_VALIDATED -> {
                assertThat(result.error()).isEqualTo("Cutover.ValidationFailed");
                assertThat(m.notified()).isEmpty();
            }
            case REPORTED_BEFORE_FREEZE -> {
                assertThat(result.error()).isEqualTo(injected);
                assertThat(m.notified()).last().isEqualTo("FAILED");
                assertThat(m.lastNotification("FAILED").body()).contains("Nothing was changed on the source").contains("injected failure");
                assertThat(frozen).isFalse();
                assertThat(unfreezes).isZero();
            }
            case UNSENT_BEFORE_FREEZE -> {
                assertThat(result.error()).isEqualTo(INJECTED);
                assertThat(result.statesEntered()).last().isEqualTo(state);
                assertThat(frozen).isFalse();
                assertThat(unfreezes).isZero();
            }
            case ROLLED_BACK -> {
                assertThat(result.error()).isEqualTo("Cutover.RolledBack");
                assertThat(result.cause()).contains(injected);
                assertThat(unfreezes).as("the source's write state restored").isPositive();
                assertThat(m.notified()).last().isEqualTo("ROLLED_BACK");
                assertThat(m.lastNotification("ROLLED_BACK").body()).contains("read_only restored").contains("injected failure");
            }
            case ROLLED_BACK_SWITCH_NOT_REVERSED -> {
                assertThat(result.error()).isEqualTo("Cutover.RolledBack");
                assertThat(unfreezes).as("the source's write state restored").isPositive();
                assertThat(m.notified()).last().isEqualTo("ROLLED_BACK");
                assertThat(m.lastNotification("ROLLED_BACK").body()).contains("Reversing the application switch FAILED")
                        .contains("read_only restored");
            }
            case ROLLED_BACK_AFTER_ALARM -> {
                assertThat(result.error()).isEqualTo("Cutover.RolledBack");
                assertThat(unfreezes).isEqualTo(2);
                assertThat(m.notified()).containsSubsequence("ROLLBACK_FAILED", "ROLLED_BACK");
            }
            case RESTORE_FAILED -> {
                assertThat(result.error()).isEqualTo(INJECTED);
                assertThat(result.statesEntered()).last().isEqualTo(state);
                assertThat(m.notified()).last().isEqualTo("ROLLBACK_FAILED");
                assertThat(m.lastNotification("ROLLBACK_FAILED").body()).contains("may still be read-only");
            }
            case ROLLBACK_FAILED_AFTER_RESTORE -> {
                assertThat(result.error()).isEqualTo("Cutover.RollbackFailed");
                assertThat(unfreezes).isEqualTo(1);
                if (!state.startsWith("R2 Notify")) {
                    assertThat(m.notified()).last().isEqualTo("ROLLBACK_FAILED");
                    assertThat(m.lastNotification("ROLLBACK_FAILED").body()).contains("WAS restored").contains("stop it by hand");
                }
            }
            case ROLLED_BACK_UNSENT -> {
                assertThat(result.error()).isEqualTo(INJECTED);
                assertThat(result.statesEntered()).last().isEqualTo(state);
                assertThat(unfreezes).isEqualTo(1);
            }
            case REPORTED_AFTER_SWITCH -> {
                assertThat(result.error()).isEqualTo(injected);
                assertThat(m.notified()).containsSubsequence("READY_TO_SWITCH", "FAILED");
                assertThat(m.lastNotification("FAILED").body()).contains("after the application switch").contains("stays read-only");
                assertThat(unfreezes).as("after the switch nothing is rolled back automatically").isZero();
            }
            case UNSENT_AFTER_SWITCH -> {
                assertThat(result.error()).isEqualTo(INJECTED);
                assertThat(result.statesEntered()).last().isEqualTo(state);
                assertThat(unfreezes).isZero();
            }
            case SNAPSHOT_REPORTED -> {
                assertThat(m.notified()).containsSubsequence("READY_TO_SWITCH", "SNAPSHOT_FAILED", "COMPLETED").doesNotContain("ROLLED_BACK");
                assertThat(m.lastNotification("SNAPSHOT_FAILED").body()).contains("injected failure").contains("restored to");
                assertThat(unfreezes).as("a failed snapshot after the switch rolls nothing back").isZero();
            }
            case RESTORE_POINT_REPORTED -> {
                assertThat(m.notified()).containsSubsequence("READY_TO_SWITCH", "RESTORE_POINT_NOT_RESTORABLE", "COMPLETED")
                        .doesNotContain("ROLLED_BACK", "SNAPSHOT_FAILED");
                assertThat(m.lastNotification("RESTORE_POINT_NOT_RESTORABLE").body()).contains("injected failure").contains("cannot be restored");
                assertThat(result.statesEntered()).as("the snapshot is still taken").contains("7 Poll the snapshot");
                assertThat(unfreezes).as("a restore point not yet restorable after the switch rolls nothing back").isZero();
            }
            case RESTORE_POINT_NOTICE_UNSENT -> {
                assertThat(m.notified()).containsSubsequence("READY_TO_SWITCH", "COMPLETED").doesNotContain("ROLLED_BACK", "RESTORE_POINT_NOT_RESTORABLE");
                assertThat(result.statesEntered()).contains("7 Poll the snapshot");
                assertThat(unfreezes).isZero();
            }
            case SNAPSHOT_NOTICE_UNSENT -> {
                assertThat(m.notified()).containsSubsequence("READY_TO_SWITCH", "COMPLETED").doesNotContain("ROLLED_BACK", "SNAPSHOT_FAILED");
                assertThat(unfreezes).isZero();
            }
        }
    }
}
