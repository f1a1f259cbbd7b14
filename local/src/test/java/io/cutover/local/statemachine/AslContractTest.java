package io.cutover.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.input.InputValidator;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.json.Json;
import io.cutover.core.json.NonNull;
import io.cutover.local.Project;
import io.cutover.local.statemachine.AslContract.Shape;
import io.cutover.local.statemachine.AslContract.Violation;
import io.cutover.local.template.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The static contract between the ASL files and the Java their tasks run ({@link AslContract}): every path a state
 * reads from a task's result, from the validated config or from what earlier states wrote is always there. A path
 * that points to nothing is a States.Runtime error, which no Catch catches (after the freeze: with the source frozen).
 * For each Task, template.yaml says which function its FunctionName is (DefinitionSubstitutions) and which handler the
 * function runs (Handler); the handler's {@code TaskHandler<In, Out>} gives the record it returns. A record component
 * is known to be there when it is a primitive or marked {@link NonNull} (TaskHandler refuses a result where one is
 * null). A config path must be in the input schema, and required or given a default by the config records.
 */
class AslContractTest {
    private static final SamTemplate TEMPLATE = SamTemplate.read(Project.template());
    /**
     * The smallest input each purpose accepts (the schema's required fields, and the fields Cutover's rules require to
     * run a migration), normalised as "Validate input" returns it: what the config holds when nothing optional is given.
     */
    private static final Map<InputValidator.Purpose, JsonNode> NORMALISED_MINIMAL_CONFIG = Map.of(
            InputValidator.Purpose.MIGRATION, Json.tree(new InputValidator().validate(Json.parse("""
                    {"migrationId": "min", "source": {"secretId": "s"}, "target": {"secretId": "t", "clusterIdentifier": "c"},
                     "schemas": ["app"], "dms": {"replicationInstanceArn": "arn:aws:dms:eu-west-1:123456789012:rep:R",
                     "secretsAccessRoleArn": "arn:aws:iam::123456789012:role/r"}}"""), InputValidator.Purpose.MIGRATION)),
            InputValidator.Purpose.READINESS, Json.tree(new InputValidator().validate(Json.parse("""
                    {"migrationId": "min", "source": {"secretId": "s"}, "target": {"secretId": "t"}, "schemas": ["app"]}"""),
                    InputValidator.Purpose.READINESS)));

    @Test
    void everyPathTheMigrationAndItsChildExecutionsReadIsAlwaysThere() {
        assertThat(check("MigrationStateMachine")).as("paths that may point to nothing (States.Runtime, uncaught)").isEmpty();
    }

    @Test
    void everyPathTheReadinessChecksReadIsAlwaysThere() {
        assertThat(check("ReadinessStateMachine")).as("paths that may point to nothing (States.Runtime, uncaught)").isEmpty();
    }

    /** The checker on a purpose-built machine: each kind of path that may point to nothing is reported by state and field. */
    @Test
    void missingOrNullableFieldsUndefinedOrUndefaultedConfigAndLocationsNotWrittenOnEveryPathAreReported() {
        JsonNode asl = Json.parse("""
                {"StartAt": "Validate", "States": {
                  "Validate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "${ValidateFunctionArn}", "Payload": {"input.$": "$"}},
                    "ResultSelector": {"config.$": "$.Payload"}, "Next": "Check"},
                  "Check": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "${CheckFunctionArn}", "Payload": {"config.$": "$.config"}},
                    "ResultSelector": {"present.$": "$.Payload.present", "maybe.$": "$.Payload.maybe", "missing.$": "$.Payload.missing",
                                       "count.$": "$.Payload.count", "name.$": "$.Payload.inner.name"},
                    "ResultPath": "$.check", "Next": "Branch"},
                  "Branch": {"Type": "Choice", "Choices": [
                      {"Variable": "$.check.present", "StringEquals": "yes", "Next": "Write late"},
                      {"And": [{"Variable": "$.check.maybe", "IsPresent": true}, {"Variable": "$.check.maybe", "StringEquals": "x"}],
                       "Next": "Join"}],
                    "Default": "Join"},
                  "Write late": {"Type": "Pass", "Result": {"v": 1}, "ResultPath": "$.late", "Next": "Join"},
                  "Join": {"Type": "Pass", "Parameters": {
                      "lag.$": "$.config.cutover.maxLagSeconds", "cluster.$": "$.config.target.clusterIdentifier",
                      "nope.$": "$.config.cutover.nope", "late.$": "States.Format('{}', $.late.v)"},
                    "ResultPath": "$.joined", "End": true}}}""");
        AslContract.World world = new AslContract.World() {
            @Override
            public Type resultType(String functionName) {
                return functionName.equals("${ValidateFunctionArn}") ? MigrationConfig.class : Sample.class;
            }

            @Override
            public Set<Shape> childOutput(String stateMachineArn) {
                throw new IllegalArgumentException(stateMachineArn);
            }

            @Override
            public List<String> configProblems(List<String> segments) {
                return AslContractTest.configProblems(segments, InputValidator.Purpose.READINESS);
            }
        };

        List<String> found = AslContract.check("sample", asl, Map.of("", Set.of(new AslContract.OpaqueShape("the input"))), world)
                .violations().stream().map(Violation::toString).toList();

        assertThat(found).containsExactlyInAnyOrder(
                "sample: \"Check\" reads $.Payload.maybe: Sample.maybe can be null, and Json.MAPPER leaves it out: mark it @NonNull "
                        + "if the handler always sets it (TaskHandler then refuses a null), or do not read it",
                "sample: \"Check\" reads $.Payload.missing: " + Sample.class.getName() + " has no component missing",
                "sample: \"Join\" reads $.config.target.clusterIdentifier: $.config.target.clusterIdentifier is optional in the input "
                        + "schema and has no default: it is absent from the config when the input leaves it out",
                "sample: \"Join\" reads $.config.cutover.nope: the input schema defines no $.config.cutover.nope",
                "sample: \"Join\" reads $.late.v: $.late is not written on every path to this state");
    }

    /** A handler's result for the sample machine: one component of each kind. */
    record Sample(@NonNull String present, String maybe, int count, @NonNull Inner inner) {}

    record Inner(@NonNull String name) {}

    // ---- template.yaml's machines ----------------------------------------------------------------------------

    /** A machine of template.yaml and the children it starts: the children checked with the inputs the parent gives them. */
    static List<String> check(String stateMachineId) {
        List<String> machines = TEMPLATE.stateMachinesOf(stateMachineId);
        Map<String, Set<Shape>> outputs = new LinkedHashMap<>();
        Map<String, Set<Map<String, Set<Shape>>>> inputs = new LinkedHashMap<>();
        // children first, on an input that holds the config and opaque values, for the output their parent reads
        for (String child : machines.reversed()) {
            if (!child.equals(stateMachineId)) {
                Map<String, Set<Shape>> input = Map.of("config", Set.of(new AslContract.ConfigShape()));
                outputs.put(child, AslContract.check(child, definition(child), input, world(child, outputs)).outputShape());
            }
        }
        List<String> problems = new ArrayList<>();
        AslContract.Result root = AslContract.check(stateMachineId, definition(stateMachineId),
                Map.of("", Set.of(new AslContract.OpaqueShape("the execution input"))), world(stateMachineId, outputs));
        root.violations().forEach(v -> problems.add(v.toString()));
        collectInputs(stateMachineId, root, inputs);
        for (String child : machines) {
            if (child.equals(stateMachineId)) {
                continue;
            }
            Set<Map<String, Set<Shape>>> given = inputs.get(child);
            assertThat(given).as(child + " is started by a task").isNotNull();
            for (Map<String, Set<Shape>> input : given) {
                AslContract.Result r = AslContract.check(child, definition(child), input, world(child, outputs));
                r.violations().forEach(v -> problems.add(v.toString()));
            }
        }
        return problems;
    }

    private static void collectInputs(String machine, AslContract.Result result, Map<String, Set<Map<String, Set<Shape>>>> inputs) {
        result.childInputs().forEach((arn, given) -> inputs.computeIfAbsent(child(machine, arn), k -> new LinkedHashSet<>()).addAll(given));
    }

    private static JsonNode definition(String stateMachineId) {
        try {
            return Json.parse(Files.readString(TEMPLATE.definitionFile(stateMachineId)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The substitution a ${…} placeholder of a machine's definition names, as a logical id of template.yaml. */
    @SuppressWarnings("unchecked")
    private static Object substitution(String machine, String placeholder) {
        Map<String, Object> subs = (Map<String, Object>) TEMPLATE.properties(machine).get("DefinitionSubstitutions");
        String name = placeholder.substring(2, placeholder.length() - 1);
        assertThat(subs).as(machine + "'s DefinitionSubstitutions").containsKey(name);
        return subs.get(name);
    }

    private static String child(String machine, String arnPlaceholder) {
        return TEMPLATE.referencedStateMachine(substitution(machine, arnPlaceholder)).orElseThrow();
    }

    private static AslContract.World world(String machine, Map<String, Set<Shape>> outputs) {
        return new AslContract.World() {
            @Override
            public Type resultType(String functionName) {
                String function = TEMPLATE.referencedFunction(substitution(machine, functionName)).orElseThrow();
                String handler = TEMPLATE.functionHandlers().get(function);
                try {
                    return outputType(Class.forName(handler));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(handler, e);
                }
            }

            @Override
            public Set<Shape> childOutput(String stateMachineArn) {
                return outputs.getOrDefault(child(machine, stateMachineArn), Set.of(new AslContract.OpaqueShape("a child's output")));
            }

            @Override
            public List<String> configProblems(List<String> segments) {
                return AslContractTest.configProblems(segments, TEMPLATE.stateMachinesOf("MigrationStateMachine").contains(machine)
                        ? InputValidator.Purpose.MIGRATION : InputValidator.Purpose.READINESS);
            }
        };
    }

    /** Out of {@code TaskHandler<In, Out>}, up the class hierarchy. */
    static Type outputType(Class<?> handler) {
        for (Class<?> c = handler; c != null; c = c.getSuperclass()) {
            if (c.getGenericSuperclass() instanceof ParameterizedType p && p.getRawType() == TaskHandler.class) {
                return p.getActualTypeArguments()[1];
            }
        }
        throw new IllegalStateException(handler + " does not extend TaskHandler");
    }

    /** A path into the validated config: defined by the input schema, and in the config even when the input leaves it out. */
    static List<String> configProblems(List<String> segments, InputValidator.Purpose purpose) {
        String path = "$.config." + String.join(".", segments);
        JsonNode schema = WorstCase.schema();
        JsonNode node = schema;
        for (String seg : segments) {
            node = deref(schema, node);
            if (!node.path("properties").has(seg)) {
                return List.of("the input schema defines no " + path);
            }
            node = node.path("properties").get(seg);
        }
        JsonNode value = NORMALISED_MINIMAL_CONFIG.get(purpose);
        for (String seg : segments) {
            value = value.path(seg);
        }
        if (value.isMissingNode() || value.isNull()) {
            return List.of(path + " is optional in the input schema and has no default: it is absent from the config when the input "
                    + "leaves it out");
        }
        return List.of();
    }

    private static JsonNode deref(JsonNode schema, JsonNode node) {
        while (node.has("$ref")) {
            node = schema.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }
}
