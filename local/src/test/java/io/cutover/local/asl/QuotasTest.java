package io.cutover.local.asl;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.json.Json;
import io.cutover.local.Project;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The local runner enforces the Step Functions quotas the interpreter ignores (local/node/quotas.mjs, with the
 * documentation it follows): 25,000 history events per execution, 256 KiB per state or task input and output. Small
 * purpose-built machines show each limit; MigrationStateMachineTest and LongestMigrationTest run the real machine
 * within them.
 */
class QuotasTest {
    private static final Path ASL = Project.root().resolve("local/src/test/resources/asl");

    private static ExecutionResult loop(int rounds) {
        return AslRunner.builder(ASL.resolve("history-loop.asl.json")).build()
                .run(Json.parse("{\"n\": 0, \"limit\": " + rounds + "}"), Duration.ofMinutes(5));
    }

    @Test
    void anExecutionWhose25000thEventIsExecutionSucceededSucceeds() {
        // 1 (started) + 4 a round + 2 (Done) + 1 (succeeded) = 4 x 6,249 + 4 = 25,000
        ExecutionResult result = loop(6_249);

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.historyEvents()).isEqualTo(25_000);
    }

    @Test
    void oneRoundMoreFailsAtEvent25000AsTheServiceDoesAndNothingCatchesIt() {
        ExecutionResult result = loop(6_250);

        assertThat(result.status()).isEqualTo("FAILED");
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).isEqualTo("The execution reached the maximum number of history events (25000).");
        assertThat(result.historyEvents()).isEqualTo(25_000);
        assertThat(result.statesEntered()).doesNotContain("Done");
    }

    @Test
    void eachStateAddsTheEventsOfTheServiceHistory() {
        AtomicInteger flakyCalls = new AtomicInteger();
        ExecutionResult result = AslRunner.builder(ASL.resolve("history-shapes.asl.json"))
                .substitution("FlakyFunctionArn", "FlakyFunction").substitution("FailingFunctionArn", "FailingFunction")
                .function("FlakyFunction", payload -> {
                    if (flakyCalls.incrementAndGet() < 3) {
                        throw new FunctionError("Test.Transient", "try again");
                    }
                    return Json.object();
                })
                .function("FailingFunction", payload -> {
                    throw new FunctionError("Test.Broken", "broken");
                })
                .build().run(Json.parse("{\"items\": [1, 2, 3]}"));

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        // started 1; task 3 + (failed 1 + retried 2) x 2 + 2; Wait 2; Parallel 2 + 2 x 2 + 2; Map 2 + 3 x (1 + 2 + 1) + 2;
        // caught task 3 + 1 + 1; Succeed 2; succeeded 1
        assertThat(result.historyEvents()).isEqualTo(1 + 11 + 2 + 8 + 16 + 5 + 2 + 1);
        assertThat(result.historyEvents()).isEqualTo(HistoryModel.executionEvents()
                + HistoryModel.taskEvents("arn:aws:states:::lambda:invoke", 2) + HistoryModel.stateEvents("Wait")
                + HistoryModel.parallelEvents(2) + 2 * HistoryModel.stateEvents("Pass")
                + HistoryModel.mapEvents(3) + 3 * HistoryModel.stateEvents("Pass")
                + HistoryModel.taskEvents("arn:aws:states:::lambda:invoke", 0) + HistoryModel.stateEvents("Succeed"));
    }

    @Test
    void aMapWhoseResultArrayExceeds256KiBFailsWithDataLimitExceededThatNoCatchCatches() {
        String text = "x".repeat(100_000);
        ExecutionResult result = AslRunner.builder(ASL.resolve("payload-map.asl.json")).substitution("MakeFunctionArn", "MakeFunction")
                .function("MakeFunction", payload -> Json.tree(Map.of("text", text)))
                .build().run(Json.parse("{\"items\": [1, 2, 3]}"));

        assertThat(result.status()).isEqualTo("FAILED");
        assertThat(result.error()).as(result.cause()).isEqualTo("States.DataLimitExceeded");
        assertThat(result.cause()).contains("the result of Map state \"Each\"");
        assertThat(result.statesEntered()).doesNotContain("Caught", "Done");
    }

    @Test
    void aTaskResultAbove256KiBFailsTheExecution() {
        String text = "é".repeat(140_000); // 280,000 bytes of UTF-8, 140,000 characters
        ExecutionResult result = AslRunner.builder(ASL.resolve("payload-map.asl.json")).substitution("MakeFunctionArn", "MakeFunction")
                .function("MakeFunction", payload -> Json.tree(Map.of("text", text)))
                .build().run(Json.parse("{\"items\": [1]}"));

        assertThat(result.error()).as(result.cause()).isEqualTo("States.DataLimitExceeded");
        assertThat(result.cause()).contains("the result of task \"Make\"");
    }

    @Test
    void aChildExecutionHasItsOwnHistoryAndItsFailureIsCatchableInTheParent() {
        AslRunner.Builder parent = AslRunner.builder(ASL.resolve("child-parent.asl.json"))
                .substitution("ChildStateMachineArn", "arn:aws:states:local:000000000000:stateMachine:Loop")
                .child("arn:aws:states:local:000000000000:stateMachine:Loop", ASL.resolve("history-loop.asl.json"), Map.of(), "Loop");

        ExecutionResult within = parent.build().run(Json.parse("{\"limit\": 6249}"), Duration.ofMinutes(5));
        assertThat(within.succeeded()).as(within.toString()).isTrue();
        assertThat(within.output().at("/child/n").asInt()).isEqualTo(6_249);
        assertThat(within.childExecutions()).singleElement().satisfies(child -> {
            assertThat(child.historyEvents()).isEqualTo(25_000);
            assertThat(child.status()).isEqualTo("SUCCEEDED");
        });
        // the parent: started 1, the .sync task 4 + 2, Done 2, succeeded 1
        assertThat(within.historyEvents()).isEqualTo(10);

        ExecutionResult beyond = parent.build().run(Json.parse("{\"limit\": 6250}"), Duration.ofMinutes(5));
        assertThat(beyond.succeeded()).as(beyond.toString()).isTrue();
        assertThat(beyond.statesEntered()).contains("Child failed");
        assertThat(beyond.output().at("/error/Error").asText()).isEqualTo("States.TaskFailed");
        assertThat(Json.parse(beyond.output().at("/error/Cause").asText()).path("Error").asText()).isEqualTo("States.Runtime");
        assertThat(beyond.childExecutions()).singleElement().satisfies(child -> assertThat(child.status()).isEqualTo("FAILED"));
    }
}
