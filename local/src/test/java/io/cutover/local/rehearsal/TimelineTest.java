package io.cutover.local.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.json.Json;
import io.cutover.local.asl.ExecutionEvent;
import io.cutover.local.asl.ExecutionResult;
import io.cutover.local.rehearsal.Invocations.Invocation;
import io.cutover.local.rehearsal.Rehearsal.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timeline and the freeze window, from recorded calls and events (no servers, no state machine). */
class TimelineTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private final List<Invocation> calls = new ArrayList<>();
    private final List<ExecutionEvent> events = new ArrayList<>();

    private static Instant at(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    private void call(String handler, String state, double from, double to, String result, String... asked) {
        ObjectNode payload = Json.object();
        for (int i = 0; i < asked.length; i += 2) {
            payload.put(asked[i], asked[i + 1]);
        }
        JsonNode r = result == null ? null : Json.parse(result);
        calls.add(new Invocation(handler + "Function", "io.cutover.x." + handler, state, payload, at(from), at(to), r, null));
    }

    private void poll(String handler, String state, double from, double to, String outcome, String... asked) {
        call(handler, state, from, to, "{\"decision\":{\"outcome\":\"" + outcome + "\",\"waitSeconds\":2,\"reason\":\"r\"}}", asked);
    }

    private void event(String type, String state, double at) {
        ObjectNode raw = Json.object();
        raw.put("type", type);
        raw.putObject("state").put("name", state);
        raw.put("timestamp", at(at).toEpochMilli());
        events.add(new ExecutionEvent(type, state, "Task", null, null, null, null, at(at).toEpochMilli(), raw));
    }

    /** A migration to the freeze and through the drain and post-freeze validation; the cutover gate follows in each test. */
    private void upToTheCutoverGate() {
        call("ValidateInputHandler", "Validate input", 0, 1, "{}");
        call("CheckSourceReadinessHandler", "1.1", 1, 2, "{\"summary\":\"ok\"}");
        call("CheckTargetReadinessHandler", "1.2", 1, 3, "{\"summary\":\"ok\"}");
        call("CreateTargetSchemaHandler", "2.5", 3, 4, "{\"ok\":true}");
        call("EnsureEndpointsHandler", "3.1", 4, 5, "{}");
        call("CreateTaskHandler", "3.4", 5, 6, "{\"taskArn\":\"arn\",\"taskId\":\"t\"}");
        call("StartReplicationHandler", "4", 6, 6.1, "{}");
        poll("PollFullLoadHandler", "4.1", 6.1, 6.2, "CONTINUE");
        poll("PollFullLoadHandler", "4.1", 9.9, 10, "DONE");
        poll("PollCdcCaughtUpHandler", "5.1", 11, 12, "DONE", "phase", "CATCH_UP");
        call("PlanValidationHandler", "5.3a", 12, 12.8, "{}", "pass", "pre-freeze");
        call("RecreateForeignKeysHandler", "5.1.4 orphans", 12.8, 13, "{\"ok\":true}", "step", "ORPHANS_BEFORE_FREEZE");
        call("RequestApprovalHandler", "Freeze approval", 13, 13.1, "{}", "gate", "FREEZE");
        event("StateExited", "Freeze approval", 15);
        call("FreezeWritesHandler", "5.2 Freeze writes", 15, 16, "{\"frozen\":true}");
        call("NotifyHandler", "Notify frozen", 16, 16.05, "{}");
        poll("ProveDrainHandler", "5.5 Prove drain", 16.1, 16.2, "CONTINUE");
        poll("ProveDrainHandler", "5.5 Prove drain", 18, 18.1, "DONE");
        call("PlanValidationHandler", "5.3b", 18.2, 18.5, "{}", "pass", "post-freeze");
        call("ValidateBatchHandler", "5.3c", 18.5, 19, "{}", "pass", "post-freeze");
        call("SummarizeValidationHandler", "5.3d", 19, 19.2, "{\"pass\":\"post-freeze\",\"ok\":true,\"rowsCounted\":5000,\"rowsChecksummed\":12}",
                "pass", "post-freeze");
        call("RecordRollbackPositionHandler", "5.4", 19.3, 19.5, "{}");
        call("RequestApprovalHandler", "Cutover approval", 19.6, 19.7, "{}", "gate", "CUTOVER");
    }

    @Test
    void theFreezeWindowRunsFromTheFreezeToTheStoppedTaskAndSaysWhereTheSecondsWent() {
        upToTheCutoverGate();
        event("StateExited", "Cutover approval", 20);
        call("StopTaskHandler", "5.5 Stop task", 20.1, 20.3, "{\"stopRequested\":true}");
        poll("PollTaskStatusHandler", "5.5 Wait for stop", 20.3, 20.4, "CONTINUE", "awaiting", "STOPPED");
        poll("PollTaskStatusHandler", "5.5 Wait for stop", 22, 22.1, "DONE", "awaiting", "STOPPED");
        call("ExtractDeferredObjectsHandler", "6.1a", 22.2, 22.5, "{}");
        call("RecreateForeignKeysHandler", "6.2", 22.5, 22.8, "{}");
        call("ValidateSchemaHandler", "6.3", 22.8, 23, "{\"ok\":true}");
        call("CreateSnapshotHandler", "7 Record the restore point", 23, 23.9, "{}", "step", "RESTORE_POINT");
        call("NotifyHandler", "8 Ready", 23.9, 23.95, "{}", "event", "READY_TO_SWITCH");
        // the wait for the restorable time and the snapshot after READY_TO_SWITCH: not application downtime
        poll("PollSnapshotHandler", "7 Poll the restorable time", 23.95, 23.96, "DONE", "step", "RESTORE_POINT");
        call("CreateSnapshotHandler", "7 Snapshot the target cluster", 23.96, 23.97, "{}", "step", "SNAPSHOT");
        poll("PollSnapshotHandler", "7 Poll the snapshot", 23.97, 24, "DONE", "step", "SNAPSHOT");
        call("RequestApprovalHandler", "8a Ask whether to roll back", 24, 24.05, "{}", "gate", "ROLLBACK");
        poll("RollbackWindowHandler", "8b", 24.05, 24.1, "DONE");
        call("ValidateSchemaHandler", "9.1 Validate the schema after go-live", 25, 25.5, "{\"ok\":true}");

        Timeline t = Timeline.of(calls, events, T0, at(26));

        assertThat(t.phases()).extracting(Timeline.Phase::name).containsExactly("Validate input", "Readiness checks", "Prepare the target",
                "Replication set-up", "Full load", "CDC catch-up", "Pre-freeze validation", "Orphan scan (source)", "Freeze approval", "Write freeze", "Drain proof",
                "Post-freeze validation", "Rollback position", "Cutover approval", "Stop DMS (cutover point)", "Deferred objects",
                "Foreign keys", "Schema validation", "Restore point", "Restorable time", "Snapshot", "Rollback window", "Post-go-live checks");
        assertThat(t.phases().get(4).duration().toMillis()).as("full load: start to the CDC poll").isEqualTo(5000);
        assertThat(t.phases().get(10).name()).isEqualTo("Drain proof");
        assertThat(t.phases().get(10).start()).as("the notification after the freeze stays in the freeze phase").isEqualTo(at(16.1));

        Timeline.FreezeWindow w = t.freezeWindow().orElseThrow();
        assertThat(w.endedAtCutoverPoint()).isTrue();
        assertThat(w.frozenAt()).isEqualTo(at(16));
        assertThat(w.endedAt()).isEqualTo(at(22.1));
        assertThat(w.seconds()).isEqualTo(6.1);
        assertThat(w.parts()).containsExactly(java.util.Map.entry("drain proof", 2.1), java.util.Map.entry("post-freeze validation", 1.0),
                java.util.Map.entry("rollback position", 0.2), java.util.Map.entry("cutover approval", 0.4), java.util.Map.entry("stop DMS", 2.0));
        assertThat(w.other()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.render()).contains("Write-freeze window: 6.1 s (freeze → cutover point)").contains("drain proof").contains("Restore point").contains("Snapshot");

        Timeline.Downtime d = t.downtime().orElseThrow();
        assertThat(d.endedReadyToSwitch()).isTrue();
        assertThat(d.frozenAt()).isEqualTo(at(16));
        assertThat(d.endedAt()).as("the READY_TO_SWITCH notification is sent").isEqualTo(at(23.95));
        assertThat(d.seconds()).isEqualTo(7.95);
        assertThat(d.parts()).containsOnlyKeys("write freeze", "drain proof", "post-freeze validation", "rollback position", "cutover approval",
                "stop dms (cutover point)", "deferred objects", "foreign keys", "schema validation", "restore point");
        assertThat(d.parts()).containsEntry("write freeze", 0.1).containsEntry("cutover approval", 0.5).containsEntry("foreign keys", 0.3)
                .containsEntry("restore point", 0.95).as("the wait for the restorable time and the snapshot come after READY_TO_SWITCH")
                .doesNotContainKeys("restorable time", "snapshot");
        assertThat(d.parts().values().stream().mapToDouble(Double::doubleValue).sum()).as("the parts make up the whole")
                .isCloseTo(d.seconds(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.render()).contains("Application downtime: 8.0 s (freeze → ready to switch");

        ExecutionResult ok = new ExecutionResult("SUCCEEDED", null, null, null, events);
        assertThat(Rehearsal.outcome(ok, calls, t)).isEqualTo(Outcome.MIGRATED);
        assertThat(Rehearsal.rowsValidated(calls)).containsEntry("post-freeze counted", 5000L).containsEntry("post-freeze checksummed", 12L);
    }

    @Test
    void withTheCutoverApprovedAtTheFreezeTheStopIsTheCutoverPointAndNoApprovalWaitCounts() {
        upToTheCutoverGate();
        calls.remove(calls.size() - 1); // no cutover gate: the freeze approval gave the cutover approval in advance
        event("StateExited", "5.5 Cutover approved at the freeze", 19.55);
        call("StopTaskHandler", "5.5 Stop task", 19.6, 19.8, "{\"stopRequested\":true}");
        poll("PollTaskStatusHandler", "5.5 Wait for stop", 19.8, 19.9, "DONE", "awaiting", "STOPPED");
        call("CreateSnapshotHandler", "7", 20, 20.5, "{}");
        call("NotifyHandler", "8 Ready", 20.5, 20.6, "{}", "event", "READY_TO_SWITCH");

        Timeline t = Timeline.of(calls, events, T0, at(21));

        Timeline.FreezeWindow w = t.freezeWindow().orElseThrow();
        assertThat(w.endedAtCutoverPoint()).isTrue();
        assertThat(w.endedAt()).isEqualTo(at(19.9));
        assertThat(w.parts()).doesNotContainKey("cutover approval").containsEntry("stop DMS", 0.3);
        Timeline.Downtime d = t.downtime().orElseThrow();
        assertThat(d.endedReadyToSwitch()).isTrue();
        assertThat(d.seconds()).isEqualTo(4.6);
        assertThat(d.parts()).doesNotContainKey("cutover approval").containsEntry("stop dms (cutover point)", 0.4);
        assertThat(Rehearsal.outcome(new ExecutionResult("SUCCEEDED", null, null, null, events), calls, t)).isEqualTo(Outcome.MIGRATED);
    }

    @Test
    void aRejectedCutoverEndsTheWindowAtTheUnfreezeAndIsARollback() {
        upToTheCutoverGate();
        event("StateFailed", "Cutover approval", 21);
        call("UnfreezeHandler", "Rollback: unfreeze", 21.1, 21.4, "{\"restored\":true,\"readOnly\":false}");
        call("StopTaskHandler", "Rollback: stop task", 21.5, 21.6, "{\"stopRequested\":true}");

        Timeline t = Timeline.of(calls, events, T0, at(22));

        assertThat(t.phases()).extracting(Timeline.Phase::name).endsWith("Cutover approval", "Rollback: unfreeze");
        Timeline.FreezeWindow w = t.freezeWindow().orElseThrow();
        assertThat(w.endedAtCutoverPoint()).isFalse();
        assertThat(w.endedAt()).isEqualTo(at(21.4));
        assertThat(w.parts()).doesNotContainKey("stop DMS").containsEntry("cutover approval", 1.4);
        assertThat(t.render()).contains("(freeze → unfreeze: the migration rolled back)");
        Timeline.Downtime d = t.downtime().orElseThrow();
        assertThat(d.endedReadyToSwitch()).isFalse();
        assertThat(d.endedAt()).as("writes go back to the source at the unfreeze").isEqualTo(at(21.4));
        assertThat(d.parts()).containsEntry("cutover approval", 1.5).doesNotContainKey("snapshot");
        assertThat(Rehearsal.outcome(new ExecutionResult("FAILED", null, "Cutover.ApprovalRejected", "", events), calls, t))
                .isEqualTo(Outcome.ROLLED_BACK_AFTER_FREEZE);
    }

    @Test
    void aMigrationThatStopsBeforeTheFreezeHasNoWindow() {
        call("ValidateInputHandler", "Validate input", 0, 1, "{}");
        call("CheckSourceReadinessHandler", "1.1", 1, 2, "{}");
        Timeline t = Timeline.of(calls, events, T0, at(3));
        assertThat(t.freezeWindow()).isEmpty();
        assertThat(t.downtime()).isEmpty();
        assertThat(t.phases()).extracting(Timeline.Phase::name).containsExactly("Validate input", "Readiness checks");
        assertThat(t.phases().get(1).end()).isEqualTo(at(3));
        assertThat(Rehearsal.outcome(new ExecutionResult("FAILED", null, "Cutover.ReadinessBlocked", "", events), calls, t))
                .isEqualTo(Outcome.BLOCKED);
        assertThat(Rehearsal.outcome(new ExecutionResult("FAILED", null, "Cutover.ApprovalRejected", "", events), calls, t))
                .isEqualTo(Outcome.STOPPED_BEFORE_FREEZE);
        assertThat(Rehearsal.outcome(new ExecutionResult("SUCCEEDED", io.cutover.core.json.Json.object(), null, null, events), calls, t))
                .as("only a dry run succeeds without a freeze").isEqualTo(Outcome.DRY_RUN);
        assertThat(Rehearsal.outcome(null, calls, t)).as("no result: the execution did not end").isEqualTo(Outcome.INCOMPLETE);
    }

    @Test
    void aFreezeWithoutUnfreezeOrCutoverIsIncomplete() {
        upToTheCutoverGate();
        Timeline t = Timeline.of(calls, events, T0, at(30));
        assertThat(t.freezeWindow().orElseThrow().endedAt()).isEqualTo(at(30));
        assertThat(Rehearsal.outcome(new ExecutionResult("FAILED", null, "States.Timeout", "", events), calls, t)).isEqualTo(Outcome.INCOMPLETE);
    }
}
