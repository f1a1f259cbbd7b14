package io.cutover.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.local.Project;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * The CloudFormation resource specification as the AWS CDK team publishes it (npm {@code @aws-cdk/aws-service-spec},
 * its {@code db.json.gz}: every resource type with its properties, nested property types, required flags and
 * GetAtt attributes). Checks property values structurally: unknown and missing required properties at every
 * level, objects where scalars belong and the reverse. Values that are intrinsic functions are not checked
 * (their result is only known at deploy time), except both branches of {@code Fn::If}.
 */
public final class CfnSpec {
    /** Where {@code npm ci} in local/node installs the database. */
    public static Path defaultLocation() {
        return Project.root().resolve("local/node/node_modules/@aws-cdk/aws-service-spec/db.json.gz");
    }

    private final Map<String, JsonNode> resources = new HashMap<>();
    private final Map<String, JsonNode> types = new HashMap<>();

    private CfnSpec(JsonNode db) {
        for (JsonNode r : db.at("/schema/resource/entities")) {
            resources.put(r.path("cloudFormationType").asText(), r);
        }
        for (JsonNode t : db.at("/schema/typeDefinition/entities")) {
            types.put(t.path("$id").asText(), t);
        }
    }

    public static CfnSpec load(Path dbJsonGz) {
        if (!Files.isRegularFile(dbJsonGz)) {
            throw new IllegalStateException("the CloudFormation resource specification " + dbJsonGz
                    + " is missing: run `npm ci` in local/node (package @aws-cdk/aws-service-spec)");
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dbJsonGz), 1 << 16)) {
            return new CfnSpec(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dbJsonGz, e);
        }
    }

    public boolean hasType(String type) {
        return resources.containsKey(type);
    }

    /** The GetAtt attributes of a resource type, empty if the type is unknown. */
    public List<String> attributes(String type) {
        JsonNode r = resources.get(type);
        List<String> names = new ArrayList<>();
        if (r != null) {
            r.path("attributes").fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /** Problems of one resource's Properties, each prefixed with {@code prefix} (the logical id). */
    public List<String> checkResource(String prefix, String type, Object properties) {
        List<String> problems = new ArrayList<>();
        JsonNode r = resources.get(type);
        if (r == null) {
            problems.add(prefix + ": " + type + " is not a CloudFormation resource type");
            return problems;
        }
        checkObject(prefix, "", type, r.path("properties"), properties == null ? Map.of() : properties, problems);
        return problems;
    }

    /**
     * Problems of one property value of a resource type ({@code type.property}), e.g. a SAM pass-through
     * property; {@code path} names the value in messages (the SAM property's own name).
     */
    public List<String> checkProperty(String prefix, String path, String type, String property, Object value) {
        List<String> problems = new ArrayList<>();
        JsonNode spec = Optional.ofNullable(resources.get(type)).map(r -> r.path("properties").get(property)).orElse(null);
        if (spec == null) {
            throw new IllegalArgumentException(type + " has no property " + property + " in the specification");
        }
        checkValue(prefix, path, spec.path("type"), value, problems);
        return problems;
    }

    private void checkObject(String prefix, String path, String owner, JsonNode props, Object value, List<String> problems) {
        if (value instanceof Map<?, ?> map && Intrinsics.isIntrinsic(map)) {
            checkIntrinsicBranches(prefix, path, value, v -> checkObject(prefix, path, owner, props, v, problems));
            return;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(at(prefix, path) + "must be an object (" + owner + "), not " + describe(value));
            return;
        }
        map.forEach((k, v) -> {
            String name = String.valueOf(k);
            JsonNode spec = props.get(name);
            if (spec == null) {
                problems.add(at(prefix, path) + owner + " has no property " + name);
            } else {
                checkValue(prefix, join(path, name), spec.path("type"), v, problems);
            }
        });
        props.fields().forEachRemaining(e -> {
            if (e.getValue().path("required").asBoolean(false) && !map.containsKey(e.getKey())) {
                problems.add(at(prefix, path) + "required property " + e.getKey() + " (" + owner + ") is missing");
            }
        });
    }

    private void checkValue(String prefix, String path, JsonNode type, Object value, List<String> problems) {
        if (value instanceof Map<?, ?> map && Intrinsics.isIntrinsic(map)) {
            checkIntrinsicBranches(prefix, path, value, v -> checkValue(prefix, path, type, v, problems));
            return;
        }
        switch (type.path("type").asText()) {
            case "json", "null" -> { }
            case "string", "number", "integer", "boolean", "date-time" -> {
                if (value instanceof Map || value instanceof List) {
                    problems.add(at(prefix, path) + "must be a " + type.path("type").asText() + ", not " + describe(value));
                }
            }
            case "array" -> {
                if (!(value instanceof List<?> list)) {
                    problems.add(at(prefix, path) + "must be a list, not " + describe(value));
                } else {
                    for (int i = 0; i < list.size(); i++) {
                        checkValue(prefix, path + "[" + i + "]", type.path("element"), list.get(i), problems);
                    }
                }
            }
            case "map" -> {
                if (!(value instanceof Map<?, ?> map)) {
                    problems.add(at(prefix, path) + "must be a map, not " + describe(value));
                } else {
                    map.forEach((k, v) -> checkValue(prefix, join(path, String.valueOf(k)), type.path("element"), v, problems));
                }
            }
            case "tag" -> {
                if (!(value instanceof Map<?, ?> map) || !map.containsKey("Key") || !map.containsKey("Value")) {
                    problems.add(at(prefix, path) + "must be a tag {Key, Value}, not " + describe(value));
                }
            }
            case "ref" -> {
                JsonNode def = types.get(type.at("/reference/$ref").asText());
                if (def != null) {
                    checkObject(prefix, path, def.path("name").asText(), def.path("properties"), value, problems);
                }
            }
            case "union" -> {
                List<String> best = null;
                for (JsonNode alternative : type.path("types")) {
                    List<String> attempt = new ArrayList<>();
                    checkValue(prefix, path, alternative, value, attempt);
                    if (best == null || attempt.size() < best.size()) {
                        best = attempt;
                    }
                }
                if (best != null) {
                    problems.addAll(best);
                }
            }
            default -> { } // a kind of type this check does not know: accept rather than guess
        }
    }

    /** Fn::If: both branches must be valid (AWS::NoValue removes the property); other intrinsics: unknown. */
    private static void checkIntrinsicBranches(String prefix, String path, Object value, java.util.function.Consumer<Object> check) {
        Map<?, ?> map = (Map<?, ?>) value;
        if (map.get("Fn::If") instanceof List<?> args && args.size() == 3) {
            for (Object branch : args.subList(1, 3)) {
                boolean noValue = branch instanceof Map<?, ?> m && "AWS::NoValue".equals(m.get("Ref"));
                if (!noValue) {
                    check.accept(branch);
                }
            }
        }
    }

    private static String at(String prefix, String path) {
        return prefix + ": " + (path.isEmpty() ? "" : path + ": ");
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String describe(Object value) {
        if (value instanceof Map) return "an object";
        if (value instanceof List) return "a list";
        return "'" + value + "'";
    }

    /** All attributes, sorted, for messages. */
    public String attributeList(String type) {
        return String.join(", ", new TreeSet<>(attributes(type)));
    }
}
