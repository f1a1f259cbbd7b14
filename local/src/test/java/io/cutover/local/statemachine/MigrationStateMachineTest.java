package io.cutover.local.statemachine;

import static io.cutover.local.statemachine.ScriptedMigration.INJECTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.ports.approval.Gate;
import io.cutover.core.json.Json;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Notification;
import io.cutover.local.asl.ExecutionEvent;
import io.cutover.local.asl.ExecutionResult;
import io.cutover.local.statemachine.ScriptedMigration.Call;
import io.cutover.local.statemachine.ScriptedMigration.Decision;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The real statemachine/migration.asl.json through the local runner, every function scripted (see
 * {@link ScriptedMigration}): the happy path, the cascading foreign-key path, the readiness blocker, each approval
 * approved, rejected and timed out, the rollback window, loop budgets, retries, redrive and the dry run. The
 * failure of every single Task state is in {@link MigrationFailurePathsTest}. The executions are independent and
 * run side by side.
 */
@Execution(ExecutionMode.CONCURRENT)
class MigrationStateMachineTest {
    private static final String FREEZE = "FreezeWritesFunction";
    private static final String UNFREEZE = "UnfreezeFunction";

    private static List<String> gates(ScriptedMigration m) {
        return m.callsOf("RequestApprovalFunction").stream().map(c -> c.payload().path("gate").asText()).toList();
    }

    private static int largestStateBytes(ExecutionResult result) {
        return result.events().stream()
                .mapToInt(e -> Math.max(e.input() == null ? 0 : Json.write(e.input()).length(), e.output() == null ? 0 : Json.write(e.output()).length()))
                .max().orElse(0);
    }

    @Test
    void backupsThatNeverReachTheRestorePointAreReportedAfterTheSwitchAndRollNothingBack() {
        ScriptedMigration m = new ScriptedMigration().then("PollSnapshotFunction",
                Json.tree(io.cutover.core.poll.PollDecision.continueAfter(1, 1, "cluster orders-aurora can be restored up to 02:00, not yet")),
                Json.tree(io.cutover.core.poll.PollDecision.failed(2, "cluster orders-aurora can be restored up to 02:00, not yet to the restore point")));
        ExecutionResult result = m.run();

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.statesEntered()).as("READY_TO_SWITCH does not wait for the cluster's backups")
                .containsSubsequence("7 Record the restore point", "8 Notify: ready to switch", "8.1 Switch the application",
                        "7 Poll the restorable time", "7 Wait for the restorable time", "7 Poll the restorable time", "7 Restore point not restorable",
                        "7 Notify: restore point not restorable", "7 Snapshot the target cluster", "7 Poll the snapshot", "8 Rollback window",
                        "9.2 Notify: completed")
                .doesNotContain("R1 Restore the write state of the source");
        assertThat(m.notified()).containsSubsequence("READY_TO_SWITCH", "RESTORE_POINT_NOT_RESTORABLE", "COMPLETED")
                .doesNotContain("ROLLED_BACK", "SNAPSHOT_FAILED");
        assertThat(m.lastNotification("RESTORE_POINT_NOT_RESTORABLE").body()).contains("Cutover.RestorePointNotRestorable")
                .contains("not yet to the restore point").contains("cutover-orders-prod-pre-switch").contains("Nothing is rolled back");
        assertThat(m.callsOf(UNFREEZE)).as("the application may already write to the target: nothing is rolled back").isEmpty();
    }

    @Test
    void orphanRowsOnTheSourceStopTheMigrationBeforeTheFreezeNamingTheConstraint() {
        String summary = "1 foreign key(s) of the source have orphan rows (1 in total), e.g. `shop`.`order_items`.`fk_items_product`: "
                + "1 row(s) referencing no parent row, such as {id=42}";
        ScriptedMigration m = new ScriptedMigration().results("RecreateForeignKeysFunction", r -> {
            ((ObjectNode) r).put("ok", false).put("orphanRows", 1).put("blockedByOrphans", 1).put("summary", summary);
            return r;
        });
        ExecutionResult result = m.run();

        assertThat(result.status()).as(result.toString()).isEqualTo("FAILED");
        assertThat(result.statesEntered()).containsSubsequence("5.1.4 Summarize the validation (before the freeze)",
                "5.1.4 Check the source for orphan rows", "5.1.4 Orphan rows block the freeze", "Notify: failed before the freeze")
                .doesNotContain("5.2 Freeze approval", "5.2 Freeze writes on source");
        assertThat(m.callsOf("RecreateForeignKeysFunction")).singleElement()
                .satisfies(c -> assertThat(c.payload().path("step").asText()).isEqualTo("ORPHANS_BEFORE_FREEZE"));
        assertThat(m.callsOf(FREEZE)).isEmpty();
        assertThat(m.lastNotification("FAILED").body()).contains("Cutover.OrphanRowsOnSource").contains("fk_items_product").contains("{id=42}");
    }

    @Test
    void orphanRowsAmongTheRowsChangedBeforeTheCatchUpStopTheMigrationBeforeTheFreeze() {
        String clean = "{\"ok\": true, \"complete\": true, \"foreignKeys\": 3, \"present\": 0, \"different\": 0, \"blockedByOrphans\": 0, "
                + "\"failed\": 0, \"orphanRows\": 0, \"countDifferences\": [], \"reportKey\": \"k\", \"summary\": \"clean\"}";
        ScriptedMigration m = new ScriptedMigration().then("RecreateForeignKeysFunction", Json.parse(clean))
                .results("RecreateForeignKeysFunction", r -> ((ObjectNode) r).put("ok", false).put("orphanRows", 2).put("blockedByOrphans", 1)
                        .put("summary", "1 foreign key(s) of the source have orphan rows (2 in total), e.g. fk_items_order"));
        ExecutionResult result = m.run();

        assertThat(result.status()).as(result.toString()).isEqualTo("FAILED");
        assertThat(result.statesEntered()).containsSubsequence("5.2 Freeze approval", "5.2.1 Plan the catch-up validation",
                "5.2.1 Summarize the catch-up validation", "5.2.1 Check the changed rows for orphans on the source",
                "5.1.4 Orphan rows block the freeze", "Notify: failed before the freeze")
                .doesNotContain("5.2 Re-read the lag after the approval", "5.2 Freeze writes on source");
        assertThat(m.callsOf("RecreateForeignKeysFunction")).extracting(c -> c.payload().path("step").asText())
                .containsExactly("ORPHANS_BEFORE_FREEZE", "ORPHANS_SINCE_CATCH_UP");
        assertThat(m.callsOf(FREEZE)).isEmpty();
        assertThat(m.lastNotification("FAILED").body()).contains("Cutover.OrphanRowsOnSource").contains("fk_items_order");
    }

    @Test
    void aPostFreezePlanThatComparedTheChangedRowsItselfStartsNoBatchesInsideTheFreeze() {
        ScriptedMigration m = new ScriptedMigration().results("PlanValidationFunction",
                r -> "post-freeze".equals(r.path("pass").asText()) ? ((ObjectNode) r).put("verified", true) : r);
        ExecutionResult result = m.run();

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.statesEntered()).containsSubsequence("5.2 Freeze writes on source", "5.3 Plan the validation (after the freeze)",
                "5.3 Batches left to validate (after the freeze)?", "5.3 Summarize the validation (after the freeze)")
                .doesNotContain("5.3 Validate batches (after the freeze)");
        assertThat(m.callsOf("ValidateBatchFunction")).extracting(c -> c.payload().path("pass").asText())
                .contains("pre-freeze").doesNotContain("post-freeze");

        ScriptedMigration batches = new ScriptedMigration(); // the plan left its batches (verified false): they run
        assertThat(batches.run().statesEntered()).containsSubsequence("5.3 Batches left to validate (after the freeze)?",
                "5.3 Validate batches (after the freeze)", "5.3 Summarize the validation (after the freeze)");
    }

    @Test
    void withoutChecksumsThereIsNoCatchUpPass() {
        ScriptedMigration m = new ScriptedMigration().input(i -> ((ObjectNode) i.path("cutover").path("validation")).put("checksums", false));
        ExecutionResult result = m.run();

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.statesEntered()).containsSubsequence("5.2 Freeze approval", "5.2.1 Catch up before the freeze?",
                "5.2 Re-read the lag after the approval").doesNotContain("5.2.1 Plan the catch-up validation");
        assertThat(m.callsOf("PlanValidationFunction")).extracting(c -> c.payload().path("pass").asText()).containsExactly("pre-freeze", "post-freeze");
    }

    @Test
    void aRestorableTimePollThatFailsIsReportedAndTheSnapshotIsStillTaken() {
        ScriptedMigration m = new ScriptedMigration().failAt("7 Poll the restorable time");
        ExecutionResult result = m.run();

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.statesEntered()).containsSubsequence("8 Notify: ready to switch", "7 Poll the restorable time",
                "7 Notify: restore point not restorable", "7 Snapshot the target cluster", "8 Rollback window");
        assertThat(m.lastNotification("RESTORE_POINT_NOT_RESTORABLE").body()).contains("injected failure");
        assertThat(m.callsOf(UNFREEZE)).isEmpty();
    }

    @Test
    void aFailedSnapshotAfterTheSwitchIsReportedAndTheMigrationGoesOn() {
        ScriptedMigration m = new ScriptedMigration().then("PollSnapshotFunction",
                Json.tree(io.cutover.core.poll.PollDecision.done(1, "cluster orders-aurora can be restored to the restore point")),
                Json.tree(io.cutover.core.poll.PollDecision.failed(1, "snapshot cutover-orders-prod-pre-switch is failed")));
        ExecutionResult result = m.run();

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.statesEntered()).containsSubsequence("8 Notify: ready to switch", "7 Snapshot the target cluster", "7 Poll the snapshot",
                "7 Snapshot failed", "7 Notify: snapshot failed", "8 Rollback window", "9.2 Notify: completed");
        assertThat(m.notified()).containsSubsequence("READY_TO_SWITCH", "SNAPSHOT_FAILED", "COMPLETED").doesNotContain("ROLLED_BACK");
        assertThat(m.lastNotification("SNAPSHOT_FAILED").body()).contains("Cutover.SnapshotFailed").contains("is failed").contains("restored to");
        assertThat(m.callsOf(UNFREEZE)).isEmpty();
    }

    @Test
    void theHappyPathRunsEveryPhaseInRunbookOrderAndTellsPeopleAtEachPhaseChange() {
        ScriptedMigration m = new ScriptedMigration();
        ExecutionResult result = m.run();

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.statesEntered()).containsSubsequence("Validate input", "Notify: started", "1 Readiness checks",
                "2.5 Create target schema", "2.6 Prepare foreign keys", "2.7 Create heartbeat table", "2.8 Check target before load",
                "3.1 Create or check DMS endpoints", "3.1 Poll connection tests", "3.2 Build task settings and table mappings",
                "3.4 Create DMS task", "3.5 Start pre-migration assessment", "3.5 Poll the assessment", "4 Start full load and CDC",
                "4.1 Poll the full load", "5.1 Wait until CDC has caught up", "5.1.1 Plan the validation (before the freeze)",
                "5.1.4 Summarize the validation (before the freeze)", "5.1.4 Check the source for orphan rows", "5.2 Freeze approval",
                "5.2.1 Plan the catch-up validation", "5.2.1 Summarize the catch-up validation",
                "5.2.1 Check the changed rows for orphans on the source", "5.2 Re-read the lag after the approval",
                "5.2 Freeze writes on source",
                "5.2 Prove that CDC drained", "5.3 Plan the validation (after the freeze)", "5.3 Summarize the validation (after the freeze)",
                "5.4 Record the rollback position", "5.5 Cutover approval", "5.5 Stop the DMS task (cutover point)",
                "5.5 Poll until the task is stopped", "6.1 Extract deferred objects", "6.1 Recreate deferred objects",
                "6.2 Recreate foreign keys", "6.3 Validate schema", "7 Record the restore point",
                "8 Notify: ready to switch", "8.1 Switch the application", "7 Poll the restorable time", "7 Snapshot the target cluster",
                "7 Poll the snapshot", "8 Rollback window",
                "9 Wait before the post-go-live checks",
                "9.1 Validate the schema after go-live", "9.2 Notify: completed", "Migration complete");
        assertThat(result.statesEntered()).doesNotContain("4.3 Check target before CDC", "Dry run: build the report");
        assertThat(m.notified()).containsExactly("STARTED", "FROZEN", "CUT_OVER", "READY_TO_SWITCH", "COMPLETED");
        assertThat(gates(m)).containsExactlyInAnyOrder("FREEZE", "CUTOVER", "ROLLBACK");
        assertThat(m.callsOf(FREEZE)).hasSize(1);
        assertThat(m.callsOf(UNFREEZE)).as("the source is never unfrozen on the happy path: it stays read-only").isEmpty();
        assertThat(m.lastNotification("COMPLETED").body()).contains("orders-prod").contains("decommission the source");
        assertThat(m.lastNotification("READY_TO_SWITCH").body()).contains("cutover-orders-prod-pre-switch").contains("24");
        assertThat(largestStateBytes(result)).as("state size (the limit is 256 KB)").isLessThan(64 * 1024);
        // the local runner enforces the quotas (QuotasTest); the real machine runs within them, its children too
        assertThat(result.historyEvents()).isPositive().isLessThan(io.cutover.local.asl.HistoryModel.LIMIT);
        assertThat(result.childExecutions()).extracting(ExecutionResult.ChildExecution::stateMachine)
                .containsExactlyInAnyOrder("ValidationBatchesStateMachine", "ValidationBatchesStateMachine", "ValidationBatchesStateMachine",
                        "RollbackWindowStateMachine");
        assertThat(result.childExecutions()).allSatisfy(c -> assertThat(c.historyEvents()).isPositive().isLessThan(io.cutover.local.asl.HistoryModel.LIMIT));
    }

    @Test
    void withTheCutoverApprovedAtTheFreezeACleanDrainAndValidationCutOverWithoutTheCutoverGate() {
        ScriptedMigration m = new ScriptedMigration().decide(Gate.FREEZE, Decision.IN_ADVANCE).decide(Gate.CUTOVER, Decision.REJECT);
        ExecutionResult result = m.run();

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(gates(m)).as("no cutover gate (it would have been rejected)").containsExactlyInAnyOrder("FREEZE", "ROLLBACK");
        assertThat(result.statesEntered()).containsSubsequence("5.4 Record the rollback position", "5.5 Cutover approved in advance?",
                "5.5 Cutover approved at the freeze", "5.5 Stop the DMS task (cutover point)", "8 Notify: ready to switch")
                .doesNotContain("5.5 Cutover approval");
        assertThat(m.callsOf(UNFREEZE)).isEmpty();
        // recorded where the cutover gate's decision would be: who approved, and the clean evidence
        JsonNode approval = ScriptedMigration.enteredInput(result, "5.5 Stop the DMS task (cutover point)").path("cutoverApproval");
        assertThat(approval.path("approvedInAdvance").asBoolean()).isTrue();
        assertThat(approval.at("/freezeApproval/decidedBy").asText()).isEqualTo("Ana Lima");
        assertThat(approval.at("/evidence/drain/outcome").asText()).isEqualTo("DONE");
        assertThat(approval.at("/evidence/validationOk").asBoolean()).isTrue();
        assertThat(approval.at("/evidence/rollbackPosition").asText()).contains("binlog.000042:1300");
        assertThat(m.lastNotification("READY_TO_SWITCH").body()).contains("Application downtime so far:");
    }

    @Test
    void theDefaultTwoGateFlowAsksAtTheCutoverGateEvenWhenAllIsClean() {
        ScriptedMigration m = new ScriptedMigration().decide(Gate.CUTOVER, Decision.REJECT);
        ExecutionResult result = m.run();

        assertThat(gates(m)).containsExactly("FREEZE", "CUTOVER");
        assertThat(result.statesEntered()).contains("5.5 Cutover approved in advance?", "5.5 Cutover approval")
                .doesNotContain("5.5 Cutover approved at the freeze", "5.5 Stop the DMS task (cutover point)");
        assertThat(m.callsOf(UNFREEZE)).as("the rejection rolls back").hasSize(1);
    }

    @Test
    void withTheCutoverApprovedAtTheFreezeARollbackPositionAwayFromTheFreezeStillAsksAtTheCutoverGate() {
        ScriptedMigration m = new ScriptedMigration().decide(Gate.FREEZE, Decision.IN_ADVANCE)
                .results("RecordRollbackPositionFunction", r -> ((ObjectNode) r).put("positionMatchesFreeze", false));
        ExecutionResult result = m.run();

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(gates(m)).containsExactlyInAnyOrder("FREEZE", "CUTOVER", "ROLLBACK");
        assertThat(result.statesEntered()).doesNotContain("5.5 Cutover approved at the freeze");
    }

    @Test
    void withTheCutoverApprovedAtTheFreezeDifferencesStillRollBack() {
        ScriptedMigration m = new ScriptedMigration().decide(Gate.FREEZE, Decision.IN_ADVANCE)
                .results("SummarizeValidationFunction", r -> "post-freeze".equals(r.path("pass").asText()) ? ((ObjectNode) r).put("ok", false) : r);
        ExecutionResult result = m.run();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.statesEntered()).contains("5.3 Validation found differences", "R1 Restore the write state of the source")
                .doesNotContain("5.5 Cutover approved at the freeze", "5.5 Stop the DMS task (cutover point)");
        assertThat(gates(m)).containsExactly("FREEZE");
        assertThat(m.callsOf(UNFREEZE)).hasSize(1);
    }

    @Test
    void thePayloadsCarryWhatEachHandlerReads() {
        ScriptedMigration m = new ScriptedMigration();
        assertThat(m.run().succeeded()).isTrue();

        Call endpoints = m.callsOf("EnsureEndpointsFunction").get(0);
        assertThat(endpoints.payload().path("targetInitStatements").asText()).isEqualTo("SET FOREIGN_KEY_CHECKS=0");
        JsonNode required = m.callsOf("BuildTaskSettingsFunction").get(0).payload().path("requiredTaskSettings");
        assertThat(required.isArray()).isTrue();
        assertThat(required.get(0).at("/settings/FullLoadSettings/StopTaskCachedChangesApplied").asBoolean()).isTrue();
        assertThat(required.get(0).path("reason").asText()).contains("cascad");
        JsonNode create = m.callsOf("CreateTaskFunction").get(0).payload();
        assertThat(create.path("taskSettingsKey").asText()).endsWith("task-settings.json");
        assertThat(create.at("/endpoints/targetEndpointArn").asText()).endsWith(":endpoint:TGT");
        assertThat(m.callsOf("PollTaskStatusFunction")).extracting(c -> c.payload().path("awaiting").asText()).containsExactly("READY", "STOPPED");
        assertThat(m.callsOf("PollFullLoadFunction").get(0).payload().path("attempt").asInt()).isZero();
        assertThat(m.callsOf("PollCdcCaughtUpFunction").get(0).payload().path("phase").asText()).isEqualTo("CATCH_UP");

        // the validation passes: batch indices from the plan, each batch's budget under the function's 900 s
        assertThat(m.callsOf("ValidateBatchFunction")).extracting(c -> c.payload().path("pass").asText() + "/" + c.payload().path("batch").asInt())
                .containsExactlyInAnyOrder("pre-freeze/0", "pre-freeze/1", "pre-freeze/2", "catch-up/0", "catch-up/1", "catch-up/2",
                        "post-freeze/0", "post-freeze/1", "post-freeze/2");
        assertThat(m.callsOf("ValidateBatchFunction")).allSatisfy(c -> assertThat(c.payload().path("budgetSeconds").asInt()).isEqualTo(780));
        assertThat(m.callsOf("PlanValidationFunction")).extracting(c -> c.payload().path("pass").asText()).containsExactly("pre-freeze", "catch-up", "post-freeze");

        // the cutover-phase functions get the task as taskArn / taskId; polls start with no previous decision
        JsonNode drain = m.callsOf("ProveDrainFunction").get(0).payload();
        assertThat(drain.path("taskArn").asText()).isEqualTo(ScriptedMigration.TASK_ARN);
        assertThat(drain.path("poll").isNull()).isTrue();
        assertThat(m.callsOf("ApplyDeferredObjectsFunction").get(0).payload().at("/task/taskArn").asText()).isEqualTo(ScriptedMigration.TASK_ARN);
        assertThat(m.callsOf("RecreateForeignKeysFunction").get(0).payload().path("timeBudgetSeconds").asInt()).isEqualTo(780);

        // approvals: a fresh task token each, the evidence the approver needs
        JsonNode freeze = m.callsOf("RequestApprovalFunction").stream().filter(c -> c.payload().path("gate").asText().equals("FREEZE"))
                .findFirst().orElseThrow().payload();
        assertThat(freeze.path("taskToken").asText()).startsWith("tok-");
        assertThat(freeze.at("/evidence/readiness/blockers").asInt()).isZero();
        assertThat(freeze.at("/evidence/validation/summary").asText()).contains("pre-freeze");
        assertThat(freeze.at("/evidence/lag/decision").asText()).contains("caught up");
        JsonNode cutover = m.callsOf("RequestApprovalFunction").stream().filter(c -> c.payload().path("gate").asText().equals("CUTOVER"))
                .findFirst().orElseThrow().payload();
        assertThat(cutover.at("/evidence/validation/pass").asText()).isEqualTo("post-freeze");
        assertThat(cutover.at("/evidence/rollbackPosition/summary").asText()).contains("binlog.000042");
        assertThat(cutover.at("/evidence/drain/outcome").asText()).isEqualTo("DONE");
    }

    @Test
    void withCascadingForeignKeysTheTaskStopsAfterTheLoadIsCheckedForOrphansSwitchedAndResumed() {
        ScriptedMigration m = cascading();
        ExecutionResult result = m.run();

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.statesEntered()).containsSubsequence("4.1 Poll the full load", "4.3 Stopped after the full load?",
                "4.3 Check target before CDC", "4.4 Switch the target endpoint to the CDC init statements", "4.5 Resume the task for CDC",
                "5.1 Wait until CDC has caught up");
        assertThat(m.callsOf("PollFullLoadFunction").get(0).payload().path("stopsAfterFullLoad").asBoolean()).isTrue();
        assertThat(m.callsOf("CheckTargetForReplicationFunction")).extracting(c -> c.payload().path("checkOrphans").asBoolean())
                .containsExactly(false, true);
        JsonNode switched = m.callsOf("SetTargetInitStatementsFunction").get(0).payload();
        assertThat(switched.path("initStatements").asText()).as("cascades must act during CDC: checks on").isEmpty();
        assertThat(switched.at("/task/taskArn").asText()).isEqualTo(ScriptedMigration.TASK_ARN);
        assertThat(switched.at("/endpoints/targetEndpointArn").asText()).endsWith(":endpoint:TGT");
        assertThat(m.callsOf("StartReplicationFunction")).extracting(Call::state)
                .containsExactly("4 Start full load and CDC", "4.5 Resume the task for CDC");
    }

    /** What the foreign-key policy asks for when cascading constraints stay: the task stops after the load. */
    private static ScriptedMigration cascading() {
        return new ScriptedMigration()
                .results("BuildTaskSettingsFunction", r -> ((ObjectNode) r).put("stopsAfterFullLoad", true))
                .results("PollFullLoadFunction", r -> ((ObjectNode) r).put("status", "stopped"));
    }

    @Test
    void aNewExecutionThatFindsTheTaskStoppedAfterTheLoadSwitchesTheEndpointBeforeResumingIt() {
        // an earlier execution failed while the task waited, stopped after its load, for the switch
        ScriptedMigration m = cascading()
                .results("PollTaskStatusFunction", r -> "ready".equals(r.path("status").asText()) ? ((ObjectNode) r).put("status", "stopped") : r);
        ExecutionResult result = m.run();

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.statesEntered()).doesNotContain("3.5 Start pre-migration assessment", "4 Start full load and CDC")
                .containsSubsequence("4 Start the task?", "4.1 Poll the full load", "4.3 Check target before CDC",
                        "4.4 Switch the target endpoint to the CDC init statements", "4.5 Resume the task for CDC");
        assertThat(m.callsOf("StartReplicationFunction")).extracting(Call::state).containsExactly("4.5 Resume the task for CDC");
    }

    @Test
    void orphanRowsBeforeCdcStopTheMigrationWithTheTaskStillStopped() {
        ScriptedMigration m = cascading()
                .then("CheckTargetForReplicationFunction", Json.parse("""
                        {"ok": true, "triggers": 0, "enabledEvents": 0, "foreignKeysOnTarget": 2, "foreignKeyProblems": 0, "orphanRows": 0,
                         "blockers": [], "reportKey": "k", "summary": "target ready"}"""), Json.parse("""
                        {"ok": false, "triggers": 0, "enabledEvents": 0, "foreignKeysOnTarget": 2, "foreignKeyProblems": 0, "orphanRows": 3,
                         "blockers": ["3 row(s) of shop.order_items reference no parent"], "reportKey": "k",
                         "summary": "1 blocker(s): 3 row(s) of shop.order_items reference no parent"}"""));
        ExecutionResult result = m.run();

        assertThat(result.error()).isEqualTo("Cutover.TargetNotReadyForCdc");
        assertThat(result.cause()).contains("reference no parent");
        assertThat(m.callsOf("SetTargetInitStatementsFunction")).isEmpty();
        assertThat(m.notified()).containsExactly("STARTED", "FAILED");
    }

    @Test
    void aReadinessBlockerIsReportedAndNothingIsChanged() {
        ScriptedMigration m = new ScriptedMigration().results("CheckSourceReadinessFunction", r -> ((ObjectNode) r).put("blockers", 1)
                .put("summary", "source: 1 blocker(s): BLOCKER bl-binlog-format-row binlog_format is MIXED\n"));
        ExecutionResult result = m.run();

        assertThat(result.error()).isEqualTo("Cutover.ReadinessBlocked");
        assertThat(result.cause()).contains("bl-binlog-format-row");
        assertThat(result.statesEntered()).endsWith("1 Any readiness blockers?", "1 Notify: blocked by readiness checks", "Blocked by readiness checks");
        assertThat(m.notified()).containsExactly("STARTED", "BLOCKED");
        assertThat(m.lastNotification("BLOCKED").body()).contains("binlog_format is MIXED").contains("Nothing was changed");
        assertThat(m.statesCalled()).doesNotContain("2.5 Create target schema");
    }

    // ---- the freeze approval ------------------------------------------------------------------------------

    @Test
    void aRejectedFreezeStopsTheMigrationWithNothingFrozen() {
        ScriptedMigration m = new ScriptedMigration().decide(Gate.FREEZE, Decision.REJECT);
        ExecutionResult result = m.run();

        assertThat(result.error()).isEqualTo("Cutover.ApprovalRejected");
        assertThat(result.cause()).contains("Ana Lima").contains("REJECTED");
        assertThat(m.callsOf(FREEZE)).isEmpty();
        assertThat(m.callsOf(UNFREEZE)).isEmpty();
        assertThat(m.notified()).containsExactly("STARTED", "FAILED");
        assertThat(m.lastNotification("FAILED").body()).contains("Cutover.ApprovalRejected").contains("Nothing was changed on the source");
    }

    @Test
    void anUnansweredFreezeApprovalTimesOutAfterTheConfiguredTimeWithNothingFrozen() {
        ScriptedMigration m = new ScriptedMigration().decide(Gate.FREEZE, Decision.NONE)
                .config(c -> ((ObjectNode) c.path("approval")).put("freezeTimeoutSeconds", 1));
        ExecutionResult result = m.run();

        assertThat(result.error()).isEqualTo("States.Timeout");
        assertThat(result.statesEntered()).containsSubsequence("5.2 Freeze approval", "Notify: failed before the freeze");
        assertThat(m.callsOf(FREEZE)).isEmpty();
        ExecutionEvent asked = result.eventsOfType("StateEntered").stream().filter(e -> e.stateName().equals("5.2 Freeze approval")).findFirst().orElseThrow();
        ExecutionEvent reported = result.eventsOfType("StateEntered").stream().filter(e -> e.stateName().equals("Notify: failed before the freeze"))
                .findFirst().orElseThrow();
        assertThat(reported.timestamp() - asked.timestamp()).as("TimeoutSecondsPath read from the state input").isBetween(900L, 20_000L);
    }

    // ---- the cutover approval -----------------------------------------------------------------------------

    @Test
    void aRejectedCutoverUnfreezesTheSourceStopsTheTaskAndReportsWhatWasDone() {
        ScriptedMigration m = new ScriptedMigration().decide(Gate.CUTOVER, Decision.REJECT);
        ExecutionResult result = m.run();

        assertThat(result.error()).isEqualTo("Cutover.RolledBack");
        assertThat(result.statesEntered()).containsSubsequence("5.5 Cutover approval", "R1 Restore the write state of the source",
                "R2 Stop or keep the DMS task?", "R2 Stop the DMS task (rollback)", "R3 Summarize the rollback", "R3 Notify: rolled back",
                "Rolled back");
        assertThat(m.callsOf(UNFREEZE)).hasSize(1);
        assertThat(m.callsOf("StopTaskFunction")).extracting(Call::state).containsExactly("R2 Stop the DMS task (rollback)");
        assertThat(m.statesCalled()).doesNotContain("5.5 Stop the DMS task (cutover point)");
        assertThat(m.notified()).containsExactly("STARTED", "FROZEN", "ROLLED_BACK");
        Notification rolledBack = m.lastNotification("ROLLED_BACK");
        assertThat(rolledBack.body()).contains("Cutover.ApprovalRejected").contains("read_only restored to OFF")
                .contains("asked to stop").contains("What to do next");
        assertThat(result.cause()).contains("Rolled back because of Cutover.ApprovalRejected");
    }

    @Test
    void anUnansweredCutoverApprovalTimesOutAndRollsBackKeepingTheTaskWhenConfigured() {
        ScriptedMigration m = new ScriptedMigration().decide(Gate.CUTOVER, Decision.NONE)
                .config(c -> {
                    ((ObjectNode) c.path("approval")).put("cutoverTimeoutSeconds", 1);
                    ((ObjectNode) c.path("cutover")).put("dmsTaskOnRollback", "KEEP");
                });
        ExecutionResult result = m.run();

        assertThat(result.error()).isEqualTo("Cutover.RolledBack");
        assertThat(result.cause()).contains("States.Timeout");
        assertThat(result.statesEntered()).contains("R2 Keep the DMS task").doesNotContain("R2 Stop the DMS task (rollback)");
        assertThat(m.callsOf(UNFREEZE)).hasSize(1);
        assertThat(m.callsOf("StopTaskFunction")).isEmpty();
        assertThat(m.lastNotification("ROLLED_BACK").body()).contains("left as it is");
    }

    // ---- the application switch ---------------------------------------------------------------------------

    @Test
    void theSwitchRunsAfterReadyToSwitchAndItsAcknowledgementOpensTheRollbackWindow() {
        ScriptedMigration m = new ScriptedMigration()
                .results("ApplicationSwitchFunction", r -> ((ObjectNode) r).put("acknowledge", true));
        ExecutionResult result = m.run();

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.statesEntered()).containsSubsequence("8 Notify: ready to switch", "8.1 Switch the application",
                "8.2 Acknowledgement asked?", "8.2 Confirm that the application writes to the target", "8 Rollback window?",
                "8 Rollback window");
        assertThat(m.callsOf("RequestApprovalFunction")).extracting(c -> c.payload().path("gate").asText())
                .containsExactly("FREEZE", "CUTOVER", "SWITCH", "ROLLBACK");
        List<Call> switches = m.callsOf("ApplicationSwitchFunction");
        assertThat(switches).extracting(c -> c.payload().path("direction").asText()).containsExactly("SWITCH");
        assertThat(switches.get(0).payload().at("/evidence/snapshot/snapshotId").asText()).isEqualTo("cutover-orders-prod-pre-switch");
        JsonNode ack = m.callsOf("RequestApprovalFunction").stream().filter(c -> c.payload().path("gate").asText().equals("SWITCH"))
                .findFirst().orElseThrow().payload();
        assertThat(ack.at("/evidence/switch/summary").asText()).isNotBlank();
        assertThat(m.callsOf(UNFREEZE)).isEmpty();
    }

    @Test
    void withoutAnAcknowledgementAskedTheWindowStartsRightAfterTheSwitch() {
        ScriptedMigration m = new ScriptedMigration();
        ExecutionResult result = m.run();

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.statesEntered()).containsSubsequence("8.1 Switch the application", "8.2 Acknowledgement asked?",
                "8 Rollback window?").doesNotContain("8.2 Confirm that the application writes to the target");
    }

    @Test
    void aRejectedAcknowledgementRollsBackAndReversesTheSwitch() {
        ScriptedMigration m = new ScriptedMigration().decide(Gate.SWITCH, Decision.REJECT)
                .results("ApplicationSwitchFunction", r -> ((ObjectNode) r).put("acknowledge", true));
        ExecutionResult result = m.run();

        assertThat(result.error()).isEqualTo("Cutover.RolledBack");
        assertThat(result.statesEntered()).containsSubsequence("8.2 Confirm that the application writes to the target",
                "R1 Restore the write state of the source", "R1 Reverse the application switch", "R2 Stop or keep the DMS task?",
                "R3 Notify: rolled back").doesNotContain("8 Rollback window");
        assertThat(m.callsOf("ApplicationSwitchFunction")).extracting(c -> c.payload().path("direction").asText())
                .containsExactly("SWITCH", "REVERSE");
        assertThat(m.callsOf(UNFREEZE)).hasSize(1);
        assertThat(m.lastNotification("ROLLED_BACK").body()).contains("Cutover.ApprovalRejected")
                .contains("The application switch had not been made");
    }

    @Test
    void aRollbackBeforeTheSwitchStillAsksForTheReversalWhichFindsNothing() {
        ScriptedMigration m = new ScriptedMigration().decide(Gate.CUTOVER, Decision.REJECT);
        m.run();
        assertThat(m.callsOf("ApplicationSwitchFunction")).extracting(c -> c.payload().path("direction").asText())
                .containsExactly("REVERSE");
    }

    // ---- the rollback window ------------------------------------------------------------------------------

    @Test
    void aRollbackDecidedDuringTheWindowRestoresTheSourcesWriteState() {
        ScriptedMigration m = new ScriptedMigration().decide(Gate.ROLLBACK, Decision.APPROVE)
                .results("RollbackWindowFunction", r -> Json.tree(PollDecision.continueAfter(60, r.path("attempt").asInt(), "window open")));
        ExecutionResult result = m.run();

        assertThat(result.error()).isEqualTo("Cutover.RolledBack");
        assertThat(result.statesEntered()).containsSubsequence("8 Notify: ready to switch", "8 Rollback window", "8a Ask whether to roll back",
                "8a Roll back decided", "R1 Restore the write state of the source", "R3 Notify: rolled back");
        assertThat(m.callsOf(UNFREEZE)).hasSize(1);
        assertThat(m.notified()).containsExactly("STARTED", "FROZEN", "CUT_OVER", "READY_TO_SWITCH", "ROLLED_BACK");
        assertThat(m.lastNotification("ROLLED_BACK").body()).contains("Cutover.RollbackRequested").contains("Ana Lima")
                .contains("not on the source");
        JsonNode request = m.callsOf("RequestApprovalFunction").stream().filter(c -> c.payload().path("gate").asText().equals("ROLLBACK"))
                .findFirst().orElseThrow().payload();
        assertThat(request.at("/evidence/snapshot/snapshotId").asText()).isEqualTo("cutover-orders-prod-pre-switch");
        assertThat(request.at("/evidence/window/hours").asDouble()).isEqualTo(24.0);
    }

    @Test
    void aDeclinedRollbackClosesTheWindowEarlyAndTheSourceStaysReadOnly() {
        ScriptedMigration m = new ScriptedMigration().decide(Gate.ROLLBACK, Decision.REJECT)
                .results("RollbackWindowFunction", r -> Json.tree(PollDecision.continueAfter(60, r.path("attempt").asInt(), "window open")));
        ExecutionResult result = m.run();

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.statesEntered()).containsSubsequence("8a Ask whether to roll back", "8a Window closed early",
                "9 Wait before the post-go-live checks", "Migration complete");
        assertThat(m.callsOf(UNFREEZE)).isEmpty();
    }

    @Test
    void withoutADecisionTheWindowEndsWhenTheReadOnlyWatchSaysSo() {
        ScriptedMigration m = new ScriptedMigration()
                .then("RollbackWindowFunction", Json.tree(PollDecision.continueAfter(900, 1, "86400 s left")),
                        Json.tree(PollDecision.continueAfter(900, 2, "85500 s left")));
        ExecutionResult result = m.run();

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(m.callsOf("RollbackWindowFunction")).hasSize(3);
        assertThat(m.callsOf("RollbackWindowFunction").get(1).payload().at("/poll/attempt").asInt()).as("the previous decision").isEqualTo(1);
        assertThat(result.statesEntered()).containsSubsequence("8b Check that the source stays read-only", "8b Wait while the window lasts",
                "8b Check that the source stays read-only", "8b Window over", "9.1 Validate the schema after go-live");
        assertThat(m.callsOf(UNFREEZE)).isEmpty();
    }

    @Test
    void aSourceMadeWritableDuringTheWindowIsReportedLoudlyAndNothingIsRolledBack() {
        ScriptedMigration m = new ScriptedMigration().then("RollbackWindowFunction",
                Json.tree(PollDecision.failed(1, "the source is no longer read-only during the rollback window")));
        ExecutionResult result = m.run();

        assertThat(result.error()).isEqualTo("Cutover.SourceWritableInRollbackWindow");
        assertThat(m.notified()).endsWith("READY_TO_SWITCH", "FAILED");
        assertThat(m.lastNotification("FAILED").body()).contains("after the application switch").contains("no longer read-only");
        assertThat(m.callsOf(UNFREEZE)).isEmpty();
    }

    @Test
    void withoutARollbackWindowThePostGoLiveChecksFollowTheSwitch() {
        ScriptedMigration m = new ScriptedMigration().input(i -> ((ObjectNode) i.path("cutover")).put("rollbackWindowHours", 0));
        ExecutionResult result = m.run();

        assertThat(result.succeeded()).isTrue();
        assertThat(result.statesEntered()).doesNotContain("8 Rollback window").containsSubsequence("8 Rollback window?", "9 Wait before the post-go-live checks");
        assertThat(gates(m)).containsExactly("FREEZE", "CUTOVER");
    }

    // ---- loops and their budgets --------------------------------------------------------------------------

    @Test
    void aFullLoadErrorGetsOneResumeAndTheLoadGoesOnWhenItHelps() {
        ScriptedMigration m = new ScriptedMigration().then("PollFullLoadFunction", failedFullLoad(1));
        ExecutionResult result = m.run();

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(m.callsOf("StartReplicationFunction")).extracting(Call::state)
                .containsExactly("4 Start full load and CDC", "4.2 Resume the task after a load error");
        assertThat(m.callsOf("PollFullLoadFunction").get(1).payload().path("attempt").asInt()).as("the attempt count goes on").isEqualTo(1);
    }

    @Test
    void aSecondFullLoadErrorStopsTheMigration() {
        ScriptedMigration m = new ScriptedMigration().then("PollFullLoadFunction", failedFullLoad(1), failedFullLoad(2));
        ExecutionResult result = m.run();

        assertThat(result.error()).isEqualTo("Cutover.FullLoadFailed");
        assertThat(result.cause()).contains("shop.orders");
        assertThat(m.callsOf("StartReplicationFunction")).hasSize(2);
        assertThat(m.notified()).containsExactly("STARTED", "FAILED");
    }

    private static JsonNode failedFullLoad(int attempt) {
        ObjectNode r = (ObjectNode) Json.parse("""
                {"status": "running", "tablesLoaded": 39, "tablesLoading": 0, "tablesQueued": 0, "tablesErrored": 1,
                 "erroredTables": [{"table": "shop.orders", "error": "Data truncated"}], "tracker": null}""");
        r.set("decision", Json.tree(PollDecision.failed(attempt, "1 table(s) failed to load: shop.orders (Data truncated)")));
        return r;
    }

    @Test
    void theSchemaLoopStopsAfterItsBudgetOfCalls() {
        ScriptedMigration m = new ScriptedMigration().results("CreateTargetSchemaFunction", r -> ((ObjectNode) r).put("complete", false).put("ok", false));
        ExecutionResult result = m.run();

        assertThat(result.error()).isEqualTo("Cutover.SchemaBudgetSpent");
        assertThat(m.callsOf("CreateTargetSchemaFunction")).hasSize(21);
        assertThat(m.callsOf("CreateTargetSchemaFunction")).allSatisfy(c -> assertThat(c.payload().path("timeBudgetSeconds").asInt()).isEqualTo(780));
    }

    @Test
    void aValidationBatchThatNeverCompletesAfterTheFreezeRollsBack() {
        ScriptedMigration m = new ScriptedMigration().results("ValidateBatchFunction",
                r -> r.path("pass").asText().equals("post-freeze") ? ((ObjectNode) r).put("complete", false) : r);
        ExecutionResult result = m.run();

        assertThat(result.error()).isEqualTo("Cutover.RolledBack");
        // the batches run in a child execution: its failure reaches the migration as States.TaskFailed, and the
        // ROLLED_BACK message names the child's own error
        assertThat(result.cause()).contains("States.TaskFailed");
        assertThat(m.lastNotification("ROLLED_BACK").body()).contains("child execution").contains("Cutover.ValidationBudgetSpent");
        long postFreezeCalls = m.callsOf("ValidateBatchFunction").stream().filter(c -> c.payload().path("pass").asText().equals("post-freeze")).count();
        assertThat(postFreezeCalls).as("a batch is called at most 49 times").isBetween(49L, 3 * 49L);
        assertThat(m.callsOf(UNFREEZE)).hasSize(1);
    }

    @Test
    void deferredObjectsAndForeignKeysLoopWhileIncompleteAndRollBackPastTheirBudget() {
        ScriptedMigration m = new ScriptedMigration()
                .then("ApplyDeferredObjectsFunction", Json.parse("{\"ok\": false, \"complete\": false, \"objects\": 5, \"present\": 2, "
                        + "\"different\": 0, \"failed\": 0, \"warnings\": [], \"reportKey\": \"k\", \"scriptKey\": \"s\", \"summary\": \"2 of 5\"}"))
                // the first two calls are the orphan scan before the freeze and its catch-up: clean
                .then("RecreateForeignKeysFunction", Json.parse("{\"ok\": true, \"complete\": true, \"foreignKeys\": 12, \"present\": 0, "
                        + "\"different\": 0, \"blockedByOrphans\": 0, \"failed\": 0, \"orphanRows\": 0, \"countDifferences\": [], "
                        + "\"reportKey\": \"k\", \"summary\": \"12 foreign key(s) scanned on the source, no orphan row\"}"))
                .then("RecreateForeignKeysFunction", Json.parse("{\"ok\": true, \"complete\": true, \"foreignKeys\": 12, \"present\": 0, "
                        + "\"different\": 0, \"blockedByOrphans\": 0, \"failed\": 0, \"orphanRows\": 0, \"countDifferences\": [], "
                        + "\"reportKey\": \"k\", \"summary\": \"12 foreign key(s) scanned on the source, no orphan row\"}"))
                .results("RecreateForeignKeysFunction", r -> ((ObjectNode) r).put("complete", false).put("ok", false));
        ExecutionResult result = m.run();

        assertThat(m.callsOf("ApplyDeferredObjectsFunction")).hasSize(2);
        assertThat(m.callsOf("RecreateForeignKeysFunction")).filteredOn(c -> c.state().equals("6.2 Recreate foreign keys")).hasSize(21);
        assertThat(result.error()).isEqualTo("Cutover.RolledBack");
        assertThat(result.cause()).contains("Cutover.ForeignKeysFailed");
    }

    /** The lag is read again after the freeze approval: grown back above the threshold, nothing is frozen. */
    @Test
    void aLagThatGrewBackWhileTheFreezeWaitedForApprovalRefusesTheFreeze() {
        String caughtUp = """
                {"decision": {"outcome": "DONE", "waitSeconds": 0, "attempt": 3, "reason": "caught up: lag 1 s ≤ 5 s, held 120 s"},
                 "window": {"recent": [], "bounces": 0}, "sample": {"at": "2026-11-25T02:00:00Z", "inserts": 1, "updates": 0, "deletes": 0, "ddls": 0}}""";
        String grown = """
                {"decision": {"outcome": "FAILED", "waitSeconds": 0, "attempt": 1, "reason": "the lag grew back above the threshold while the freeze waited for approval: lag 48 s > 5 s; nothing was frozen"},
                 "window": {"recent": [], "bounces": 1}, "sample": {"at": "2026-11-25T03:00:00Z", "inserts": 9, "updates": 0, "deletes": 0, "ddls": 0}}""";
        ScriptedMigration m = new ScriptedMigration().then("PollCdcCaughtUpFunction", Json.parse(caughtUp), Json.parse(grown));
        ExecutionResult result = m.run();

        assertThat(result.error()).isEqualTo("Cutover.LagAboveThresholdAtApproval");
        assertThat(result.cause()).contains("lag 48 s > 5 s");
        assertThat(m.callsOf("PollCdcCaughtUpFunction")).extracting(c -> c.payload().path("phase").asText())
                .containsExactly("CATCH_UP", "RECHECK");
        assertThat(m.callsOf("PollCdcCaughtUpFunction").get(1).payload().path("window").isObject()).isTrue();
        assertThat(m.callsOf(FREEZE)).isEmpty();
        assertThat(m.callsOf(UNFREEZE)).isEmpty();
    }

    @Test
    void aPollThatSpendsItsBudgetBeforeTheFreezeIsReportedAndAfterItRollsBack() {
        ScriptedMigration before = new ScriptedMigration().then("PollCdcCaughtUpFunction", Json.parse("""
                {"decision": {"outcome": "FAILED", "waitSeconds": 0, "attempt": 776, "reason": "CDC never held within 5 s for 120 s in 776 polls"},
                 "window": {"recent": [], "bounces": 3}, "sample": {"at": "2026-11-25T02:00:00Z", "inserts": 1, "updates": 0, "deletes": 0, "ddls": 0}}"""));
        ExecutionResult beforeResult = before.run();
        assertThat(beforeResult.error()).isEqualTo("Cutover.CdcNotCaughtUp");
        assertThat(beforeResult.cause()).contains("776 polls");
        assertThat(before.callsOf(FREEZE)).isEmpty();

        ScriptedMigration after = new ScriptedMigration().then("ProveDrainFunction", Json.tree(PollDecision.continueAfter(2, 1, "marker not yet")),
                Json.tree(PollDecision.failed(2, "the drain was not proven within 600 s")));
        ExecutionResult afterResult = after.run();
        assertThat(afterResult.error()).isEqualTo("Cutover.RolledBack");
        assertThat(afterResult.cause()).contains("Cutover.DrainNotProven");
        assertThat(after.callsOf("ProveDrainFunction").get(1).payload().at("/poll/attempt").asInt()).isEqualTo(1);
        assertThat(after.callsOf(UNFREEZE)).hasSize(1);
    }

    // ---- retries and redrive ------------------------------------------------------------------------------

    @Test
    void transientErrorsAreRetriedThenTheMigrationGoesOn() {
        ScriptedMigration m = new ScriptedMigration()
                .failAt("5.2 Freeze writes on source", "io.cutover.core.error.TransientDatabaseException", 2)
                .failAt("4.1 Poll the full load", "Lambda.TooManyRequestsException", 1)
                .failAt("5.5 Stop the DMS task (cutover point)", "io.cutover.core.error.ReplicationNotReadyException", 1);
        ExecutionResult result = m.run();

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.eventsOfType("StateRetried")).extracting(ExecutionEvent::stateName).containsExactlyInAnyOrder(
                "5.2 Freeze writes on source", "5.2 Freeze writes on source", "4.1 Poll the full load", "5.5 Stop the DMS task (cutover point)");
        assertThat(m.callsOf(FREEZE)).hasSize(3);
        assertThat(m.callsOf(UNFREEZE)).isEmpty();
    }

    @Test
    void aRedriveFromTheFailedStateWithItsInputContinuesWithoutRedoingWhatSucceeded() {
        ScriptedMigration first = new ScriptedMigration().failAt("3.4 Create DMS task");
        ExecutionResult failed = first.run();
        assertThat(failed.status()).isEqualTo("FAILED");
        assertThat(failed.error()).isEqualTo(INJECTED);

        // the cause fixed: the same state with the input it had then
        ScriptedMigration second = new ScriptedMigration();
        ExecutionResult redriven = second.redrive(failed, "3.4 Create DMS task");

        assertThat(redriven.succeeded()).as(redriven.toString()).isTrue();
        assertThat(redriven.statesEntered().get(0)).isEqualTo("3.4 Create DMS task");
        assertThat(second.statesCalled()).doesNotContain("Validate input", "1.1 Check source readiness", "2.5 Create target schema");
        assertThat(second.callsOf("CreateTaskFunction").get(0).payload().path("taskSettingsKey").asText()).endsWith("task-settings.json");
        assertThat(second.callsOf(FREEZE)).hasSize(1);
    }

    @Test
    void aRestoreThatKeepsFailingStopsAtItsOwnStateSoThatARedriveFinishesTheRollback() {
        ScriptedMigration first = new ScriptedMigration().decide(Gate.CUTOVER, Decision.REJECT)
                .failAt("R1 Restore the write state of the source")
                .failAt("R1 Restore the write state of the source (after the alarm)");
        ExecutionResult failed = first.run();
        String state = "R1 Restore the write state of the source (after the alarm)";
        assertThat(failed.error()).isEqualTo(INJECTED);
        assertThat(failed.statesEntered()).last().isEqualTo(state);
        assertThat(first.notified()).endsWith("ROLLBACK_FAILED");
        assertThat(first.lastNotification("ROLLBACK_FAILED").body()).contains("redrive").contains("read_only");
        assertThat(failed.eventsOfType("StateRetried")).filteredOn(e -> e.stateName().equals(state)).hasSize(8);

        ScriptedMigration second = new ScriptedMigration();
        ExecutionResult redriven = second.redrive(failed, state);
        assertThat(redriven.error()).isEqualTo("Cutover.RolledBack");
        assertThat(second.callsOf(UNFREEZE)).hasSize(1);
        assertThat(second.notified()).containsExactly("ROLLED_BACK");
    }

    // ---- dry run ------------------------------------------------------------------------------------------

    @Test
    void aDryRunGoesUpToTheFreezeReportsAndFreezesNothing() {
        ScriptedMigration m = new ScriptedMigration().input(i -> i.put("dryRun", true));
        ExecutionResult result = m.run();

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.statesEntered()).containsSubsequence("5.1 Wait until CDC has caught up", "5.1.4 Summarize the validation (before the freeze)",
                "Dry run?", "Dry run: build the report", "Dry run: notify", "Dry run complete");
        assertThat(result.statesEntered()).doesNotContain("5.2 Freeze approval");
        assertThat(m.callsOf(FREEZE)).isEmpty();
        assertThat(m.callsOf("RequestApprovalFunction")).isEmpty();
        assertThat(m.notified()).containsExactly("STARTED", "DRY_RUN_COMPLETE");
        assertThat(m.lastNotification("DRY_RUN_COMPLETE").body()).contains("Nothing was frozen").contains("40 table(s) loaded")
                .contains("pre-freeze: 40 tables identical").contains("cutover-orders-prod");
        assertThat(result.output().at("/report/summary").asText()).contains("Readiness: 0 blocker(s)");
    }

    @Test
    void withoutTheValidationBeforeTheFreezeTheApproverIsToldItDidNotRun() {
        ScriptedMigration m = new ScriptedMigration().input(i -> ((ObjectNode) i.path("cutover").path("validation")).put("preFreezePass", false));
        ExecutionResult result = m.run();

        assertThat(result.succeeded()).isTrue();
        assertThat(m.callsOf("PlanValidationFunction")).extracting(c -> c.payload().path("pass").asText()).containsExactly("post-freeze");
        JsonNode freeze = m.callsOf("RequestApprovalFunction").get(0).payload();
        assertThat(freeze.at("/evidence/validation/summary").asText()).contains("not run");
    }
}
