package io.cutover.local.template;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the references in a piece of a template tree ({@code Ref}, {@code Fn::GetAtt}, the {@code ${…}} of
 * {@code Fn::Sub}, and condition names), each with the conditions known to hold where it appears (the first
 * branch of an enclosing {@code Fn::If}).
 */
public final class Intrinsics {
    /** The pseudo parameters CloudFormation defines. */
    public static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    public enum Kind { REF, GETATT, SUB, CONDITION }

    /**
     * One reference. {@code target} is the logical id, parameter or condition name; {@code attribute} the
     * part after the first dot ({@code Fn.Alias}, {@code Cluster.Endpoint.Address}) or null.
     */
    public record Reference(Kind kind, String target, String attribute, Set<String> whenConditions) {
        /** How the reference is written, for messages. */
        public String written() {
            String name = attribute == null ? target : target + "." + attribute;
            return switch (kind) {
                case REF -> "!Ref " + name;
                case GETATT -> "!GetAtt " + name;
                case SUB -> "${" + name + "}";
                case CONDITION -> "condition " + name;
            };
        }
    }

    private Intrinsics() {}

    public static List<Reference> references(Object node) {
        List<Reference> found = new ArrayList<>();
        walk(node, Set.of(), found);
        return found;
    }

    /** Whether a value is an intrinsic function call (a one-key map whose key is Ref, Condition or Fn::*). */
    public static boolean isIntrinsic(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Object key = map.keySet().iterator().next();
            return "Ref".equals(key) || "Condition".equals(key) || (key instanceof String s && s.startsWith("Fn::"));
        }
        return false;
    }

    private static void walk(Object node, Set<String> when, List<Reference> found) {
        if (node instanceof List<?> list) {
            list.forEach(item -> walk(item, when, found));
            return;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return;
        }
        if (map.size() == 1) {
            var entry = map.entrySet().iterator().next();
            Object key = entry.getKey();
            Object value = entry.getValue();
            if ("Ref".equals(key) && value instanceof String ref) {
                found.add(split(Kind.REF, ref, when));
                return;
            }
            if ("Condition".equals(key) && value instanceof String condition) {
                found.add(new Reference(Kind.CONDITION, condition, null, when));
                return;
            }
            if ("Fn::GetAtt".equals(key) && value instanceof List<?> args && !args.isEmpty() && args.get(0) instanceof String resource) {
                Object attribute = args.size() > 1 ? args.get(1) : null;
                found.add(new Reference(Kind.GETATT, resource, attribute instanceof String a ? a : null, when));
                if (attribute != null && !(attribute instanceof String)) {
                    walk(attribute, when, found);
                }
                return;
            }
            if ("Fn::Sub".equals(key)) {
                sub(value, when, found);
                return;
            }
            if ("Fn::If".equals(key) && value instanceof List<?> args && args.size() == 3 && args.get(0) instanceof String condition) {
                found.add(new Reference(Kind.CONDITION, condition, null, when));
                Set<String> thenWhen = new LinkedHashSet<>(when);
                thenWhen.add(condition);
                walk(args.get(1), Set.copyOf(thenWhen), found);
                walk(args.get(2), when, found);
                return;
            }
        }
        map.values().forEach(v -> walk(v, when, found));
    }

    private static void sub(Object value, Set<String> when, List<Reference> found) {
        String text;
        Set<String> local = new HashSet<>();
        if (value instanceof String s) {
            text = s;
        } else if (value instanceof List<?> args && !args.isEmpty() && args.get(0) instanceof String s) {
            text = s;
            if (args.size() > 1 && args.get(1) instanceof Map<?, ?> variables) {
                variables.keySet().forEach(k -> local.add(String.valueOf(k)));
                walk(variables, when, found);
            }
        } else {
            walk(value, when, found);
            return;
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        while (m.find()) {
            String name = m.group(1).trim();
            if (name.startsWith("!") || local.contains(name)) {
                continue; // ${!Literal} is escaped text; local variables are defined by the Sub itself
            }
            Reference r = split(Kind.SUB, name, when);
            found.add(r);
        }
    }

    private static Reference split(Kind kind, String name, Set<String> when) {
        if (PSEUDO_PARAMETERS.contains(name)) {
            return new Reference(kind, name, null, when);
        }
        int dot = name.indexOf('.');
        return dot < 0 ? new Reference(kind, name, null, when)
                : new Reference(kind, name.substring(0, dot), name.substring(dot + 1), when);
    }
}
