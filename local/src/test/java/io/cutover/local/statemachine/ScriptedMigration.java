package io.cutover.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.approval.ApprovalRequested;
import io.cutover.core.ports.approval.Gate;
import io.cutover.input.ValidateInputHandler;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Notification;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryNotifier;
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
    static final String TASK_ARN = ScriptedAnswers.TASK_ARN;
    static final String INJECTED = "io.cutover.core.error.ConfigurationException";

    /** IN_ADVANCE: approve, and at the freeze gate tick "cut over as soon as the drain and validation are clean". */
    enum Decision { APPROVE, IN_ADVANCE, REJECT, NONE }

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
            Gate.SWITCH, Decision.APPROVE, Gate.ROLLBACK, Decision.NONE));
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
        return SamTemplate.read(Project.template()).functionsOf(MACHINE);
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
        JsonNode result = "RequestApprovalFunction".equals(function) ? Json.tree(approval(payload)) : ScriptedAnswers.of(function, payload);
        UnaryOperator<JsonNode> change = overrides.get(function);
        return change == null ? result : change.apply(result);
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
        if (gate == Gate.FREEZE && decision != Decision.REJECT) {
            outcome.put("cutoverInAdvance", decision == Decision.IN_ADVANCE); // as ApprovalCallback.output writes it
        }
        if (decision != Decision.NONE) {
            CompletableFuture.runAsync(() -> {
                if (decision == Decision.APPROVE || decision == Decision.IN_ADVANCE) {
                    callbacks.succeed(token, Json.write(outcome));
                } else {
                    callbacks.fail(token, "Cutover.ApprovalRejected", Json.write(outcome));
                }
            }, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
        }
        return new ApprovalRequested("a-" + gate.name().toLowerCase(), gate, Instant.parse("2026-11-25T06:00:00Z"), null, true);
    }
}
