package io.cutover.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.bench.PollSimulations.Loop;
import io.cutover.input.ValidateInputHandler;
import io.cutover.core.json.Json;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.local.Project;
import io.cutover.local.asl.AslRunner;
import io.cutover.local.asl.DriverCallbacks;
import io.cutover.local.asl.ExecutionEvent;
import io.cutover.local.asl.ExecutionResult;
import io.cutover.local.asl.FunctionInvoker;
import io.cutover.local.asl.Handlers;
import io.cutover.local.statemachine.ScriptedAnswers;
import io.cutover.local.statemachine.WorstCase;
import io.cutover.local.template.SamTemplate;
import io.cutover.notify.NotifyHandler;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The state transitions and history events of a whole migration, counted on the real statemachine/migration.asl.json:
 * the local runner executes it with every poll answering the decisions {@link PollSimulations} computes from the
 * handlers' real schedules (a 24-hour full load, a 24-hour CDC wait, a 24-hour rollback window unless given), the
 * approvals answered at once, and everything else as a healthy migration ({@link ScriptedAnswers}). The history events
 * are those the local runner counts for each execution as Step Functions records them (local/node/quotas.mjs); the
 * worst case any input can reach is {@code local/bench history-budget}.
 */
final class StateTransitionsBenchmark implements Benchmarks.Benchmark {

    @Override
    public String description() {
        return "state transitions and history events of a whole migration on the real ASL "
                + "(args: CDC-wait hours 24, full-load hours 24, rollback-window hours 24)";
    }

    @Override
    public void run(String[] args) throws Exception {
        double cdcHours = Benchmarks.arg(args, 0, 24.0);
        double loadHours = Benchmarks.arg(args, 1, 24.0);
        double windowHours = Benchmarks.arg(args, 2, 24.0);
        // at least the default, at most what the input schema allows (each long wait's budget is twice it)
        int plannedHours = (int) Math.min(WorstCase.Limits.fromSchema().plannedMigrationHours(), Math.max(72, Math.ceil((loadHours + cdcHours) * 1.5)));

        Map<String, Loop> loops = new LinkedHashMap<>();
        loops.put("3.1 Poll connection tests", PollSimulations.connectionTests());
        loops.put("3.4 Poll until the task is ready", PollSimulations.taskReady());
        loops.put("3.5 Poll the assessment", PollSimulations.assessment());
        loops.put("4.1 Poll the full load", PollSimulations.fullLoad(loadHours, plannedHours));
        loops.put("5.1 Wait until CDC has caught up", PollSimulations.cdcCatchUp(cdcHours, plannedHours));
        loops.put("5.2 Prove that CDC drained", PollSimulations.drain());
        loops.put("5.5 Poll until the task is stopped", PollSimulations.taskStopped());
        loops.put("7 Poll the snapshot", PollSimulations.snapshot(25));
        loops.put("8b Check that the source stays read-only", PollSimulations.rollbackWindow(windowHours));

        ExecutionResult result = run(loops, plannedHours, windowHours);
        if (!result.succeeded()) {
            throw new IllegalStateException("the simulated migration did not succeed: " + result);
        }

        Map<String, Integer> byType = new TreeMap<>();
        int transitions = 0;
        for (ExecutionEvent e : result.events()) {
            if ("StateEntered".equals(e.type())) {
                transitions++;
                byType.merge(e.stateType(), 1, Integer::sum);
            }
        }
        System.out.printf("A whole migration on statemachine/migration.asl.json: %.0f h full load, %.0f h CDC wait, %.0f h rollback window%n%n",
                loadHours, cdcHours, windowHours);
        System.out.printf("  %-42s %7s %10s%n", "poll loop (real schedules)", "polls", "waited");
        int polls = 0;
        for (Map.Entry<String, Loop> l : loops.entrySet()) {
            polls += l.getValue().polls();
            System.out.printf("  %-42s %7d %10s%n", l.getKey(), l.getValue().polls(), PollSimulations.human(l.getValue().waited()));
        }
        System.out.printf("  %-42s %7d%n%n", "total", polls);
        System.out.printf("  state transitions (states entered): %,d   %s%n", transitions, byType);
        System.out.printf("  history events (counted by the local runner as Step Functions records them):%n");
        System.out.printf("    %-40s %,7d  = %.1f %% of the %,d-event limit of a Standard execution%n", "the migration",
                result.historyEvents(), 100.0 * result.historyEvents() / PollScheduleBenchmark.HISTORY_LIMIT, PollScheduleBenchmark.HISTORY_LIMIT);
        for (ExecutionResult.ChildExecution child : result.childExecutions()) {
            System.out.printf("    %-40s %,7d  (a child execution started by \"%s\": its own history)%n", child.stateMachine(),
                    child.historyEvents(), child.parentState());
        }
        Duration waited = loops.values().stream().map(Loop::waited).reduce(Duration.ZERO, Duration::plus);
        System.out.printf("  time spent polling: %s; the approvals and the post-go-live wait add no transitions%n",
                PollSimulations.human(waited));
    }

    private static ExecutionResult run(Map<String, Loop> loops, int plannedHours, double windowHours) throws Exception {
        DriverCallbacks callbacks = new DriverCallbacks();
        InMemoryPorts ports = InMemoryPorts.builder().callbacks(callbacks).build();
        ObjectNode input = (ObjectNode) Json.parse(Files.readString(Project.root().resolve("events/start-migration.json")));
        ((ObjectNode) input.path("readiness")).put("plannedMigrationHours", plannedHours);
        ((ObjectNode) input.path("cutover")).put("rollbackWindowHours", windowHours);

        Map<String, Deque<PollDecision>> decisions = new ConcurrentHashMap<>();
        loops.forEach((state, loop) -> decisions.put(state, new ArrayDeque<>(loop.decisions())));
        FunctionInvoker validate = Handlers.invoker(new ValidateInputHandler(ports), "ValidateInputFunction");
        FunctionInvoker notify = Handlers.invoker(new NotifyHandler(ports), "NotifyFunction");

        AslRunner.Builder builder = AslRunner.forStateMachine("MigrationStateMachine", ports).callbacks(callbacks);
        for (String function : SamTemplate.read(Project.template()).functionsOf("MigrationStateMachine")) {
            builder.function(function, payload -> switch (function) {
                case "ValidateInputFunction" -> validate.invoke(payload);
                case "NotifyFunction" -> notify.invoke(payload);
                case "RequestApprovalFunction" -> approveAtOnce(callbacks, payload);
                default -> answer(function, payload, decisions);
            });
        }
        return builder.build().run(input, Duration.ofMinutes(10));
    }

    /** The poll's next simulated decision, in its handler's result shape; anything else as a healthy migration. */
    private static JsonNode answer(String function, JsonNode payload, Map<String, Deque<PollDecision>> decisions) {
        JsonNode base = ScriptedAnswers.of(function, payload);
        Deque<PollDecision> next = decisions.get(payload.path("stateName").asText());
        if (next == null) {
            return base;
        }
        PollDecision decision = next.poll();
        if (decision == null) {
            throw new IllegalStateException(payload.path("stateName").asText() + " polled more often than simulated");
        }
        if (base.has("decision")) {
            ((ObjectNode) base).set("decision", Json.tree(decision));
            return base;
        }
        return Json.tree(decision);
    }

    /** Freeze and cutover approved at once; the rollback question left open (the read-only watch ends the window). */
    private static JsonNode approveAtOnce(DriverCallbacks callbacks, JsonNode payload) {
        String gate = payload.path("gate").asText();
        if (!"ROLLBACK".equals(gate)) {
            String token = payload.path("taskToken").asText();
            CompletableFuture.runAsync(() -> callbacks.succeed(token, "{\"decision\": \"APPROVED\", \"gate\": \"" + gate + "\"}"),
                    CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
        }
        return Json.parse("{\"approvalId\": \"bench-" + gate.toLowerCase() + "\", \"gate\": \"" + gate + "\", \"notified\": true}");
    }
}
