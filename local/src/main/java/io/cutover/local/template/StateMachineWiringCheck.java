package io.cutover.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.local.template.Intrinsics.Reference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each state machine and its ASL file agree: the DefinitionUri file exists; every {@code ${…}} in the file has
 * a DefinitionSubstitution and every substitution is used; a substitution that names a function names its
 * alias ({@code !Ref Fn.Alias}: SnapStart runs published versions only); every Lambda task takes its function
 * from a substitution; and the state machine's role may invoke every function its ASL invokes (a
 * LambdaInvokePolicy on the function, or a statement allowing lambda:InvokeFunction on it).
 */
public final class StateMachineWiringCheck implements TemplateCheck {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    @Override
    public List<String> problems(SamTemplate template) {
        List<String> problems = new ArrayList<>();
        for (String id : template.resourcesOfType("AWS::Serverless::StateMachine")) {
            check(template, id, problems);
        }
        return problems;
    }

    @SuppressWarnings("unchecked")
    private void check(SamTemplate t, String id, List<String> problems) {
        Object uri = t.properties(id).get("DefinitionUri");
        if (!(uri instanceof String)) {
            return; // an inline Definition or an S3 location: nothing local to compare
        }
        Path file = t.definitionFile(id);
        if (!Files.isRegularFile(file)) {
            problems.add(id + ": DefinitionUri " + uri + " does not exist");
            return;
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> subs = t.properties(id).get("DefinitionSubstitutions") instanceof Map<?, ?> m
                ? (Map<String, Object>) m : Map.of();
        Set<String> used = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            used.add(matcher.group(1));
        }
        for (String name : used) {
            if (!subs.containsKey(name)) {
                problems.add(id + ": ${" + name + "} in " + uri + " has no DefinitionSubstitution");
            }
        }
        for (String name : subs.keySet()) {
            if (!used.contains(name)) {
                problems.add(id + ": substitution " + name + " is not used by " + uri);
            }
            Object value = subs.get(name);
            t.referencedFunction(value).ifPresent(fn -> {
                if (!(value instanceof Map<?, ?> ref && (fn + ".Alias").equals(ref.get("Ref")))) {
                    problems.add(id + ": substitution " + name + " must be !Ref " + fn + ".Alias (SnapStart applies to published versions only)");
                }
            });
        }
        JsonNode machine;
        try {
            machine = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            problems.add(id + ": " + uri + " is not JSON: " + e.getMessage());
            return;
        }
        Set<String> mayInvoke = invokable(t, id);
        lambdaTasks(machine).forEach((state, functionName) -> {
            Matcher m = PLACEHOLDER.matcher(functionName);
            if (!m.matches()) {
                problems.add(id + ": state '" + state + "' invokes " + functionName + ", not a ${…} substitution");
                return;
            }
            Object value = subs.get(m.group(1));
            if (value == null) {
                return; // reported above
            }
            Optional<String> fn = t.referencedFunction(value);
            if (fn.isEmpty()) {
                problems.add(id + ": state '" + state + "' invokes ${" + m.group(1) + "}, which is not a function of this template");
            } else if (!mayInvoke.contains(fn.get())) {
                problems.add(id + ": state '" + state + "' invokes " + fn.get() + " but the state machine's role may not"
                        + " (add LambdaInvokePolicy: {FunctionName: !Ref " + fn.get() + "})");
            }
        });
    }

    /** Task state name → FunctionName (or Resource) of every Lambda task, nested states included. */
    static Map<String, String> lambdaTasks(JsonNode machine) {
        Map<String, String> tasks = new LinkedHashMap<>();
        machine.path("States").fields().forEachRemaining(e -> {
            JsonNode state = e.getValue();
            String resource = state.path("Resource").asText("");
            if ("Task".equals(state.path("Type").asText())) {
                if (resource.startsWith("arn:aws:states:::lambda:invoke")) {
                    JsonNode args = state.has("Parameters") ? state.get("Parameters") : state.path("Arguments");
                    tasks.put(e.getKey(), args.path("FunctionName").asText(""));
                } else if (resource.startsWith("${")) {
                    tasks.put(e.getKey(), resource); // the legacy form: the function ARN as the Resource
                }
            }
            for (JsonNode branch : state.path("Branches")) {
                tasks.putAll(lambdaTasks(branch));
            }
            JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
            if (processor != null) {
                tasks.putAll(lambdaTasks(processor));
            }
        });
        return tasks;
    }

    /** The functions the state machine's role may invoke. */
    private static Set<String> invokable(SamTemplate t, String id) {
        Set<String> functions = new TreeSet<>();
        for (Map<?, ?> policy : IamPolicies.policyTemplates(t, id)) {
            if (policy.get("LambdaInvokePolicy") instanceof Map<?, ?> args) {
                t.referencedFunction(args.get("FunctionName")).ifPresent(functions::add);
            }
        }
        for (IamPolicies.Statement s : IamPolicies.ofSamResource(t, id)) {
            boolean invoke = s.allows() && s.actions().stream().anyMatch(a -> a.equals("lambda:InvokeFunction") || a.equals("lambda:*"));
            if (invoke) {
                for (Reference r : Intrinsics.references(s.body().get("Resource"))) {
                    if ("AWS::Serverless::Function".equals(t.type(r.target()))) {
                        functions.add(r.target());
                    }
                }
            }
        }
        return functions;
    }
}
