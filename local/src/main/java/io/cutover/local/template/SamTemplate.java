package io.cutover.local.template;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of template.yaml the local runner needs: the functions (logical id → handler class) and each
 * state machine's definition file and substitutions, with function references resolved to logical ids.
 */
public final class SamTemplate {
    private final Path file;
    private final Map<String, Object> tree;

    private SamTemplate(Path file, Map<String, Object> tree) {
        this.file = file;
        this.tree = tree;
    }

    public static SamTemplate read(Path file) {
        return new SamTemplate(file, CloudFormationYaml.read(file));
    }

    public Map<String, Object> tree() {
        return tree;
    }

    public Path file() {
        return file;
    }

    /** A top-level section (Parameters, Conditions, Outputs, Globals, …) as a map, empty if absent. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> section(String name) {
        return tree.get(name) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Logical ids of the resources of one type. */
    public List<String> resourcesOfType(String type) {
        return resources().entrySet().stream().filter(e -> type.equals(e.getValue().get("Type"))).map(Map.Entry::getKey).toList();
    }

    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> resources() {
        return (Map<String, Map<String, Object>>) (Map<?, ?>) tree.getOrDefault("Resources", Map.of());
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> properties(String logicalId) {
        Map<String, Object> resource = resources().get(logicalId);
        if (resource == null) {
            throw new IllegalArgumentException(file + " has no resource " + logicalId);
        }
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    public String type(String logicalId) {
        Map<String, Object> resource = resources().get(logicalId);
        return resource == null ? null : (String) resource.get("Type");
    }

    /** Function logical id → handler class name (the part before {@code ::}). */
    public Map<String, String> functionHandlers() {
        Map<String, String> handlers = new LinkedHashMap<>();
        resources().forEach((id, resource) -> {
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
                Object handler = properties(id).get("Handler");
                if (handler instanceof String h) {
                    handlers.put(id, h.contains("::") ? h.substring(0, h.indexOf("::")) : h);
                }
            }
        });
        return handlers;
    }

    public Path definitionFile(String stateMachineId) {
        Object uri = properties(stateMachineId).get("DefinitionUri");
        if (!(uri instanceof String path)) {
            throw new IllegalArgumentException(stateMachineId + " has no DefinitionUri file path");
        }
        return file.getParent().resolve(path).normalize();
    }

    /**
     * The state machine's DefinitionSubstitutions, each resolved for a local run: a reference to a function
     * ({@code !Ref Fn.Alias}, {@code !GetAtt Fn.Arn}, {@code !Ref Fn}) becomes the function's logical id; a
     * {@code !Ref} to a parameter becomes its default; other values must be given by the caller
     * ({@code overrides}), else the resolution fails naming the substitution.
     */
    @SuppressWarnings("unchecked")
    public Map<String, String> substitutionsForLocalRun(String stateMachineId, Map<String, String> overrides) {
        Map<String, Object> subs = (Map<String, Object>) properties(stateMachineId).getOrDefault("DefinitionSubstitutions", Map.of());
        Map<String, String> resolved = new LinkedHashMap<>();
        for (var entry : subs.entrySet()) {
            String name = entry.getKey();
            if (overrides.containsKey(name)) {
                resolved.put(name, overrides.get(name));
                continue;
            }
            resolved.put(name, resolve(entry.getValue())
                    .orElseThrow(() -> new IllegalArgumentException("substitution " + name + " of " + stateMachineId
                            + " cannot be resolved locally; pass it as an override")));
        }
        overrides.forEach(resolved::putIfAbsent);
        return resolved;
    }

    /** The function logical id a substitution value refers to, if it refers to one. */
    @SuppressWarnings("unchecked")
    public Optional<String> referencedFunction(Object value) {
        String target = null;
        if (value instanceof Map<?, ?> map) {
            if (map.get("Ref") instanceof String ref) {
                target = ref.contains(".") ? ref.substring(0, ref.indexOf('.')) : ref;
            } else if (map.get("Fn::GetAtt") instanceof List<?> list && !list.isEmpty()) {
                target = (String) list.get(0);
            }
        }
        if (target != null && "AWS::Serverless::Function".equals(type(target))) {
            return Optional.of(target);
        }
        return Optional.empty();
    }

    /** A state machine and the child state machines its tasks start (startExecution.sync:2), recursively. */
    @SuppressWarnings("unchecked")
    public List<String> stateMachinesOf(String stateMachineId) {
        java.util.Set<String> machines = new java.util.LinkedHashSet<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(stateMachineId));
        while (!todo.isEmpty()) {
            String machine = todo.pop();
            if (machines.add(machine)) {
                Map<String, Object> subs = (Map<String, Object>) properties(machine).getOrDefault("DefinitionSubstitutions", Map.of());
                subs.values().forEach(v -> referencedStateMachine(v).ifPresent(todo::add));
            }
        }
        return List.copyOf(machines);
    }

    /**
     * Every function a state machine's tasks invoke, those of the child state machines it starts included (logical ids,
     * as its substitutions name them in a local run).
     */
    @SuppressWarnings("unchecked")
    public List<String> functionsOf(String stateMachineId) {
        java.util.Set<String> functions = new java.util.LinkedHashSet<>();
        for (String machine : stateMachinesOf(stateMachineId)) {
            Map<String, Object> subs = (Map<String, Object>) properties(machine).getOrDefault("DefinitionSubstitutions", Map.of());
            subs.values().forEach(v -> referencedFunction(v).ifPresent(functions::add));
        }
        return List.copyOf(functions);
    }

    /** The state machine logical id a substitution value refers to ({@code !Ref X}: its ARN), if it refers to one. */
    public Optional<String> referencedStateMachine(Object value) {
        if (value instanceof Map<?, ?> map && map.get("Ref") instanceof String ref && !ref.contains(".")
                && "AWS::Serverless::StateMachine".equals(type(ref))) {
            return Optional.of(ref);
        }
        return Optional.empty();
    }

    /** The ARN a state machine of this template has in a local run. */
    public static String localStateMachineArn(String logicalId) {
        return "arn:aws:states:local:000000000000:stateMachine:" + logicalId;
    }

    @SuppressWarnings("unchecked")
    private Optional<String> resolve(Object value) {
        if (value instanceof String s) {
            return Optional.of(s);
        }
        Optional<String> function = referencedFunction(value);
        if (function.isPresent()) {
            return function;
        }
        Optional<String> stateMachine = referencedStateMachine(value);
        if (stateMachine.isPresent()) {
            return Optional.of(localStateMachineArn(stateMachine.get()));
        }
        if (value instanceof Map<?, ?> map && map.get("Ref") instanceof String ref) {
            Map<String, Object> params = (Map<String, Object>) tree.getOrDefault("Parameters", Map.of());
            if (params.get(ref) instanceof Map<?, ?> param && param.get("Default") != null) {
                return Optional.of(String.valueOf(param.get("Default")));
            }
        }
        return Optional.empty();
    }
}
