package io.cutover.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.local.asl.HistoryModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The largest number of history events one execution of an ASL definition can record, computed from the definition
 * and a bound for every loop: the longest path from StartAt to an end, where a loop (a strongly connected set of
 * states: a poll, a counter) costs each of its states' events times the most visits its bound allows, a Parallel
 * its branches' longest paths, an inline Map its iterations' (HistoryModel gives the events of each state). Retries
 * are not counted: each retried attempt adds 3 events (4 for a callback or child task), and the headroom to 25,000 is
 * what they may use. A child execution ({@code startExecution.sync:2}) has its own history: its task counts here as
 * one task, the child is budgeted on its own.
 */
public final class HistoryBudget {

    /** One part of the worst path: a state, a loop (named after its task) or a Parallel / Map with what it holds. */
    public record Part(String name, boolean loop, long events) {
        public Part(String name, long events) {
            this(name, false, events);
        }
    }

    /** The worst case of one definition: its events and the parts of its longest path, largest first. */
    public record Result(String stateMachine, long events, List<Part> parts) {
        public String dominating(int count) {
            StringBuilder s = new StringBuilder();
            for (Part p : parts.subList(0, Math.min(count, parts.size()))) {
                s.append(s.isEmpty() ? "" : ", ").append('"').append(p.name()).append(p.loop() ? "\" (loop) " : "\" ")
                        .append(String.format(java.util.Locale.ROOT, "%,d", p.events()));
            }
            return s.toString();
        }
    }

    /**
     * How often each looped state may run: {@code visits} for tasks (a poll's attempt budget, a counter's calls) and
     * for any other state that needs its own figure; {@code iterations} of each Map. In a loop, a state without its
     * own figure runs as often as the loop's most frequent task (a Choice) or once less (a Wait or Pass that leads
     * back to it).
     */
    public record Bounds(Map<String, Long> visits, Map<String, Long> iterations) {
        public Bounds {
            visits = Map.copyOf(visits);
            iterations = Map.copyOf(iterations);
        }
    }

    private final Bounds bounds;

    private HistoryBudget(Bounds bounds) {
        this.bounds = bounds;
    }

    public static Result compute(String stateMachine, JsonNode definition, Bounds bounds) {
        HistoryBudget budget = new HistoryBudget(bounds);
        List<Part> parts = new ArrayList<>();
        long events = HistoryModel.executionEvents() + budget.longestPath(definition, parts);
        parts.sort(Comparator.comparingLong(Part::events).reversed());
        return new Result(stateMachine, events, List.copyOf(parts));
    }

    /** The events of the longest path through {@code machine} (a definition, a branch or an item processor). */
    private long longestPath(JsonNode machine, List<Part> parts) {
        Map<String, JsonNode> states = new LinkedHashMap<>();
        machine.path("States").fields().forEachRemaining(e -> states.put(e.getKey(), e.getValue()));
        List<List<String>> components = stronglyConnected(states);
        Map<String, Integer> componentOf = new HashMap<>();
        for (int i = 0; i < components.size(); i++) {
            for (String s : components.get(i)) {
                componentOf.put(s, i);
            }
        }
        long[] cost = new long[components.size()];
        List<List<Part>> inner = new ArrayList<>();
        for (int i = 0; i < components.size(); i++) {
            List<Part> held = new ArrayList<>();
            cost[i] = componentCost(components.get(i), states, held);
            inner.add(held);
        }
        Map<Integer, Long> best = new HashMap<>();
        Map<Integer, Integer> next = new HashMap<>();
        int start = componentOf.get(machine.path("StartAt").asText());
        long total = longestFrom(start, components, states, componentOf, cost, best, next);
        for (Integer c = start; c != null; c = next.get(c)) {
            parts.addAll(inner.get(c));
        }
        return total;
    }

    private long longestFrom(int c, List<List<String>> components, Map<String, JsonNode> states, Map<String, Integer> componentOf,
                             long[] cost, Map<Integer, Long> best, Map<Integer, Integer> next) {
        Long known = best.get(c);
        if (known != null) {
            return known;
        }
        long after = 0;
        Integer chosen = null;
        for (String s : components.get(c)) {
            for (String target : successors(states.get(s))) {
                int d = componentOf.get(target);
                if (d == c) {
                    continue;
                }
                long v = longestFrom(d, components, states, componentOf, cost, best, next);
                if (chosen == null || v > after) {
                    after = v;
                    chosen = d;
                }
            }
        }
        if (chosen != null) {
            next.put(c, chosen);
        }
        best.put(c, cost[c] + after);
        return cost[c] + after;
    }

    private long componentCost(List<String> component, Map<String, JsonNode> states, List<Part> parts) {
        boolean loop = component.size() > 1 || successors(states.get(component.get(0))).contains(component.get(0));
        if (!loop) {
            String name = component.get(0);
            long events = stateEvents(name, states.get(name), parts);
            parts.add(new Part(name, events));
            return events;
        }
        long most = 0;
        String main = null;
        for (String s : component) {
            if ("Task".equals(states.get(s).path("Type").asText())) {
                Long v = bounds.visits().get(s);
                if (v == null) {
                    throw new IllegalStateException("task \"" + s + "\" is in a loop " + component + " that has no bound");
                }
                if (v > most) {
                    most = v;
                    main = s;
                }
            }
        }
        if (main == null) {
            throw new IllegalStateException("the loop " + component + " has no task with a bound");
        }
        long events = 0;
        for (String s : component) {
            JsonNode state = states.get(s);
            String type = state.path("Type").asText();
            Long own = bounds.visits().get(s);
            long visits = own != null ? own : "Choice".equals(type) ? most : most - 1;
            events += visits * stateEvents(s, state, new ArrayList<>());
        }
        parts.add(new Part(main, true, events));
        return events;
    }

    private long stateEvents(String name, JsonNode state, List<Part> parts) {
        String type = state.path("Type").asText();
        return switch (type) {
            case "Parallel" -> {
                long events = HistoryModel.parallelEvents(state.path("Branches").size());
                for (JsonNode branch : state.path("Branches")) {
                    events += longestPath(branch, new ArrayList<>());
                }
                yield events;
            }
            case "Map" -> {
                Long iterations = bounds.iterations().get(name);
                if (iterations == null) {
                    throw new IllegalStateException("Map \"" + name + "\" has no bound on its iterations");
                }
                JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
                yield HistoryModel.mapEvents(0) + iterations * (HistoryModel.mapEvents(1) - HistoryModel.mapEvents(0)
                        + longestPath(processor, new ArrayList<>()));
            }
            default -> HistoryModel.visitEvents(type, state.path("Resource").asText(null));
        };
    }

    static Set<String> successors(JsonNode state) {
        Set<String> out = new LinkedHashSet<>();
        if (state.hasNonNull("Next")) {
            out.add(state.get("Next").asText());
        }
        for (JsonNode choice : state.path("Choices")) {
            out.add(choice.path("Next").asText());
        }
        if (state.hasNonNull("Default")) {
            out.add(state.get("Default").asText());
        }
        for (JsonNode c : state.path("Catch")) {
            out.add(c.path("Next").asText());
        }
        return out;
    }

    /** Tarjan's strongly connected components, iteratively (the migration machine has long chains). */
    static List<List<String>> stronglyConnected(Map<String, JsonNode> states) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<List<String>> result = new ArrayList<>();
        int[] counter = {0};
        for (String root : states.keySet()) {
            if (index.containsKey(root)) {
                continue;
            }
            Deque<Object[]> work = new ArrayDeque<>();
            work.push(new Object[] {root, new ArrayList<>(successors(states.get(root))).iterator()});
            index.put(root, counter[0]);
            low.put(root, counter[0]++);
            stack.push(root);
            onStack.add(root);
            while (!work.isEmpty()) {
                Object[] frame = work.peek();
                String v = (String) frame[0];
                @SuppressWarnings("unchecked")
                java.util.Iterator<String> it = (java.util.Iterator<String>) frame[1];
                if (it.hasNext()) {
                    String w = it.next();
                    if (!states.containsKey(w)) {
                        throw new IllegalStateException("state \"" + v + "\" goes to \"" + w + "\", which does not exist");
                    }
                    if (!index.containsKey(w)) {
                        index.put(w, counter[0]);
                        low.put(w, counter[0]++);
                        stack.push(w);
                        onStack.add(w);
                        work.push(new Object[] {w, new ArrayList<>(successors(states.get(w))).iterator()});
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = (String) work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    List<String> component = new ArrayList<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    result.add(component);
                }
            }
        }
        return result;
    }
}
