package io.cutover.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.json.Json;
import io.cutover.core.poll.PollDecision;
import io.cutover.cutover.DrainProof;
import io.cutover.cutover.FreezeRecord;
import io.cutover.cutover.SourceFreeze;
import io.cutover.cutover.validation.ValidationPass;
import io.cutover.cutover.validation.ValidationPlanner;
import io.cutover.replication.CdcLagDecision;
import io.cutover.replication.FullLoadDecision;
import io.cutover.replication.PollSchedule;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.core.ports.Replication.TableState;
import io.cutover.core.ports.Replication.TaskProgress;
import io.cutover.snapshot.ClusterSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The answers of the longest execution {@link WorstCase} describes, for a run in the local runner with every wait at
 * 0 (an accelerated clock: each decision's wait moves a simulated clock): every poll runs to its budget and succeeds
 * at its last allowed poll, every counter loop to its limit, the validation passes have the most batches (40) of 49
 * calls, the full load fails once and is resumed, the foreign-key policy stops the task after its load (the longer
 * path through 4.3 to 4.5). The long waits' decisions come from the real decision classes fed with the worst readings
 * (a load that creeps just short of done, lag hovering just above the threshold, a drain that holds only at the end);
 * the other polls answer CONTINUE until their budget, then DONE. Everything else answers as {@link ScriptedAnswers}.
 */
public final class WorstCaseAnswers {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private final WorstCase.Limits limits;
    private final Map<String, Integer> calls = new ConcurrentHashMap<>();
    private FullLoadDecision.Tracker loadTracker;
    private Instant loadClock = T0;
    private CdcLagDecision.Window cdcWindow;
    private Instant cdcClock = T0;
    private DrainProof.State drainState;
    private Instant drainClock = T0;
    private Instant windowClock = T0;

    public WorstCaseAnswers(WorstCase.Limits limits) {
        this.limits = limits;
    }

    /** The answer of {@code function} called in the state the payload names. */
    public synchronized JsonNode answer(String function, JsonNode payload) {
        String state = payload.path("stateName").asText();
        JsonNode base = ScriptedAnswers.of(function, payload);
        return switch (function) {
            case "PollConnectionTestsFunction" -> withDecision(base, budgeted(payload, PollSchedule.CONNECTION_TEST_MAX_ATTEMPTS));
            case "PollTaskStatusFunction" -> withDecision(base, budgeted(payload, PollSchedule.TASK_STATUS_MAX_ATTEMPTS));
            case "PollAssessmentFunction" -> withDecision(base, budgeted(payload, PollSchedule.ASSESSMENT_MAX_ATTEMPTS));
            case "PollSnapshotFunction" -> Json.tree(budgeted(payload, "RESTORE_POINT".equals(payload.path("step").asText())
                    ? ClusterSnapshot.MAX_RESTORABLE_ATTEMPTS : ClusterSnapshot.MAX_ATTEMPTS));
            case "RecheckMismatchesFunction" -> Json.tree(budgeted(payload, ValidationPass.MAX_ROUNDS));
            case "PollFullLoadFunction" -> fullLoad(base, payload);
            case "PollCdcCaughtUpFunction" -> cdc(base, payload);
            case "ProveDrainFunction" -> Json.tree(drain(payload));
            case "RollbackWindowFunction" -> Json.tree(rollbackWindow(payload));
            case "BuildTaskSettingsFunction" -> ((ObjectNode) base).put("stopsAfterFullLoad", true);
            case "CreateTargetSchemaFunction", "ApplyDeferredObjectsFunction", "RecreateForeignKeysFunction" ->
                    ((ObjectNode) base).put("complete", calls.merge(state, 1, Integer::sum) >= 21);
            case "PlanValidationFunction" -> ((ObjectNode) base).set("batches",
                    Json.tree(IntStream.range(0, ValidationPlanner.MAX_BATCHES).boxed().toList()));
            case "ValidateBatchFunction" -> ((ObjectNode) base).put("complete",
                    calls.merge(payload.path("pass").asText() + "/" + payload.path("batch").asInt(), 1, Integer::sum) >= 49);
            default -> base;
        };
    }

    private static JsonNode withDecision(JsonNode base, PollDecision decision) {
        ((ObjectNode) base).set("decision", Json.tree(decision));
        return base;
    }

    private static int previousAttempt(JsonNode payload) {
        JsonNode poll = payload.path("poll");
        return payload.has("attempt") ? payload.path("attempt").asInt(0) : poll.path("attempt").asInt(0);
    }

    /** A poll whose only budget is its attempts: still going until the last allowed poll, which succeeds. */
    private static PollDecision budgeted(JsonNode payload, int maxAttempts) {
        int attempt = previousAttempt(payload) + 1;
        return attempt >= maxAttempts ? PollDecision.done(attempt, "done at the last allowed poll")
                : PollDecision.continueAfter(PollSchedule.floorSeconds(attempt, 10, 60), attempt, "still going");
    }

    /**
     * A load that creeps forward just short of done (progress every poll, so never a stall), fails once on its fifth
     * poll (an errored table: the one resume), and is done (stopped after it, as the foreign-key policy asks) at the
     * last poll its budget allows.
     */
    private JsonNode fullLoad(JsonNode base, JsonNode payload) {
        int budget = PollSchedule.longWaitBudget(limits.plannedMigrationHours());
        int previous = previousAttempt(payload);
        int attempt = previous + 1;
        boolean last = attempt >= budget;
        boolean errored = attempt == 5;
        TaskProgress p = new TaskProgress(last ? "stopped" : "running", last ? "Stop Reason FULL_LOAD_ONLY_FINISHED" : null, null,
                last ? 100 : 99, last ? 400 : 399, last ? 0 : 1, 0, errored ? 1 : 0,
                List.of(new TableState("app", "t", errored ? "Table error" : last ? "Table completed" : "Full load",
                        1_000_000L + attempt, 0, 0, 0, 0, errored ? "simulated" : null)));
        FullLoadDecision.Outcome o = FullLoadDecision.decide(p, loadTracker, previous, budget, true, loadClock);
        loadTracker = o.tracker();
        loadClock = loadClock.plusSeconds(o.decision().waitSeconds());
        ObjectNode result = (ObjectNode) withDecision(base, o.decision());
        result.set("tracker", Json.tree(o.tracker()));
        result.put("status", p.status());
        return result;
    }

    /** Lag hovering just above the threshold until the last two polls the budget allows, which hold within it. */
    private JsonNode cdc(JsonNode base, JsonNode payload) {
        int budget = PollSchedule.longWaitBudget(limits.plannedMigrationHours());
        int previous = previousAttempt(payload);
        MigrationConfig.Cutover cutover = Json.convert(payload.path("config").path("cutover"), MigrationConfig.Cutover.class);
        if ("RECHECK".equals(payload.path("phase").asText())) {
            // "5.2 Re-read the lag after the approval": still within (the longest path goes on to the freeze)
            CdcSample now = new CdcSample(cdcClock, 0.0, 0.0, 100L * (previous + 1), 0, 0, 0, 0L);
            CdcLagDecision.Outcome o = CdcLagDecision.decide("running", null, now, cdcWindow, CdcLagDecision.Phase.RECHECK,
                    cutover.maxLagSeconds(), cutover.lagHoldSeconds(), 0, 1);
            ObjectNode result = (ObjectNode) withDecision(base, o.decision());
            result.set("window", Json.tree(o.window()));
            return result;
        }
        double lag = previous + 1 >= budget - 1 ? 0 : cutover.maxLagSeconds() + 1;
        CdcSample sample = new CdcSample(cdcClock, lag, lag, 100L * (previous + 1), 0, 0, 0, 0L);
        CdcLagDecision.Outcome o = CdcLagDecision.decide("running", null, sample, cdcWindow, CdcLagDecision.Phase.CATCH_UP,
                cutover.maxLagSeconds(), cutover.lagHoldSeconds(), previous, budget);
        cdcWindow = o.window();
        cdcClock = cdcClock.plusSeconds(o.decision().waitSeconds());
        ObjectNode result = (ObjectNode) withDecision(base, o.decision());
        result.set("window", Json.tree(o.window()));
        return result;
    }

    /** The marker arrives only as the timeout nears; then the counters hold still for the longest hold. */
    private PollDecision drain(JsonNode payload) {
        MigrationConfig.Cutover cutover = Json.convert(payload.path("config").path("cutover"), MigrationConfig.Cutover.class);
        int attempt = previousAttempt(payload) + 1;
        FreezeRecord.Marker marker = new FreezeRecord.Marker("drain:worst-case", T0);
        long since = drainClock.getEpochSecond() - T0.getEpochSecond();
        boolean arrived = since >= cutover.drainTimeoutSeconds() - 60;
        CdcSample sample = new CdcSample(drainClock, 0.0, 0.0, arrived ? 1_000 : attempt, 0, 0, 0, 0L);
        DrainProof.Result r = new DrainProof(cutover).decide(attempt, marker, drainState, sample, arrived, drainClock);
        drainState = r.state();
        drainClock = drainClock.plusSeconds(r.decision().waitSeconds());
        return r.decision();
    }

    /** The real watch's schedule over the whole window, the source read-only throughout. */
    private PollDecision rollbackWindow(JsonNode payload) {
        int attempt = previousAttempt(payload) + 1;
        long length = Math.round(payload.path("config").path("cutover").path("rollbackWindowHours").asDouble() * 3600);
        long elapsed = windowClock.getEpochSecond() - T0.getEpochSecond();
        if (elapsed >= length) {
            return PollDecision.done(attempt, "the rollback window is over");
        }
        PollDecision d = PollDecision.continueAfter(SourceFreeze.nextWait(elapsed, length - elapsed), attempt, "source read-only");
        windowClock = windowClock.plusSeconds(d.waitSeconds());
        return d;
    }
}
