package io.cutover.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.local.Project;
import io.cutover.local.template.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules statemachine/migration.asl.json and its child state machines keep everywhere, checked on the files (what running it shows is in the
 * other state machine tests): retries with backoff, a cap and jitter on every Task; a timeout on every Task and on
 * the execution; every wait uses the interval its poll returned; the approval gates wait as long as the config says.
 */
class MigrationAslRulesTest {
    static final List<String> RETRIED = List.of("Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException", "io.cutover.core.error.TransientDatabaseException", "io.cutover.core.error.TransientAwsException",
            "io.cutover.core.error.ReplicationNotReadyException");

    /** StartExecution's error when the account's open executions are at their quota: retried (API_StartExecution "Errors"). */
    static final List<String> CHILD_RETRIED = List.of("StepFunctions.ExecutionLimitExceededException");

    private static JsonNode machine;
    /** The states of the migration and of its child state machines (names are unique across them). */
    private static final Map<String, JsonNode> STATES = new LinkedHashMap<>();
    /** Each child state machine's definition, by the ${…} substitution the migration names it with. */
    private static final Map<String, JsonNode> CHILDREN = new LinkedHashMap<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        machine = Json.parse(Files.readString(Project.root().resolve("statemachine/migration.asl.json")));
        collect(machine);
        SamTemplate template = SamTemplate.read(Project.template());
        Map<String, Object> subs = template.properties("MigrationStateMachine").entrySet().stream()
                .filter(e -> e.getKey().equals("DefinitionSubstitutions")).map(e -> (Map<String, Object>) e.getValue()).findFirst().orElseThrow();
        for (var e : subs.entrySet()) {
            var child = template.referencedStateMachine(e.getValue());
            if (child.isPresent()) {
                JsonNode definition = Json.parse(Files.readString(template.definitionFile(child.get())));
                CHILDREN.put("${" + e.getKey() + "}", definition);
                collect(definition);
            }
        }
    }

    private static void collect(JsonNode m) {
        m.path("States").fields().forEachRemaining(e -> {
            STATES.put(e.getKey(), e.getValue());
            e.getValue().path("Branches").forEach(MigrationAslRulesTest::collect);
            if (e.getValue().has("ItemProcessor")) {
                collect(e.getValue().get("ItemProcessor"));
            }
        });
    }

    @Test
    void everyTaskRetriesLambdaAndTransientErrorsWithBackoffACapAndFullJitter() {
        List<String> problems = new ArrayList<>();
        STATES.forEach((name, state) -> {
            if (!"Task".equals(state.path("Type").asText())) {
                return;
            }
            Set<String> retried = new TreeSet<>();
            boolean child = state.path("Resource").asText().startsWith("arn:aws:states:::states:startExecution");
            for (JsonNode r : state.path("Retry")) {
                r.path("ErrorEquals").forEach(e -> retried.add(e.asText()));
                if (r.path("BackoffRate").asDouble() < 1.5 || !r.has("MaxDelaySeconds") || !"FULL".equals(r.path("JitterStrategy").asText())
                        || r.path("MaxAttempts").asInt() < 1 || r.path("IntervalSeconds").asInt() < 1) {
                    problems.add(name + ": a retrier without backoff, MaxDelaySeconds or JitterStrategy FULL: " + r);
                }
            }
            if (child) {
                if (!retried.containsAll(CHILD_RETRIED)) {
                    problems.add(name + ": a child execution that does not retry " + CHILD_RETRIED + " (has " + retried + ")");
                }
            } else if (!retried.containsAll(RETRIED) && !retried.contains("States.ALL")) {
                problems.add(name + ": does not retry every transient error (has " + retried + ")");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyTaskAndTheExecutionHaveATimeout() {
        assertThat(machine.path("TimeoutSeconds").asInt()).as("the global timeout").isGreaterThan(90 * 24 * 3600);
        STATES.forEach((name, state) -> {
            if ("Task".equals(state.path("Type").asText())) {
                assertThat(state.has("TimeoutSeconds") || state.has("TimeoutSecondsPath")).as(name).isTrue();
            }
        });
    }

    @Test
    void aChildExecutionIsWaitedForAtLeastAsLongAsItMayRun() {
        assertThat(CHILDREN).isNotEmpty();
        STATES.forEach((name, state) -> {
            if (state.path("Resource").asText().equals("arn:aws:states:::states:startExecution.sync:2")) {
                JsonNode child = CHILDREN.get(state.at("/Parameters/StateMachineArn").asText());
                assertThat(child).as(name + ": starts a child state machine of template.yaml").isNotNull();
                assertThat(child.path("TimeoutSeconds").asInt()).as(name + ": the child's timeout").isPositive()
                        .isLessThanOrEqualTo(state.path("TimeoutSeconds").asInt());
                assertThat(state.at("/Parameters/Input/AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$").asText())
                        .as(name + ": links the child to this execution").isEqualTo("$$.Execution.Id");
            }
        });
    }

    @Test
    void theApprovalGatesWaitAsLongAsTheConfigSaysAndTheRollbackQuestionAsLongAsTheLongestWindow() {
        assertThat(STATES.get("5.2 Freeze approval").path("TimeoutSecondsPath").asText()).isEqualTo("$.config.approval.freezeTimeoutSeconds");
        assertThat(STATES.get("5.5 Cutover approval").path("TimeoutSecondsPath").asText()).isEqualTo("$.config.approval.cutoverTimeoutSeconds");
        assertThat(STATES.get("8.2 Confirm that the application writes to the target").path("TimeoutSecondsPath").asText())
                .isEqualTo("$.config.switch.acknowledgeTimeoutSeconds");
        // the input schema allows a rollback window of up to 720 h; the read-only watch ends the window, this is a bound
        assertThat(STATES.get("8a Ask whether to roll back").path("TimeoutSeconds").asInt()).isGreaterThan(720 * 3600);
        STATES.forEach((name, state) -> {
            if (state.path("Resource").asText().endsWith(".waitForTaskToken")) {
                assertThat(state.at("/Parameters/Payload/taskToken.$").asText()).as(name).isEqualTo("$$.Task.Token");
                assertThat(state.at("/Parameters/Payload/gate").asText()).as(name).isIn("FREEZE", "CUTOVER", "SWITCH", "ROLLBACK");
            }
        });
    }

    @Test
    void everyPollWaitsTheIntervalItsDecisionReturned() {
        List<String> waits = new ArrayList<>();
        STATES.forEach((name, state) -> {
            if ("Wait".equals(state.path("Type").asText())) {
                waits.add(name);
                String path = state.path("SecondsPath").asText();
                if (name.startsWith("9 ")) {
                    assertThat(path).isEqualTo("$.config.postGoLive.checkAfterSeconds");
                } else {
                    assertThat(path).as(name).endsWith(".waitSeconds");
                    assertThat(state.has("Seconds")).as(name + ": a fixed wait").isFalse();
                    // the poll it waits for is the state it goes back to, and that poll's result holds the decision
                    JsonNode poll = STATES.get(state.path("Next").asText());
                    assertThat(poll.path("Type").asText()).as(name + " goes back to a poll").isEqualTo("Task");
                    String decision = path.substring(0, path.length() - ".waitSeconds".length());
                    assertThat(decision).as(name).startsWith(poll.path("ResultPath").asText());
                }
            }
        });
        assertThat(waits).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void catchesKeepTheErrorInTheStateAndResultsAreSelected() {
        STATES.forEach((name, state) -> {
            for (JsonNode c : state.path("Catch")) {
                assertThat(c.has("ResultPath")).as(name + ": a Catch without ResultPath replaces the whole state with the error").isTrue();
            }
            if ("Task".equals(state.path("Type").asText()) && !state.path("ResultPath").isNull()
                    && !state.path("Resource").asText().endsWith(".waitForTaskToken")) {
                assertThat(state.has("ResultSelector")).as(name + ": carries the whole Lambda response").isTrue();
            }
        });
    }
}
