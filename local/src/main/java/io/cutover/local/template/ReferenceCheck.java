package io.cutover.local.template;

import io.cutover.local.template.Intrinsics.Kind;
import io.cutover.local.template.Intrinsics.Reference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every Ref, GetAtt, Sub variable, DependsOn and condition name points at something that exists (resource,
 * parameter, pseudo parameter, condition); a resource that exists only under a condition is referenced only
 * where that condition holds (else the stack fails to deploy when it is false); every parameter and condition
 * is used.
 */
public final class ReferenceCheck implements TemplateCheck {
    @Override
    public List<String> problems(SamTemplate template) {
        return new Run(template).run();
    }

    private static final class Run {
        final SamTemplate t;
        final Map<String, Map<String, Object>> resources;
        final Map<String, Object> parameters;
        final Map<String, Object> conditions;
        final List<String> problems = new ArrayList<>();
        final Set<String> usedParameters = new HashSet<>();
        final Set<String> usedConditions = new HashSet<>();

        Run(SamTemplate t) {
            this.t = t;
            this.resources = t.resources();
            this.parameters = t.section("Parameters");
            this.conditions = t.section("Conditions");
        }

        List<String> run() {
            conditions.forEach((name, definition) -> {
                for (Reference r : Intrinsics.references(definition)) {
                    if (r.kind() == Kind.CONDITION) {
                        condition("Conditions." + name, r.target());
                    } else if (parameters.containsKey(r.target()) || Intrinsics.PSEUDO_PARAMETERS.contains(r.target())) {
                        usedParameters.add(r.target());
                    } else {
                        problems.add("Conditions." + name + ": " + r.written() + " is not a parameter (conditions can only use parameters)");
                    }
                }
            });
            resources.forEach((id, resource) -> {
                String condition = resource.get("Condition") instanceof String c ? c : null;
                if (condition != null) {
                    condition(id, condition);
                }
                Set<String> when = condition == null ? Set.of() : Set.of(condition);
                for (String dependency : dependsOn(resource.get("DependsOn"))) {
                    if (!resources.containsKey(dependency)) {
                        problems.add(id + ": DependsOn " + dependency + ", which is not a resource");
                    } else {
                        guarded(id, "DependsOn " + dependency, dependency, when);
                    }
                }
                for (String section : List.of("Properties", "Metadata")) {
                    for (Reference r : Intrinsics.references(resource.get(section))) {
                        reference(id, r, when);
                    }
                }
            });
            // Globals apply to every function of their kind, whatever its condition.
            t.section("Globals").forEach((kind, settings) -> {
                for (Reference r : Intrinsics.references(settings)) {
                    reference("Globals." + kind, r, Set.of());
                }
            });
            t.section("Outputs").forEach((name, output) -> {
                Map<?, ?> o = output instanceof Map<?, ?> m ? m : Map.of();
                String condition = o.get("Condition") instanceof String c ? c : null;
                if (condition != null) {
                    condition("Outputs." + name, condition);
                }
                Set<String> when = condition == null ? Set.of() : Set.of(condition);
                for (Reference r : Intrinsics.references(o.get("Value"))) {
                    reference("Outputs." + name, r, when);
                }
                for (Reference r : Intrinsics.references(o.get("Export"))) {
                    reference("Outputs." + name, r, when);
                }
            });
            for (String p : parameters.keySet()) {
                if (!usedParameters.contains(p)) {
                    problems.add("Parameters." + p + ": never used");
                }
            }
            for (String c : conditions.keySet()) {
                if (!usedConditions.contains(c)) {
                    problems.add("Conditions." + c + ": never used");
                }
            }
            return problems;
        }

        void condition(String source, String name) {
            usedConditions.add(name);
            if (!conditions.containsKey(name)) {
                problems.add(source + ": condition " + name + " does not exist");
            }
        }

        void reference(String source, Reference r, Set<String> when) {
            Set<String> known = new HashSet<>(when);
            known.addAll(r.whenConditions());
            String target = r.target();
            switch (r.kind()) {
                case CONDITION -> condition(source, target);
                case REF, SUB -> {
                    if (Intrinsics.PSEUDO_PARAMETERS.contains(target)) {
                        return;
                    }
                    if (parameters.containsKey(target) && r.attribute() == null) {
                        usedParameters.add(target);
                        return;
                    }
                    if (!resources.containsKey(target)) {
                        problems.add(source + ": " + r.written() + ": no resource, parameter or pseudo parameter " + target);
                        return;
                    }
                    if (r.kind() == Kind.REF && r.attribute() != null) {
                        String type = t.type(target);
                        if (!SamTypes.REF_SUFFIXES.getOrDefault(type, Set.of()).contains(r.attribute())) {
                            problems.add(source + ": " + r.written() + ": " + type + " has no reference ." + r.attribute());
                            return;
                        }
                    }
                    guarded(source, r.written(), target, known);
                }
                case GETATT -> {
                    if (!resources.containsKey(target)) {
                        problems.add(source + ": " + r.written() + ": no resource " + target);
                        return;
                    }
                    guarded(source, r.written(), target, known);
                }
            }
        }

        /** A reference to a conditional resource must sit where its condition is known to hold. */
        void guarded(String source, String written, String target, Set<String> when) {
            Object condition = resources.get(target).get("Condition");
            if (condition instanceof String c && !implied(when).contains(c)) {
                problems.add(source + ": " + written + ": " + target + " exists only when condition " + c
                        + " holds; give " + source + " that condition or wrap the reference in Fn::If " + c);
            }
        }

        /** The conditions that hold when all of {@code when} hold: Fn::And conditions imply their members. */
        Set<String> implied(Set<String> when) {
            Set<String> known = new LinkedHashSet<>(when);
            boolean grew = true;
            while (grew) {
                grew = false;
                for (String c : List.copyOf(known)) {
                    if (conditions.get(c) instanceof Map<?, ?> def && def.get("Fn::And") instanceof List<?> members) {
                        for (Object m : members) {
                            if (m instanceof Map<?, ?> mm && mm.size() == 1 && mm.get("Condition") instanceof String inner) {
                                grew |= known.add(inner);
                            }
                        }
                    }
                }
            }
            return known;
        }

        static List<String> dependsOn(Object value) {
            if (value instanceof String s) {
                return List.of(s);
            }
            if (value instanceof List<?> list) {
                return list.stream().map(String::valueOf).toList();
            }
            return List.of();
        }
    }
}
