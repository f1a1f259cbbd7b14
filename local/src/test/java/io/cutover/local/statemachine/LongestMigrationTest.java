package io.cutover.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.input.ValidateInputHandler;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.local.Project;
import io.cutover.local.asl.AslRunner;
import io.cutover.local.asl.DriverCallbacks;
import io.cutover.local.asl.ExecutionResult;
import io.cutover.local.asl.FunctionInvoker;
import io.cutover.local.asl.Handlers;
import io.cutover.local.asl.HistoryModel;
import io.cutover.local.template.SamTemplate;
import io.cutover.notify.NotifyHandler;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The longest migration the input schema allows, run end to end on the real ASL in the local runner with an
 * accelerated clock (every wait 0; the long waits' decisions from the real decision classes on a simulated clock,
 * WorstCaseAnswers): every loop to its budget, 40 validation batches of 49 calls in each pass, a 720-hour rollback
 * window. The local runner counts every execution's history as Step Functions does (QuotasTest); each stays within
 * 25,000 events and matches what {@code local/bench history-budget} computes from the ASL.
 */
class LongestMigrationTest {

    @Test
    void theLongestMigrationTheInputAllowsFitsEachExecutionsHistoryAsTheBudgetComputes() throws Exception {
        WorstCase.Limits limits = WorstCase.Limits.fromSchema();
        ObjectNode input = (ObjectNode) Json.parse(Files.readString(Project.root().resolve("events/start-migration.json")));
        ((ObjectNode) input.path("readiness")).put("plannedMigrationHours", limits.plannedMigrationHours());
        ObjectNode cutover = (ObjectNode) input.path("cutover");
        cutover.put("rollbackWindowHours", limits.rollbackWindowHours());
        cutover.put("drainTimeoutSeconds", limits.drainTimeoutSeconds());
        cutover.put("drainHoldSeconds", limits.drainHoldSeconds());
        ((ObjectNode) cutover.path("validation")).put("tablesPerBatch", limits.minTablesPerBatch()).put("preFreezePass", true);

        DriverCallbacks callbacks = new DriverCallbacks();
        InMemoryPorts ports = InMemoryPorts.builder().callbacks(callbacks).build();
        WorstCaseAnswers answers = new WorstCaseAnswers(limits);
        FunctionInvoker validate = Handlers.invoker(new ValidateInputHandler(ports), "ValidateInputFunction");
        FunctionInvoker notify = Handlers.invoker(new NotifyHandler(ports), "NotifyFunction");
        AslRunner.Builder builder = AslRunner.forStateMachine("MigrationStateMachine", ports).callbacks(callbacks)
                .validate(false).eventDetails(false);
        for (String function : SamTemplate.read(Project.template()).functionsOf("MigrationStateMachine")) {
            builder.function(function, payload -> switch (function) {
                case "ValidateInputFunction" -> validate.invoke(payload); // the schema accepts the longest input
                case "NotifyFunction" -> notify.invoke(payload);
                case "RequestApprovalFunction" -> approveAtOnce(callbacks, payload);
                default -> answers.answer(function, payload);
            });
        }

        ExecutionResult result = builder.build().run(input, Duration.ofMinutes(30));

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        Map<String, Long> budget = WorstCase.migration().stream()
                .collect(Collectors.toMap(HistoryBudget.Result::stateMachine, HistoryBudget.Result::events));
        System.out.printf("longest migration: %,d history events (budget %,d); children %s; budgets %s%n",
                result.historyEvents(), budget.get("migration"), result.childExecutions(), budget);
        // the run takes the longest path but for its end: it completes, where the budget's longest path rolls back after
        // the window (a rollback decided at its last moment, the first restore failing) and, before the window, reports a
        // failed snapshot ("7 Snapshot failed", "7 Notify: snapshot failed"): a few dozen events more
        assertThat((long) result.historyEvents()).as("the migration's own history")
                .isLessThanOrEqualTo(budget.get("migration")).isGreaterThan(budget.get("migration") - 80);
        Map<String, List<ExecutionResult.ChildExecution>> children = result.childExecutions().stream()
                .collect(Collectors.groupingBy(ExecutionResult.ChildExecution::stateMachine));
        assertThat(children.get("ValidationBatchesStateMachine")).as("a pass before the freeze, its catch-up, and one after the freeze").hasSize(3)
                .allSatisfy(c -> assertThat((long) c.historyEvents()).isEqualTo(budget.get("validation-batches")));
        assertThat(children.get("RollbackWindowStateMachine")).singleElement()
                .satisfies(c -> assertThat((long) c.historyEvents()).isEqualTo(budget.get("rollback-window")));
        assertThat(result.largestHistory()).isLessThanOrEqualTo(HistoryModel.LIMIT);
        assertThat(answersCalled(result, "Validate a batch")).isEqualTo(3L * 40 * 49);
    }

    private static long answersCalled(ExecutionResult result, String state) {
        return result.eventsOfType("StateEntered").stream().filter(e -> state.equals(e.stateName())).count();
    }

    /** Freeze and cutover approved at once; the rollback question left open (the read-only watch ends the window). */
    private static JsonNode approveAtOnce(DriverCallbacks callbacks, JsonNode payload) {
        String gate = payload.path("gate").asText();
        if (!"ROLLBACK".equals(gate)) {
            String token = payload.path("taskToken").asText();
            CompletableFuture.runAsync(() -> callbacks.succeed(token, "{\"decision\": \"APPROVED\", \"gate\": \"" + gate + "\"}"),
                    CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
        }
        return Json.parse("{\"approvalId\": \"worst-" + gate.toLowerCase() + "\", \"gate\": \"" + gate + "\", \"notified\": true}");
    }
}
