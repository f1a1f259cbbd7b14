package io.cutover.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Ports;
import io.cutover.local.Project;
import io.cutover.local.template.SamTemplate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs a real ASL file locally: the Node package aws-local-stepfunctions interprets it, and every Lambda task
 * is answered by a Java function in this JVM over loopback HTTP. Build one from template.yaml with
 * {@link #forStateMachine} (each task bound to its real handler, as deployed) and replace functions with
 * scripted stand-ins where a test needs to.
 */
public final class AslRunner {
    private final Path definition;
    private final String stateMachineName;
    private final Map<String, String> substitutions;
    private final Map<String, FunctionInvoker> functions;
    private final Map<String, Child> children;
    private final Long waitMillis;
    private final Long retryMillis;
    private final DriverCallbacks callbacks;
    private final boolean validate;
    private final boolean eventDetails;
    private final List<Consumer<ExecutionEvent>> listeners;

    private AslRunner(Builder b) {
        this.definition = b.definition;
        this.stateMachineName = b.stateMachineName;
        this.substitutions = Map.copyOf(b.substitutions);
        this.functions = Map.copyOf(b.functions);
        this.children = Map.copyOf(b.children);
        this.waitMillis = b.waitMillis;
        this.retryMillis = b.retryMillis;
        this.callbacks = b.callbacks;
        this.validate = b.validate;
        this.eventDetails = b.eventDetails;
        this.listeners = List.copyOf(b.listeners);
    }

    public static Builder builder(Path definition) {
        return new Builder(definition);
    }

    /**
     * A runner for one state machine of template.yaml: its DefinitionUri and DefinitionSubstitutions, every
     * referenced function bound to a new instance of its Handler class built with {@code ports}.
     */
    public static Builder forStateMachine(String stateMachineId, Ports ports) {
        return forStateMachine(SamTemplate.read(Project.template()), stateMachineId, ports, Map.of());
    }

    public static Builder forStateMachine(SamTemplate template, String stateMachineId, Ports ports, Map<String, String> otherSubstitutions) {
        Builder builder = new Builder(template.definitionFile(stateMachineId)).stateMachineName(stateMachineId);
        builder.substitutions.putAll(bind(template, stateMachineId, ports, otherSubstitutions, builder));
        return builder;
    }

    /**
     * The substitutions of one state machine for a local run; binds the functions they name to their handlers and the
     * state machines they name (child executions, {@code startExecution.sync:2}) to their definitions, recursively.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> bind(SamTemplate template, String stateMachineId, Ports ports, Map<String, String> others,
                                            Builder builder) {
        Map<String, String> subs = template.substitutionsForLocalRun(stateMachineId, others);
        Map<String, String> handlers = template.functionHandlers();
        for (String value : subs.values()) {
            String handler = handlers.get(value);
            if (handler != null && !builder.functions.containsKey(value)) {
                builder.function(value, Handlers.invoker(Handlers.instantiate(handler, ports), value));
            }
        }
        Map<String, Object> declared = (Map<String, Object>) template.properties(stateMachineId).getOrDefault("DefinitionSubstitutions", Map.of());
        for (Object value : declared.values()) {
            template.referencedStateMachine(value).ifPresent(child -> {
                String arn = SamTemplate.localStateMachineArn(child);
                if (!builder.children.containsKey(arn)) {
                    builder.children.put(arn, new Child(template.definitionFile(child), Map.of(), child));
                    builder.children.put(arn, new Child(template.definitionFile(child), bind(template, child, ports, others, builder), child));
                }
            });
        }
        return subs;
    }

    /** A state machine a Task of this one starts as a child execution ({@code startExecution.sync:2}). */
    record Child(Path definition, Map<String, String> substitutions, String stateMachineName) {}

    public DriverCallbacks callbacks() {
        return callbacks;
    }

    /** Starts an execution; the caller awaits it (or aborts it) and closes it. */
    public AslExecution start(JsonNode input) {
        return start(input, "local-" + UUID.randomUUID().toString().substring(0, 8), null);
    }

    /** Starts at {@code startAt} instead of StartAt: a redrive from a failed state, with that state's input. */
    public AslExecution start(JsonNode input, String executionName, String startAt) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("definitionPath", definition.toAbsolutePath().toString());
        spec.put("substitutions", substitutions);
        spec.put("input", input);
        spec.put("executionName", executionName);
        spec.put("stateMachineName", stateMachineName);
        spec.put("waitMillis", waitMillis);
        spec.put("retryMillis", retryMillis);
        spec.put("validate", validate);
        spec.put("eventDetails", eventDetails);
        Map<String, Object> childSpecs = new LinkedHashMap<>();
        children.forEach((arn, child) -> childSpecs.put(arn, Map.of("definitionPath", child.definition().toAbsolutePath().toString(),
                "substitutions", child.substitutions(), "stateMachineName", child.stateMachineName())));
        spec.put("children", childSpecs);
        if (startAt != null) {
            spec.put("startAt", startAt);
        }
        return AslExecution.start(Json.tree(spec), functions, callbacks, listeners);
    }

    /** Runs an execution to its end (at most {@code timeout}). */
    public ExecutionResult run(JsonNode input, Duration timeout) {
        try (AslExecution execution = start(input)) {
            return execution.await(timeout);
        }
    }

    public ExecutionResult run(JsonNode input) {
        return run(input, Duration.ofMinutes(10));
    }

    public static final class Builder {
        private final Path definition;
        private String stateMachineName = "local";
        private final Map<String, String> substitutions = new LinkedHashMap<>();
        private final Map<String, FunctionInvoker> functions = new LinkedHashMap<>();
        private final Map<String, Child> children = new LinkedHashMap<>();
        private Long waitMillis = 0L;
        private Long retryMillis = 0L;
        private DriverCallbacks callbacks = new DriverCallbacks();
        private boolean validate = true;
        private boolean eventDetails = true;
        private final List<Consumer<ExecutionEvent>> listeners = new java.util.ArrayList<>();

        private Builder(Path definition) {
            this.definition = definition;
        }

        public Builder stateMachineName(String name) {
            this.stateMachineName = name;
            return this;
        }

        public Builder substitution(String name, String value) {
            substitutions.put(name, value);
            return this;
        }

        /** Binds (or replaces) the function that tasks naming {@code functionName} invoke. */
        public Builder function(String functionName, FunctionInvoker invoker) {
            functions.put(functionName, invoker);
            return this;
        }

        /** Every Wait state lasts this long (null: as written in the ASL). Default 0. */
        public Builder waitMillis(Long millis) {
            this.waitMillis = millis;
            return this;
        }

        /** Every Retry interval lasts this long (null: as written in the ASL). Default 0. */
        public Builder retryMillis(Long millis) {
            this.retryMillis = millis;
            return this;
        }

        /** The callback port the handlers under test were given (so their SendTask* reach this runner). */
        public Builder callbacks(DriverCallbacks callbacks) {
            this.callbacks = callbacks;
            return this;
        }

        /**
         * Whether the engine validates the definition before each run (default true; it costs time on every run of
         * the large migration machine). Tests that run the same, separately validated file many times may switch it off.
         */
        public Builder validate(boolean validate) {
            this.validate = validate;
            return this;
        }

        /**
         * Binds the state machine a {@code startExecution.sync:2} task names by {@code arn} (after substitution) to a
         * definition file, run as a child execution with its own history.
         */
        public Builder child(String arn, Path definition, Map<String, String> substitutions, String stateMachineName) {
            children.put(arn, new Child(definition, Map.copyOf(substitutions), stateMachineName));
            return this;
        }

        /**
         * Whether events carry the states' inputs and outputs (default true). A very long execution leaves them out so
         * that its tens of thousands of events stay small; the result's output is always there.
         */
        public Builder eventDetails(boolean eventDetails) {
            this.eventDetails = eventDetails;
            return this;
        }

        public Builder listener(Consumer<ExecutionEvent> listener) {
            listeners.add(listener);
            return this;
        }

        public AslRunner build() {
            return new AslRunner(this);
        }
    }
}
