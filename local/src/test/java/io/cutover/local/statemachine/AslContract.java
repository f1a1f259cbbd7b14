package io.cutover.local.statemachine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.json.NonNull;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The static contract between an ASL definition and the Java its tasks run: every path a state reads must point to a
 * value that is always there, because a path that points to nothing is a {@code States.Runtime} error no Catch
 * catches. For each state it knows which writers may have set each location on the way there (a data-flow analysis
 * over the states: the Task results as selected, Pass results, Catch errors, Map items, a child execution's output)
 * and resolves each path read (Parameters, ResultSelector, Choice variables, Wait and timeout paths, intrinsic
 * functions' arguments, ItemsPath, ItemSelector, OutputPath, CausePath) against them:
 * <ul>
 *   <li>into a handler's result: the component of the record {@code TaskHandler<In, Out>} returns must exist and be
 *       known non-null: a primitive, or marked {@link NonNull} (TaskHandler refuses a result where one is null, so
 *       that mistake is a catchable error); {@code Json.MAPPER} leaves null components out of the JSON;</li>
 *   <li>into {@code $.config} (the validated input): the input schema must define the path, and the normalised
 *       config of the smallest valid input must have it (required, or optional with a default);</li>
 *   <li>into anything else: it must be written on every path that reaches the state;</li>
 * </ul>
 * a Choice may read a path it first tests with {@code IsPresent: true} in the same And.
 */
final class AslContract {

    /** A path a state reads that may point to nothing. */
    record Violation(String machine, String state, String path, String problem) {
        @Override
        public String toString() {
            return machine + ": \"" + state + "\" reads " + path + ": " + problem;
        }
    }

    // ---- what a location may hold ----------------------------------------------------------------------------

    sealed interface Shape permits RecordShape, ListShape, MapShape, ObjShape, LiteralShape, ScalarShape, OpaqueShape, ConfigShape, TupleShape,
            Absent {}

    /** A handler's record (or one it holds). */
    record RecordShape(Class<?> type) implements Shape {}

    record ListShape(Set<Shape> element) implements Shape {}

    record MapShape(Set<Shape> value) implements Shape {}

    /** An object the ASL builds (ResultSelector, Parameters, a task's response around its payload). */
    record ObjShape(Map<String, Set<Shape>> fields) implements Shape {}

    /** A value written in the ASL itself (a Pass Result, a literal in Parameters). */
    record LiteralShape(JsonNode value) implements Shape {}

    record ScalarShape(String what) implements Shape {}

    /** JSON that no Java type describes (an approval's answer): it may be read whole, not into. */
    record OpaqueShape(String what) implements Shape {}

    /** {@code $.config}: the validated input. */
    record ConfigShape() implements Shape {}

    /** A Parallel's result: each branch's output, by position ({@code $[0]}, {@code $[1]}). */
    record TupleShape(List<Set<Shape>> items) implements Shape {}

    /** Not written on some path to the state. */
    record Absent() implements Shape {}

    static final Absent ABSENT = new Absent();
    static final Shape STRING = new ScalarShape("string");

    static Set<Shape> one(Shape s) {
        return Set.of(s);
    }

    /** A Catch's error: {@code {Error, Cause}}. */
    static Set<Shape> errorShape() {
        return one(new ObjShape(Map.of("Error", one(STRING), "Cause", one(STRING))));
    }

    static Set<Shape> shapeOf(Type type) {
        Class<?> raw = raw(type);
        if (raw == MigrationConfig.class) {
            return one(new ConfigShape());
        }
        if (raw.isRecord()) {
            return one(new RecordShape(raw));
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return one(new ListShape(shapeOf(typeArgument(type, 0))));
        }
        if (Map.class.isAssignableFrom(raw)) {
            return one(new MapShape(shapeOf(typeArgument(type, 1))));
        }
        if (JsonNode.class.isAssignableFrom(raw) || raw == Object.class) {
            return one(new OpaqueShape(raw.getSimpleName()));
        }
        return one(new ScalarShape(raw.getSimpleName()));
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (t instanceof WildcardType w) {
            return raw(w.getUpperBounds()[0]);
        }
        return Object.class;
    }

    private static Type typeArgument(Type t, int i) {
        return t instanceof ParameterizedType p && p.getActualTypeArguments().length > i ? p.getActualTypeArguments()[i] : Object.class;
    }

    /** The record components as they appear in the JSON (Jackson names, ignored ones left out). */
    static Map<String, RecordComponent> components(Class<?> record) {
        Map<String, RecordComponent> out = new LinkedHashMap<>();
        for (RecordComponent c : record.getRecordComponents()) {
            if (annotation(c, JsonIgnore.class).isPresent()) {
                continue;
            }
            String name = annotation(c, JsonProperty.class).map(JsonProperty::value).filter(v -> !v.isEmpty()).orElse(c.getName());
            out.put(name, c);
        }
        return out;
    }

    private static <A extends java.lang.annotation.Annotation> Optional<A> annotation(RecordComponent c, Class<A> type) {
        A a = c.getAnnotation(type);
        if (a == null) {
            a = c.getAccessor().getAnnotation(type);
        }
        if (a == null) {
            try {
                a = c.getDeclaringRecord().getDeclaredField(c.getName()).getAnnotation(type);
            } catch (NoSuchFieldException ignored) {
                // a record always has the field
            }
        }
        return Optional.ofNullable(a);
    }

    static boolean nonNull(RecordComponent c) {
        return c.getType().isPrimitive() || c.isAnnotationPresent(NonNull.class);
    }

    // ---- the machine being checked ----------------------------------------------------------------------------

    /** What the checker needs besides the ASL: each Lambda's result type, each child machine, and the config's rules. */
    interface World {
        /** The result type of the handler a Lambda task's FunctionName (a ${…} placeholder) invokes. */
        Type resultType(String functionName);

        /** The output a child execution (its StateMachineArn placeholder) ends with. */
        Set<Shape> childOutput(String stateMachineArn);

        /** Problems of a path into the validated config (segments below {@code $.config}); empty when it is always there. */
        List<String> configProblems(List<String> segments);
    }

    private final String machine;
    private final World world;
    private final List<Violation> violations = new ArrayList<>();
    /** The input of every child execution this machine starts, by its StateMachineArn placeholder. */
    private final Map<String, Set<Map<String, Set<Shape>>>> childInputs = new LinkedHashMap<>();

    private AslContract(String machine, World world) {
        this.machine = machine;
        this.world = world;
    }

    /** The violations of one machine started with {@code input} (locations to shapes; "" for the whole input). */
    static Result check(String machine, JsonNode definition, Map<String, Set<Shape>> input, World world) {
        AslContract c = new AslContract(machine, world);
        Map<String, Set<Shape>> out = c.analyse(definition, input);
        return new Result(List.copyOf(c.violations), c.childInputs, out);
    }

    /** The violations; the inputs this machine gives each child; the shapes it ends with (location "" if whole). */
    record Result(List<Violation> violations, Map<String, Set<Map<String, Set<Shape>>>> childInputs, Map<String, Set<Shape>> output) {
        Set<Shape> outputShape() {
            return AslContract.whole(output);
        }
    }

    // ---- the data flow ---------------------------------------------------------------------------------------

    /** Analyses one state list (a machine, a branch, an item processor); returns the union of what its ends output. */
    private Map<String, Set<Shape>> analyse(JsonNode machineNode, Map<String, Set<Shape>> input) {
        Map<String, JsonNode> states = new LinkedHashMap<>();
        machineNode.path("States").fields().forEachRemaining(e -> states.put(e.getKey(), e.getValue()));
        Map<String, Map<String, Set<Shape>>> in = new HashMap<>();
        Deque<String> work = new ArrayDeque<>();
        String start = machineNode.path("StartAt").asText();
        in.put(start, input);
        work.add(start);
        Map<String, Set<Shape>> ends = null;
        // fixpoint: the environments only grow
        while (!work.isEmpty()) {
            String name = work.poll();
            JsonNode state = states.get(name);
            Map<String, Set<Shape>> env = in.get(name);
            for (Map.Entry<String, Map<String, Set<Shape>>> next : transfer(name, state, env, false).entrySet()) {
                if (next.getKey().equals(END)) {
                    continue;
                }
                Map<String, Set<Shape>> before = in.get(next.getKey());
                Map<String, Set<Shape>> merged = before == null ? next.getValue() : merge(before, next.getValue());
                if (!merged.equals(before)) {
                    in.put(next.getKey(), merged);
                    work.add(next.getKey());
                }
            }
        }
        // the reads, once, on the final environments; the outputs of the ends
        for (Map.Entry<String, JsonNode> e : states.entrySet()) {
            Map<String, Set<Shape>> env = in.get(e.getKey());
            if (env == null) {
                continue; // unreachable from StartAt (asl-validator reports it)
            }
            Map<String, Map<String, Set<Shape>>> after = transfer(e.getKey(), e.getValue(), env, true);
            String type = e.getValue().path("Type").asText();
            if (e.getValue().path("End").asBoolean() || "Succeed".equals(type)) {
                Map<String, Set<Shape>> out = after.get(END);
                ends = ends == null ? out : merge(ends, out);
            }
        }
        return ends == null ? Map.of() : ends;
    }

    private static final String END = "\u0000end";

    /**
     * What a state hands to each state that may follow it (and to END when it ends the machine); with
     * {@code check}, records the violations of what it reads.
     */
    private Map<String, Map<String, Set<Shape>>> transfer(String name, JsonNode state, Map<String, Set<Shape>> env, boolean check) {
        Reader r = new Reader(name, env, check);
        String type = state.path("Type").asText();
        Map<String, Map<String, Set<Shape>>> out = new LinkedHashMap<>();
        Map<String, Set<Shape>> next = env;
        switch (type) {
            case "Task" -> {
                Set<Shape> parameters = r.template(state.path("Parameters"));
                if (state.has("TimeoutSecondsPath")) {
                    r.read(state.get("TimeoutSecondsPath").asText());
                }
                if (state.has("HeartbeatSecondsPath")) {
                    r.read(state.get("HeartbeatSecondsPath").asText());
                }
                Set<Shape> result = taskResult(state, parameters, check);
                next = result(state, env, result, r);
            }
            case "Pass" -> {
                Set<Shape> result = state.has("Parameters") ? r.template(state.get("Parameters"))
                        : state.has("Result") ? one(new LiteralShape(state.get("Result"))) : null;
                next = result == null ? env : result(state, env, result, r);
            }
            case "Choice" -> {
                for (JsonNode rule : state.path("Choices")) {
                    r.rule(rule, new LinkedHashSet<>());
                }
            }
            case "Wait" -> {
                for (String f : List.of("SecondsPath", "TimestampPath")) {
                    if (state.has(f)) {
                        r.read(state.get(f).asText());
                    }
                }
            }
            case "Fail" -> {
                for (String f : List.of("CausePath", "ErrorPath")) {
                    if (state.has(f)) {
                        r.read(state.get(f).asText());
                    }
                }
            }
            case "Map" -> {
                Set<Shape> items = state.has("ItemsPath") ? r.read(state.get("ItemsPath").asText()) : whole(env);
                Set<Shape> element = new LinkedHashSet<>();
                for (Shape s : items) {
                    if (s instanceof ListShape l) {
                        element.addAll(l.element());
                    } else if (s instanceof LiteralShape lit && lit.value().isArray()) {
                        lit.value().forEach(v -> element.add(new LiteralShape(v)));
                    } else {
                        element.add(new OpaqueShape("an item"));
                    }
                }
                Map<String, Set<Shape>> iteration = state.has("ItemSelector")
                        ? locations(r.withItem(element).template(state.get("ItemSelector"))) : Map.of("", element);
                JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
                Set<Shape> itemOutput = inner(processor, iteration, check);
                next = result(state, env, one(new ListShape(itemOutput)), r);
            }
            case "Parallel" -> {
                List<Set<Shape>> outputs = new ArrayList<>();
                for (JsonNode branch : state.path("Branches")) {
                    outputs.add(inner(branch, env, check));
                }
                next = result(state, env, one(new TupleShape(outputs)), r);
            }
            default -> { } // Succeed
        }
        if (state.has("OutputPath")) {
            next = Map.of("", r.on(next).read(state.get("OutputPath").asText()));
        }
        for (JsonNode c : state.path("Catch")) {
            Map<String, Set<Shape>> caught = c.has("ResultPath") && c.get("ResultPath").isNull() ? env
                    : write(env, c.has("ResultPath") ? c.get("ResultPath").asText() : "$", errorShape());
            out.merge(c.path("Next").asText(), caught, AslContract::merge);
        }
        List<String> targets = new ArrayList<>();
        if (state.hasNonNull("Next")) {
            targets.add(state.get("Next").asText());
        }
        state.path("Choices").forEach(c -> targets.add(c.path("Next").asText()));
        if (state.hasNonNull("Default")) {
            targets.add(state.get("Default").asText());
        }
        for (String target : targets) {
            out.merge(target, next, AslContract::merge);
        }
        if (state.path("End").asBoolean() || "Succeed".equals(type)) {
            out.put(END, next);
        }
        return out;
    }

    /** A branch or an item processor, analysed on its own; what it ends with (its violations are this machine's). */
    private Set<Shape> inner(JsonNode machineNode, Map<String, Set<Shape>> input, boolean check) {
        AslContract inner = new AslContract(machine, world);
        Map<String, Set<Shape>> out = inner.analyse(machineNode, input);
        if (check) {
            inner.violations.stream().filter(v -> !violations.contains(v)).forEach(violations::add);
            inner.childInputs.forEach((k, v) -> childInputs.computeIfAbsent(k, x -> new LinkedHashSet<>()).addAll(v));
        }
        return out.isEmpty() ? one(new OpaqueShape("a branch that ends in failure")) : whole(out);
    }

    /** The raw result of a Task: the Lambda response around the handler's record, a callback's answer, a child's description. */
    private Set<Shape> taskResult(JsonNode state, Set<Shape> parameters, boolean check) {
        String resource = state.path("Resource").asText();
        if (resource.startsWith("arn:aws:states:::lambda:invoke")) {
            if (resource.endsWith(".waitForTaskToken")) {
                return one(new OpaqueShape("the answer sent with SendTaskSuccess"));
            }
            Type out = world.resultType(state.at("/Parameters/FunctionName").asText());
            return one(new ObjShape(Map.of("Payload", shapeOf(out), "StatusCode", one(new ScalarShape("int")),
                    "ExecutedVersion", one(STRING))));
        }
        if (resource.startsWith("arn:aws:states:::states:startExecution")) {
            String arn = state.at("/Parameters/StateMachineArn").asText();
            if (check) {
                for (Shape p : parameters) {
                    if (p instanceof ObjShape o && o.fields().containsKey("Input")) {
                        for (Shape input : o.fields().get("Input")) {
                            childInputs.computeIfAbsent(arn, x -> new LinkedHashSet<>()).add(locations(one(input)));
                        }
                    }
                }
            }
            Map<String, Set<Shape>> described = new LinkedHashMap<>();
            for (String f : List.of("ExecutionArn", "Input", "Name", "StartDate", "StateMachineArn", "Status", "StopDate")) {
                described.put(f, one(STRING));
            }
            described.put("Output", world.childOutput(arn));
            return one(new ObjShape(described));
        }
        return one(new OpaqueShape(resource));
    }

    /** ResultSelector, then ResultPath (absent: the result replaces the state; null: discarded). */
    private Map<String, Set<Shape>> result(JsonNode state, Map<String, Set<Shape>> env, Set<Shape> result, Reader r) {
        Set<Shape> selected = state.has("ResultSelector") ? r.on(Map.of("", result)).template(state.get("ResultSelector")) : result;
        if (state.has("ResultPath") && state.get("ResultPath").isNull()) {
            return env;
        }
        return write(env, state.has("ResultPath") ? state.get("ResultPath").asText() : "$", selected);
    }

    // ---- environments: location (dot path below $, "" for the whole state) -> what it may hold ------------------

    static Map<String, Set<Shape>> write(Map<String, Set<Shape>> env, String path, Set<Shape> value) {
        String key = key(path);
        if (key.isEmpty()) {
            return Map.of("", value);
        }
        Map<String, Set<Shape>> out = new TreeMap<>();
        env.forEach((k, v) -> {
            if (!k.equals(key) && !k.startsWith(key + ".")) {
                out.put(k, v);
            }
        });
        out.put(key, value);
        return out;
    }

    private static final Pattern SEGMENT = Pattern.compile("\\.([A-Za-z0-9_]+)|(\\[\\d+])");

    /** A reference path's segments: field names, and {@code [n]} for a position. */
    static List<String> segments(String path) {
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("not a reference path: " + path);
        }
        List<String> out = new ArrayList<>();
        Matcher m = SEGMENT.matcher(path);
        int at = 1;
        while (at < path.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("not a simple reference path: " + path);
            }
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
            at = m.end();
        }
        return out;
    }

    static String key(String path) {
        return String.join(".", segments(path));
    }

    /** What a location holds: its own writers, or what its nearest written ancestor holds there; ABSENT if nothing. */
    static Set<Shape> lookup(Map<String, Set<Shape>> env, String key) {
        if (env.containsKey(key)) {
            return env.get(key);
        }
        String best = null;
        for (String k : env.keySet()) {
            if ((k.isEmpty() || key.startsWith(k + ".")) && (best == null || k.length() > best.length())) {
                best = k;
            }
        }
        if (best == null) {
            return one(ABSENT);
        }
        List<String> rest = List.of((best.isEmpty() ? key : key.substring(best.length() + 1)).split("\\."));
        return quietly(env.get(best), rest);
    }

    /** Follows {@code segments} without judging (for a merge): what may be there, ABSENT where it may be missing. */
    static Set<Shape> quietly(Set<Shape> shapes, List<String> segments) {
        Set<Shape> current = shapes;
        for (String seg : segments) {
            Set<Shape> next = new LinkedHashSet<>();
            for (Shape s : current) {
                switch (s) {
                    case ObjShape o -> next.addAll(o.fields().getOrDefault(seg, one(ABSENT)));
                    case LiteralShape l -> next.add(l.value().has(seg) ? new LiteralShape(l.value().get(seg)) : ABSENT);
                    case RecordShape rec -> {
                        RecordComponent c = components(rec.type()).get(seg);
                        if (c == null) {
                            next.add(ABSENT);
                        } else {
                            next.addAll(shapeOf(c.getGenericType()));
                        }
                    }
                    case ConfigShape c -> next.add(new OpaqueShape("$.config." + seg));
                    case TupleShape t -> {
                        int index = seg.startsWith("[") ? Integer.parseInt(seg.substring(1, seg.length() - 1)) : -1;
                        if (index >= 0 && index < t.items().size()) {
                            next.addAll(t.items().get(index));
                        } else {
                            next.add(ABSENT);
                        }
                    }
                    default -> next.add(s instanceof Absent ? ABSENT : new OpaqueShape("inside " + s));
                }
            }
            current = next;
        }
        return current;
    }

    static Map<String, Set<Shape>> merge(Map<String, Set<Shape>> a, Map<String, Set<Shape>> b) {
        Map<String, Set<Shape>> out = new TreeMap<>();
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            Set<Shape> v = new LinkedHashSet<>(lookup(a, k));
            v.addAll(lookup(b, k));
            out.put(k, Set.copyOf(v));
        }
        return out;
    }

    /** An object's shapes as locations (a child's input, a Map iteration's). */
    static Map<String, Set<Shape>> locations(Set<Shape> shapes) {
        if (shapes.size() == 1 && shapes.iterator().next() instanceof ObjShape o) {
            return new TreeMap<>(o.fields());
        }
        return Map.of("", shapes);
    }

    /** The whole state as one value. */
    static Set<Shape> whole(Map<String, Set<Shape>> env) {
        if (env.containsKey("")) {
            Set<Shape> root = env.get("");
            if (env.size() == 1) {
                return root;
            }
        }
        Map<String, Set<Shape>> fields = new TreeMap<>();
        env.forEach((k, v) -> {
            if (!k.isEmpty() && !k.contains(".")) {
                fields.put(k, v);
            }
        });
        return one(new ObjShape(fields));
    }

    // ---- reading paths ---------------------------------------------------------------------------------------

    private static final Pattern PATH_IN_INTRINSIC = Pattern.compile("(?<![$\\w])\\$(?!\\$)(?:\\.[A-Za-z0-9_]+|\\[\\d+])*");

    /** Reads paths in one state's environment, recording what may point to nothing. */
    private final class Reader {
        private final String state;
        private final Map<String, Set<Shape>> env;
        private final boolean check;
        private final Set<Shape> item;

        Reader(String state, Map<String, Set<Shape>> env, boolean check) {
            this(state, env, check, null);
        }

        private Reader(String state, Map<String, Set<Shape>> env, boolean check, Set<Shape> item) {
            this.state = state;
            this.env = env;
            this.check = check;
            this.item = item;
        }

        Reader on(Map<String, Set<Shape>> other) {
            return new Reader(state, other, check, item);
        }

        Reader withItem(Set<Shape> element) {
            return new Reader(state, env, check, element);
        }

        /** A Parameters / ResultSelector / ItemSelector / Input template: the object it builds. */
        Set<Shape> template(JsonNode template) {
            if (!template.isObject()) {
                return one(new LiteralShape(template));
            }
            Map<String, Set<Shape>> fields = new LinkedHashMap<>();
            template.fields().forEachRemaining(e -> {
                if (e.getKey().endsWith(".$")) {
                    fields.put(e.getKey().substring(0, e.getKey().length() - 2), expression(e.getValue().asText()));
                } else if (e.getValue().isObject()) {
                    fields.put(e.getKey(), template(e.getValue()));
                } else {
                    fields.put(e.getKey(), one(new LiteralShape(e.getValue())));
                }
            });
            return one(new ObjShape(fields));
        }

        private Set<Shape> expression(String expr) {
            if (expr.startsWith("States.")) {
                Matcher m = PATH_IN_INTRINSIC.matcher(expr.replaceAll("'[^']*'", "''"));
                while (m.find()) {
                    read(m.group());
                }
                return one(new ScalarShape("the result of " + expr.substring(0, expr.indexOf('('))));
            }
            if (expr.equals("$$.Map.Item.Value") && item != null) {
                return item;
            }
            if (expr.startsWith("$$.")) {
                return one(STRING);
            }
            return read(expr);
        }

        /** A Choice rule (recursively); an {@code IsPresent: true} in an And lets the rules after it read that path. */
        void rule(JsonNode rule, Set<String> tolerated) {
            if (rule.has("And")) {
                Set<String> inner = new LinkedHashSet<>(tolerated);
                for (JsonNode r : rule.get("And")) {
                    rule(r, inner);
                    if (r.path("IsPresent").asBoolean(false)) {
                        inner.add(r.path("Variable").asText());
                    }
                }
                return;
            }
            for (String f : List.of("Or")) {
                for (JsonNode r : rule.path(f)) {
                    rule(r, tolerated);
                }
            }
            if (rule.has("Not")) {
                rule(rule.get("Not"), tolerated);
            }
            if (rule.has("Variable") && !rule.has("IsPresent")) {
                String variable = rule.get("Variable").asText();
                if (!tolerated.contains(variable)) {
                    read(variable);
                }
            }
            rule.fields().forEachRemaining(e -> {
                if (e.getKey().endsWith("Path") && e.getValue().isTextual() && e.getValue().asText().startsWith("$.")) {
                    read(e.getValue().asText());
                }
            });
        }

        /** Reads one reference path; a path that may point to nothing is a violation. */
        Set<Shape> read(String path) {
            if (path.startsWith("$$.")) {
                return one(STRING);
            }
            if (path.equals("$")) {
                return whole(env);
            }
            List<String> segments = segments(path);
            String key = String.join(".", segments);
            // the longest written location the path starts with
            String best = null;
            for (String k : env.keySet()) {
                if ((k.isEmpty() || key.equals(k) || key.startsWith(k + ".")) && (best == null || k.length() > best.length())) {
                    best = k;
                }
            }
            if (best == null) {
                problem(path, "nothing writes it before this state");
                return one(new OpaqueShape(path));
            }
            List<String> rest = best.isEmpty() ? segments : segments.subList(best.split("\\.").length, segments.size());
            String at = best.isEmpty() ? "$" : "$." + best;
            return resolve(path, at, env.get(best), rest);
        }

        private Set<Shape> resolve(String path, String at, Set<Shape> shapes, List<String> segments) {
            Set<Shape> current = shapes;
            String where = at;
            for (int i = 0; i <= segments.size(); i++) {
                if (current.contains(ABSENT)) {
                    problem(path, where + " is not written on every path to this state");
                }
                if (i == segments.size()) {
                    break;
                }
                String seg = segments.get(i);
                Set<Shape> next = new LinkedHashSet<>();
                for (Shape s : current) {
                    switch (s) {
                        case Absent a -> { }
                        case RecordShape rec -> {
                            RecordComponent c = components(rec.type()).get(seg);
                            if (c == null) {
                                problem(path, rec.type().getName() + " has no component " + seg);
                            } else {
                                if (!nonNull(c)) {
                                    problem(path, rec.type().getSimpleName() + "." + seg + " can be null, and Json.MAPPER leaves it out: "
                                            + "mark it @NonNull if the handler always sets it (TaskHandler then refuses a null), or do not read it");
                                }
                                next.addAll(shapeOf(c.getGenericType()));
                            }
                        }
                        case ObjShape o -> {
                            Set<Shape> f = o.fields().get(seg);
                            if (f == null) {
                                problem(path, where + " has no field " + seg);
                            } else {
                                next.addAll(f);
                            }
                        }
                        case LiteralShape l -> {
                            if (!l.value().has(seg)) {
                                problem(path, where + " (written in the ASL as " + l.value() + ") has no field " + seg);
                            } else if (l.value().get(seg).isNull() && i + 1 < segments.size()) {
                                problem(path, where + "." + seg + " is null here");
                            } else {
                                next.add(new LiteralShape(l.value().get(seg)));
                            }
                        }
                        case ConfigShape c -> {
                            for (String p : world.configProblems(segments.subList(i, segments.size()))) {
                                problem(path, p);
                            }
                            return one(new OpaqueShape("$.config." + String.join(".", segments.subList(i, segments.size()))));
                        }
                        case TupleShape t -> {
                            int index = seg.startsWith("[") ? Integer.parseInt(seg.substring(1, seg.length() - 1)) : -1;
                            if (index < 0 || index >= t.items().size()) {
                                problem(path, where + " has " + t.items().size() + " branch results, not " + seg);
                            } else {
                                next.addAll(t.items().get(index));
                            }
                        }
                        case MapShape m -> problem(path, where + " is a map: its key " + seg + " may be missing");
                        case ListShape l -> problem(path, where + " is a list: " + seg + " may be missing");
                        case ScalarShape sc -> problem(path, where + " is a " + sc.what() + ", it has no field " + seg);
                        case OpaqueShape op -> problem(path, where + " is " + op.what() + ", which no Java type describes");
                    }
                }
                current = next;
                where = where + "." + seg;
            }
            return current;
        }

        private void problem(String path, String problem) {
            if (check) {
                Violation v = new Violation(machine, state, path, problem);
                if (!violations.contains(v)) {
                    violations.add(v);
                }
            }
        }
    }
}
