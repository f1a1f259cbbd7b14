package io.cutover.local.asl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.local.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariants of every statemachine/*.asl.json, checked without running it. How each file is wired into
 * template.yaml (placeholders and substitutions, invoke permissions) is checked by
 * {@link io.cutover.local.template.StateMachineWiringCheck}.
 */
class AslFilesTest {
    private static final List<String> LAMBDA_SERVICE_ERRORS = List.of("Lambda.ServiceException", "Lambda.AWSLambdaException",
            "Lambda.SdkClientException", "Lambda.TooManyRequestsException");

    static List<Path> aslFiles() throws IOException {
        try (Stream<Path> files = Files.list(Project.root().resolve("statemachine"))) {
            return files.filter(p -> p.toString().endsWith(".asl.json")).sorted().toList();
        }
    }

    /** Every state, nested ones included (Parallel branches, Map processors), by name. */
    static Map<String, JsonNode> allStates(JsonNode machine) {
        Map<String, JsonNode> states = new LinkedHashMap<>();
        machine.path("States").fields().forEachRemaining(e -> {
            states.put(e.getKey(), e.getValue());
            for (JsonNode branch : e.getValue().path("Branches")) {
                states.putAll(allStates(branch));
            }
            JsonNode processor = e.getValue().has("ItemProcessor") ? e.getValue().get("ItemProcessor") : e.getValue().get("Iterator");
            if (processor != null) {
                states.putAll(allStates(processor));
            }
        });
        return states;
    }

    @ParameterizedTest
    @MethodSource("aslFiles")
    void aslValidatorAcceptsIt(Path file) {
        AslValidator.Result result = AslValidator.validate(file);
        assertThat(result.valid()).as(result.output()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("aslFiles")
    void everyCutoverErrorNameIsAnExistingExceptionClass(Path file) throws IOException {
        JsonNode machine = Json.parse(Files.readString(file));
        List<String> problems = new ArrayList<>();
        allStates(machine).forEach((name, state) -> {
            for (String field : List.of("Retry", "Catch")) {
                for (JsonNode rule : state.path(field)) {
                    for (JsonNode error : rule.path("ErrorEquals")) {
                        String type = error.asText();
                        if (type.startsWith("io.cutover.") && !isThrowable(type)) {
                            problems.add(name + " " + field + " names " + type + ", which is not an exception class");
                        }
                    }
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("aslFiles")
    void everyTaskHasATimeoutRetriesLambdaErrorsAndLogsItsStateName(Path file) throws IOException {
        JsonNode machine = Json.parse(Files.readString(file));
        List<String> problems = new ArrayList<>();
        allStates(machine).forEach((name, state) -> {
            if (!state.hasNonNull("Comment")) {
                problems.add(name + ": no Comment");
            }
            if (!"Task".equals(state.path("Type").asText())) {
                return;
            }
            if (!state.has("TimeoutSeconds") && !state.has("TimeoutSecondsPath")) {
                problems.add(name + ": no TimeoutSeconds (the local engine's default is 60 s, AWS's is a year)");
            }
            Set<String> retried = new TreeSet<>();
            state.path("Retry").forEach(r -> r.path("ErrorEquals").forEach(e -> retried.add(e.asText())));
            if (state.path("Resource").asText().startsWith("arn:aws:states:::states:startExecution")) {
                // a child execution: no Lambda of its own (its tasks follow these rules); the start itself is retried
                // while the account's open executions are at their quota (MigrationAslRulesTest)
                if (!retried.contains("StepFunctions.ExecutionLimitExceededException")) {
                    problems.add(name + ": does not retry StepFunctions.ExecutionLimitExceededException");
                }
                return;
            }
            if (!retried.containsAll(LAMBDA_SERVICE_ERRORS)) {
                problems.add(name + ": does not retry " + LAMBDA_SERVICE_ERRORS);
            }
            if (!"$$.State.Name".equals(state.at("/Parameters/Payload/stateName.$").asText())) {
                problems.add(name + ": Payload lacks \"stateName.$\": \"$$.State.Name\" (logs name the state)");
            }
        });
        assertThat(problems).isEmpty();
    }

    private static boolean isThrowable(String className) {
        try {
            return Throwable.class.isAssignableFrom(Class.forName(className));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
