package io.cutover.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.approval.ApprovalRequested;
import io.cutover.approval.Gate;
import io.cutover.core.ValidateInputHandler;
import io.cutover.core.json.Json;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Notification;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryNotifier;
import io.cutover.cutover.FreezeWritesHandler;
import io.cutover.cutover.RecordRollbackPositionHandler;
import io.cutover.cutover.UnfreezeHandler;
import io.cutover.cutover.validation.PlanValidationHandler;
import io.cutover.cutover.validation.SummarizeValidationHandler;
import io.cutover.cutover.validation.ValidateBatchHandler;
import io.cutover.cutover.validation.ValidationModel;
import io.cutover.local.Project;
import io.cutover.local.asl.AslExecution;
import io.cutover.local.asl.AslRunner;
import io.cutover.local.asl.DriverCallbacks;
import io.cutover.local.asl.ExecutionEvent;
import io.cutover.local.asl.ExecutionResult;
import io.cutover.local.asl.FunctionError;
import io.cutover.local.asl.FunctionInvoker;
import io.cutover.local.asl.Handlers;
import io.cutover.local.template.SamTemplate;
import io.cutover.notify.NotifyHandler;
import io.cutover.precheck.ReadinessSummary;
import io.cutover.replication.AssessmentDecision;
import io.cutover.replication.BuildTaskSettingsHandler;
import io.cutover.replication.CdcLagDecision;
import io.cutover.replication.FullLoadDecision;
import io.cutover.replication.PollAssessmentHandler;
import io.cutover.replication.PollCdcCaughtUpHandler;
import io.cutover.replication.PollConnectionTestsHandler;
import io.cutover.replication.PollFullLoadHandler;
import io.cutover.replication.PollTaskStatusHandler;
import io.cutover.replication.Replication;
import io.cutover.replication.SetTargetInitStatementsHandler;
import io.cutover.replication.StartAssessmentHandler;
import io.cutover.replication.StartConnectionTestsHandler;
import io.cutover.replication.StartReplicationHandler;
import io.cutover.replication.StopTaskHandler;
import io.cutover.schema.ApplyDeferredObjectsHandler;
import io.cutover.schema.CheckTargetForReplicationHandler;
import io.cutover.schema.CreateHeartbeatTableHandler;
import io.cutover.schema.CreateTargetSchemaHandler;
import io.cutover.schema.ExtractDeferredObjectsHandler;
import io.cutover.schema.PrepareForeignKeysHandler;
import io.cutover.schema.RecreateForeignKeysHandler;
import io.cutover.schema.ValidateSchemaHandler;
import io.cutover.schema.deferred.ObjectType;
import io.cutover.schema.fk.ReplicationRequirements;
import io.cutover.snapshot.CreateSnapshotHandler;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The real migration ASL with every function scripted except two that need nothing outside the JVM: "Validate
 * input" (the real handler; the test may then adjust the config it returns, e.g. a 1 s approval timeout) and the
 * notifications (the real NotifyHandler into an in-memory notifier, so the tests read the messages people get).
 * Each scripted function answers with the real result record of its handler (the field names are the real ones),
 * records every call with its state and payload, and fails where a test asks it to. Approvals are answered through
 * the same {@link DriverCallbacks} the runner uses, as the approval page would.
 */
final class ScriptedMigration {
    static final String MACHINE = "MigrationStateMachine";
    static final String TASK_ARN = "arn:aws:dms:eu-west-1:123456789012:task:ORDERSTASK";
    static final String INJECTED = "io.cutover.core.error.ConfigurationException";

    enum Decision { APPROVE, REJECT, NONE }

    record Call(String function, String state, JsonNode payload) {}

    final DriverCallbacks callbacks = new DriverCallbacks();
    final MemoryNotifier notifier = new MemoryNotifier();
    final InMemoryPorts ports = InMemoryPorts.builder().notifier(notifier).callbacks(callbacks).build();
    final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

    private final Map<String, Deque<JsonNode>> queued = new HashMap<>();
    private final Map<String, UnaryOperator<JsonNode>> overrides = new HashMap<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<String, String> failureTypes = new HashMap<>();
    private final Map<Gate, Decision> decisions = new EnumMap<>(Map.of(Gate.FREEZE, Decision.APPROVE, Gate.CUTOVER, Decision.APPROVE,
            Gate.ROLLBACK, Decision.NONE));
    private Consumer<ObjectNode> configPatch = c -> { };
    private final ObjectNode input;

    ScriptedMigration() {
        try {
            input = (ObjectNode) Json.parse(Files.readString(Project.root().resolve("events/start-migration.json")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- scripting ----------------------------------------------------------------------------------------

    /** Changes the execution input (before "Validate input"). */
    ScriptedMigration input(Consumer<ObjectNode> change) {
        change.accept(input);
        return this;
    }

    /** Changes the config "Validate input" returns (values the input schema would refuse, such as a 1 s timeout). */
    ScriptedMigration config(Consumer<ObjectNode> patch) {
        this.configPatch = configPatch.andThen(patch);
        return this;
    }

    /** The function called in {@code state} fails with {@code errorType} on its next {@code times} calls there. */
    ScriptedMigration failAt(String state, String errorType, int times) {
        failures.put(state, times);
        failureTypes.put(state, errorType);
        return this;
    }

    /** The function called in {@code state} fails on every call with a non-retried error. */
    ScriptedMigration failAt(String state) {
        return failAt(state, INJECTED, Integer.MAX_VALUE);
    }

    /** The next results of a function, in order; then its default. */
    ScriptedMigration then(String function, JsonNode... results) {
        queued.computeIfAbsent(function, f -> new ArrayDeque<>()).addAll(List.of(results));
        return this;
    }

    /** Changes a function's default result. */
    ScriptedMigration results(String function, UnaryOperator<JsonNode> change) {
        overrides.merge(function, change, (a, b) -> r -> b.apply(a.apply(r)));
        return this;
    }

    ScriptedMigration decide(Gate gate, Decision decision) {
        decisions.put(gate, decision);
        return this;
    }

    // ---- running ------------------------------------------------------------------------------------------

    AslRunner runner() {
        // validated once by AslFilesTest, not again before each of the many runs here
        AslRunner.Builder builder = AslRunner.forStateMachine(MACHINE, ports).callbacks(callbacks).validate(false);
        FunctionInvoker validate = Handlers.invoker(new ValidateInputHandler(ports), "ValidateInputFunction");
        FunctionInvoker notify = Handlers.invoker(new NotifyHandler(ports), "NotifyFunction");
        for (String function : functions()) {
            builder.function(function, payload -> invoke(function, payload, switch (function) {
                case "ValidateInputFunction" -> p -> {
                    ObjectNode config = (ObjectNode) validate.invoke(p);
                    configPatch.accept(config);
                    return config;
                };
                case "NotifyFunction" -> notify;
                default -> p -> defaultResult(function, p);
            }));
        }
        return builder.build();
    }

    ExecutionResult run() {
        return runner().run(input, Duration.ofMinutes(2));
    }

    /** A redrive: the failed state run again with the input it had (as Step Functions redrives). */
    ExecutionResult redrive(ExecutionResult failed, String state) {
        JsonNode stateInput = enteredInput(failed, state);
        try (AslExecution execution = runner().start(stateInput, "redrive", state)) {
            return execution.await(Duration.ofMinutes(2));
        }
    }

    static JsonNode enteredInput(ExecutionResult result, String state) {
        List<ExecutionEvent> entered = result.events().stream()
                .filter(e -> "StateEntered".equals(e.type()) && state.equals(e.stateName())).toList();
        if (entered.isEmpty()) {
            throw new AssertionError(state + " was never entered: " + result);
        }
        return entered.get(entered.size() - 1).input();
    }

    static List<String> functions() {
        return SamTemplate.read(Project.template()).substitutionsForLocalRun(MACHINE, Map.of()).values().stream()
                .filter(v -> v.endsWith("Function")).distinct().toList();
    }

    private JsonNode invoke(String function, JsonNode payload, FunctionInvoker answer) throws Exception {
        String state = payload.path("stateName").asText();
        calls.add(new Call(function, state, payload));
        synchronized (failures) {
            Integer left = failures.get(state);
            if (left != null && left > 0) {
                failures.put(state, left - 1);
                throw new FunctionError(failureTypes.get(state), "injected failure in \"" + state + "\"");
            }
        }
        return answer.invoke(payload);
    }

    // ---- what the tests read --------------------------------------------------------------------------------

    List<String> notified() {
        return notifier.sent().stream().map(Notification::event).toList();
    }

    Notification lastNotification(String event) {
        List<Notification> matching = notifier.sent().stream().filter(n -> n.event().equals(event)).toList();
        if (matching.isEmpty()) {
            throw new AssertionError("no " + event + " notification; sent: " + notified());
        }
        return matching.get(matching.size() - 1);
    }

    List<Call> callsOf(String function) {
        synchronized (calls) {
            return calls.stream().filter(c -> c.function().equals(function)).toList();
        }
    }

    List<String> statesCalled() {
        synchronized (calls) {
            return calls.stream().map(Call::state).toList();
        }
    }

    // ---- the scripted answers: each function's real result record -------------------------------------------

    private JsonNode defaultResult(String function, JsonNode payload) {
        synchronized (queued) {
            Deque<JsonNode> next = queued.get(function);
            if (next != null && !next.isEmpty()) {
                return next.poll();
            }
        }
        JsonNode result = baseResult(function, payload);
        UnaryOperator<JsonNode> change = overrides.get(function);
        return change == null ? result : change.apply(result);
    }

    static PollDecision done(int attempt) {
        return PollDecision.done(attempt, "done");
    }

    static PollDecision continueAfter(int attempt) {
        return PollDecision.continueAfter(5, attempt, "still going");
    }

    static PollDecision failed(int attempt, String reason) {
        return PollDecision.failed(attempt, reason);
    }

    private JsonNode baseResult(String function, JsonNode p) {
        int attempt = p.path("attempt").asInt(0) + 1;
        Instant now = Instant.parse("2026-11-25T02:00:00Z");
        Replication.TaskRef task = new Replication.TaskRef(TASK_ARN, "cutover-orders-prod", true);
        return Json.tree(switch (function) {
            case "CheckSourceReadinessFunction" -> new ReadinessSummary("source", 0, 1, 120, List.of(), List.of("sc-net-timeouts"),
                    "migrations/orders-prod/readiness/source.json", "source (MySQL 8.0.36): 120 checks, 0 blocker(s), 1 warning(s)\n");
            case "CheckTargetReadinessFunction" -> new ReadinessSummary("target", 0, 0, 80, List.of(), List.of(),
                    "migrations/orders-prod/readiness/target.json", "target (Aurora MySQL 3.10.0): 80 checks, 0 blocker(s)\n");
            case "CreateTargetSchemaFunction" -> new CreateTargetSchemaHandler.Result(true, true, 2, 40, 40, 0, 0, 0,
                    "migrations/orders-prod/schema/target-schema.json", "2 database(s), 40 table(s): 40 match the source");
            case "PrepareForeignKeysFunction" -> new PrepareForeignKeysHandler.Result(true, 12, 2, 2, 10, List.of(),
                    ReplicationRequirements.cascadingConstraintsKept(2), "migrations/orders-prod/schema/foreign-keys.json",
                    "12 foreign key(s) recorded; 2 cascading kept on the target, 10 off the target until the cutover point");
            case "CreateHeartbeatTableFunction" -> new CreateHeartbeatTableHandler.Result("cutover.heartbeat",
                    new CreateHeartbeatTableHandler.TableMapping("cutover", "heartbeat"), "cutover.heartbeat is ready");
            case "CheckTargetForReplicationFunction" -> new CheckTargetForReplicationHandler.Result(true, 0, 0, "OFF", 2, 0, 0, List.of(),
                    "migrations/orders-prod/schema/target-check.json", "target ready: no trigger, no enabled event");
            case "EnsureEndpointsFunction" -> new Replication.EndpointPair("arn:aws:dms:eu-west-1:123456789012:endpoint:SRC",
                    "arn:aws:dms:eu-west-1:123456789012:endpoint:TGT");
            case "StartConnectionTestsFunction" -> new StartConnectionTestsHandler.Result("arn:aws:dms:eu-west-1:123456789012:rep:R", true);
            case "PollConnectionTestsFunction" -> new PollConnectionTestsHandler.Result(done(attempt), List.of());
            case "BuildTaskSettingsFunction" -> new BuildTaskSettingsHandler.Result("migrations/orders-prod/replication/task-settings.json",
                    "migrations/orders-prod/replication/table-mappings.json", List.of(), "DO_NOTHING", "limited to 32 KB", false, false);
            case "CreateTaskFunction" -> task;
            case "PollTaskStatusFunction" -> new PollTaskStatusHandler.Result(done(attempt),
                    "STOPPED".equals(p.path("awaiting").asText()) ? "stopped" : "ready",
                    "STOPPED".equals(p.path("awaiting").asText()) ? "Stop Reason NORMAL" : null);
            case "StartAssessmentFunction" -> new StartAssessmentHandler.Result(false, "cutover-orders-prod-run");
            case "PollAssessmentFunction" -> new PollAssessmentHandler.Result(done(attempt), List.of(),
                    List.of(new AssessmentDecision.Finding("unsupported-data-types-in-source", "warning", "see the bucket")), 9, 10,
                    "migrations/orders-prod/replication/assessment.json");
            case "StartReplicationFunction" -> new StartReplicationHandler.Result("START_REPLICATION", "ready");
            case "PollFullLoadFunction" -> new PollFullLoadHandler.Result(done(attempt),
                    new FullLoadDecision.Tracker(now, 0, now, 100, 1_000_000, 40, 0), "running", 100, 40, 0, 0, 0, List.of(),
                    "migrations/orders-prod/replication/full-load-tables.json");
            case "SetTargetInitStatementsFunction" -> new SetTargetInitStatementsHandler.Result("arn:aws:dms:eu-west-1:123456789012:endpoint:TGT",
                    null, "target endpoint TGT: new sessions run no init statement");
            case "PollCdcCaughtUpFunction" -> new PollCdcCaughtUpHandler.Result(PollDecision.done(attempt, "caught up: lag 1 s ≤ 5 s, held 120 s"),
                    new CdcLagDecision.Window(List.of(), now, 0), new Replication.CdcSample(now, 1.0, 1.0, 10, 5, 1, 0, 0L));
            case "PlanValidationFunction" -> new PlanValidationHandler.Planned(p.path("pass").asText(),
                    "migrations/orders-prod/cutover/validation/" + p.path("pass").asText() + "/plan.json", List.of(0, 1, 2), 40,
                    Map.of(ValidationModel.Scope.FULL, 40L), 0, "binlog.000042:1234", null, null, "40 tables in 3 batches");
            case "ValidateBatchFunction" -> new ValidateBatchHandler.BatchSummary(p.path("pass").asText(), p.path("batch").asInt(), true, 14,
                    140_000, 140_000, List.of(), "migrations/orders-prod/cutover/validation/batch-" + p.path("batch").asInt() + ".json");
            case "RecheckMismatchesFunction" -> PollDecision.done(p.path("poll").path("attempt").asInt(0) + 1, "no differences left");
            case "SummarizeValidationFunction" -> new SummarizeValidationHandler.Verdict(p.path("pass").asText(), true, 40, 0, List.of(),
                    420_000, 420_000, 0, 0, 12.5, "migrations/orders-prod/cutover/validation/report.json",
                    p.path("pass").asText() + ": 40 tables identical");
            case "RequestApprovalFunction" -> approval(p);
            case "FreezeWritesFunction" -> new FreezeWritesHandler.Frozen(true, "MySQL 8.0.36", false, false, "m-1",
                    now.toString(), "binlog.000042:1300", 0, 0, List.of(), 0, "migrations/orders-prod/cutover/freeze.json",
                    "migrations/orders-prod/cutover/freeze-report.json", "source frozen (MySQL 8.0.36): read_only was OFF");
            case "ProveDrainFunction", "RollbackWindowFunction", "PollSnapshotFunction" -> {
                int previous = p.path("poll").path("attempt").asInt(0);
                yield PollDecision.done(previous + 1, function + " done");
            }
            case "RecordRollbackPositionFunction" -> new RecordRollbackPositionHandler.Recorded("binlog.000042", 1300L, null,
                    "checkpoint:V1#1#binlog.000042:1300", true, "migrations/orders-prod/cutover/rollback-position.json",
                    "rollback position binlog.000042:1300");
            case "StopTaskFunction" -> new StopTaskHandler.Result("running", true);
            case "ExtractDeferredObjectsFunction" -> new ExtractDeferredObjectsHandler.Result(5, Map.of(ObjectType.PROCEDURE, 2,
                    ObjectType.VIEW, 3), "ON", "migrations/orders-prod/schema/deferred-objects.json", "5 deferred object(s)");
            case "ApplyDeferredObjectsFunction" -> new ApplyDeferredObjectsHandler.Result(true, true, 5, 5, 0, 0,
                    Map.of(ObjectType.PROCEDURE, 2L, ObjectType.VIEW, 3L), "`cutover`@`%`", "ON", List.of(),
                    "migrations/orders-prod/schema/deferred-objects-applied.json", "migrations/orders-prod/schema/deferred-objects.sql",
                    "5 deferred object(s): 5 present as on the source");
            case "RecreateForeignKeysFunction" -> new RecreateForeignKeysHandler.Result(true, true, 12, 12, 0, 0, 0, 0, List.of(),
                    "migrations/orders-prod/schema/foreign-keys-recreated.json", "12 foreign key(s): 12 present as on the source");
            case "ValidateSchemaFunction" -> new ValidateSchemaHandler.Result(true, 0, Map.of(), List.of(),
                    "migrations/orders-prod/schema/validation.json", "the target's schema equals the source's");
            case "CreateSnapshotFunction" -> new CreateSnapshotHandler.Started("cutover-orders-prod-pre-switch", "orders-aurora",
                    "creating", true, "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:cutover-orders-prod-pre-switch");
            case "UnfreezeFunction" -> new UnfreezeHandler.Unfrozen(true, false, false, "migrations/orders-prod/cutover/freeze.json",
                    "read_only restored to OFF, super_read_only to OFF");
            default -> throw new IllegalStateException("no scripted answer for " + function);
        });
    }

    /** The request Lambda returns at once; the decision comes a moment later through the callback API, as the page sends it. */
    private ApprovalRequested approval(JsonNode p) {
        Gate gate = Gate.valueOf(p.path("gate").asText());
        String token = p.path("taskToken").asText();
        Decision decision = decisions.get(gate);
        ObjectNode outcome = Json.object();
        outcome.put("decision", decision == Decision.REJECT ? "REJECTED" : "APPROVED");
        outcome.put("gate", gate.name());
        outcome.put("approvalId", "a-" + gate.name().toLowerCase());
        outcome.put("migrationId", "orders-prod");
        outcome.put("decidedBy", "Ana Lima");
        outcome.put("comment", "checked the evidence");
        outcome.put("decidedAt", "2026-11-25T02:10:00Z");
        if (decision != Decision.NONE) {
            CompletableFuture.runAsync(() -> {
                if (decision == Decision.APPROVE) {
                    callbacks.succeed(token, Json.write(outcome));
                } else {
                    callbacks.fail(token, "Cutover.ApprovalRejected", Json.write(outcome));
                }
            }, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
        }
        return new ApprovalRequested("a-" + gate.name().toLowerCase(), gate, Instant.parse("2026-11-25T06:00:00Z"), null, true);
    }
}
