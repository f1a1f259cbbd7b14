package io.cutover.local.template;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Evaluates a template's Conditions for given parameter values (the defaults where none is given), to tell
 * which resources a deployment would create, and which Rules would refuse the stack. Supports what conditions and
 * rules are made of here: Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition, Ref to parameters and pseudo parameters
 * given as values.
 */
public final class ConditionEvaluator {
    private final SamTemplate template;
    private final Map<String, String> values;

    public ConditionEvaluator(SamTemplate template, Map<String, String> values) {
        this.template = template;
        this.values = values;
    }

    /** Logical ids of the resources created with these parameter values, in template order. */
    public List<String> createdResources() {
        return template.resources().entrySet().stream()
                .filter(e -> !(e.getValue().get("Condition") instanceof String c) || holds(c))
                .map(Map.Entry::getKey)
                .collect(Collectors.toList());
    }

    /**
     * The AssertDescription of every Rules assertion these parameter values break (CloudFormation refuses the stack
     * before creating anything): rules whose RuleCondition holds (or that have none) and whose Assert is false.
     */
    public List<String> refusedBy() {
        List<String> refused = new java.util.ArrayList<>();
        for (Object rule : template.section("Rules").values()) {
            Map<?, ?> r = (Map<?, ?>) rule;
            if (r.get("RuleCondition") != null && !truth(r.get("RuleCondition"))) {
                continue;
            }
            for (Object assertion : (List<?>) r.get("Assertions")) {
                Map<?, ?> a = (Map<?, ?>) assertion;
                if (!truth(a.get("Assert"))) {
                    refused.add(String.valueOf(a.get("AssertDescription")).strip());
                }
            }
        }
        return refused;
    }

    public boolean holds(String condition) {
        Object definition = template.section("Conditions").get(condition);
        if (definition == null) {
            throw new IllegalArgumentException("no condition " + condition);
        }
        return truth(definition);
    }

    private boolean truth(Object node) {
        if (!(node instanceof Map<?, ?> map) || map.size() != 1) {
            throw new IllegalArgumentException("not a condition function: " + node);
        }
        var entry = map.entrySet().iterator().next();
        List<?> args = entry.getValue() instanceof List<?> l ? l : List.of();
        return switch (String.valueOf(entry.getKey())) {
            case "Condition" -> holds(String.valueOf(entry.getValue()));
            case "Fn::Not" -> !truth(args.get(0));
            case "Fn::And" -> args.stream().allMatch(this::truth);
            case "Fn::Or" -> args.stream().anyMatch(this::truth);
            case "Fn::Equals" -> value(args.get(0)).equals(value(args.get(1)));
            default -> throw new IllegalArgumentException("unsupported condition function " + entry.getKey());
        };
    }

    private String value(Object node) {
        if (node instanceof Map<?, ?> map && map.get("Ref") instanceof String ref) {
            if (values.containsKey(ref)) {
                return values.get(ref);
            }
            if (template.section("Parameters").get(ref) instanceof Map<?, ?> p && p.containsKey("Default")) {
                return String.valueOf(p.get("Default"));
            }
            throw new IllegalArgumentException("no value for " + ref);
        }
        return String.valueOf(node);
    }
}
