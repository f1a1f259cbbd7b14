package io.cutover.local.template;

import io.cutover.local.template.Intrinsics.Reference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * CloudFormation rejects a template whose resources depend on each other in a circle. Edges: Ref, GetAtt and
 * Sub references and DependsOn; Globals.Function references count for every function; and the dependencies
 * SAM adds when it translates: an API that a function's Api/HttpApi event attaches to depends on that
 * function (the integration names it), while the function itself does not depend on what its events name (SAM
 * moves those references into the permission and schedule resources it generates). The classic circle here: state machine → approval request function →
 * API URL → callback function → callback policy naming the state machine.
 */
public final class DependencyCycleCheck implements TemplateCheck {
    @Override
    public List<String> problems(SamTemplate t) {
        Map<String, Set<String>> edges = new TreeMap<>();
        t.resources().keySet().forEach(id -> edges.put(id, new TreeSet<>()));
        List<Reference> global = t.section("Globals").get("Function") instanceof Map<?, ?> g ? Intrinsics.references(g) : List.of();
        t.resources().forEach((id, resource) -> {
            boolean function = "AWS::Serverless::Function".equals(resource.get("Type"));
            // A function's event sources become resources of their own when SAM translates (the Lambda permission
            // that names the API, the schedule): what they reference is not a dependency of the function.
            Object properties = function && resource.get("Properties") instanceof Map<?, ?> p ? withoutEvents(p) : resource.get("Properties");
            List<Reference> refs = new ArrayList<>(Intrinsics.references(properties));
            if (function) {
                refs.addAll(global);
                events(t, id, edges);
            }
            for (Reference r : refs) {
                if (edges.containsKey(r.target()) && !r.target().equals(id)) {
                    edges.get(id).add(r.target());
                }
            }
            for (String d : ReferenceDependsOn.of(resource.get("DependsOn"))) {
                if (edges.containsKey(d)) {
                    edges.get(id).add(d);
                }
            }
        });
        Set<String> cycles = new LinkedHashSet<>();
        Set<String> done = new java.util.HashSet<>();
        for (String start : edges.keySet()) {
            search(start, edges, new ArrayList<>(), done, cycles);
        }
        return cycles.stream().map(c -> "dependency cycle: " + c).toList();
    }

    private static Map<Object, Object> withoutEvents(Map<?, ?> properties) {
        Map<Object, Object> copy = new java.util.LinkedHashMap<>(properties);
        copy.remove("Events");
        return copy;
    }

    /** SAM: an Api/HttpApi event on a function makes the API it names depend on the function. */
    private static void events(SamTemplate t, String function, Map<String, Set<String>> edges) {
        if (!(t.properties(function).get("Events") instanceof Map<?, ?> events)) {
            return;
        }
        for (Object e : events.values()) {
            if (e instanceof Map<?, ?> event && event.get("Properties") instanceof Map<?, ?> props) {
                for (String key : List.of("RestApiId", "ApiId")) {
                    if (props.get(key) instanceof Map<?, ?> ref && ref.get("Ref") instanceof String api && edges.containsKey(api)) {
                        edges.get(api).add(function);
                    }
                }
            }
        }
    }

    /**
     * Depth-first search that visits each resource once (linear); every edge back into the current path is a
     * cycle, recorded once, starting from its smallest logical id.
     */
    private static void search(String node, Map<String, Set<String>> edges, List<String> path, Set<String> done, Set<String> cycles) {
        int seen = path.indexOf(node);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            int min = cycle.indexOf(cycle.stream().min(String::compareTo).orElseThrow());
            List<String> rotated = new ArrayList<>(cycle.subList(min, cycle.size()));
            rotated.addAll(cycle.subList(0, min));
            rotated.add(rotated.get(0));
            cycles.add(String.join(" -> ", rotated));
            return;
        }
        if (done.contains(node)) {
            return;
        }
        path.add(node);
        for (String next : edges.get(node)) {
            search(next, edges, path, done, cycles);
        }
        path.remove(path.size() - 1);
        done.add(node);
    }

    /** DependsOn as a list. */
    static final class ReferenceDependsOn {
        private ReferenceDependsOn() {}

        static List<String> of(Object value) {
            if (value instanceof String s) return List.of(s);
            if (value instanceof List<?> list) return list.stream().map(String::valueOf).toList();
            return List.of();
        }
    }
}
