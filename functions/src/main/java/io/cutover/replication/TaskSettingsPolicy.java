package io.cutover.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.error.InputValidationException;
import io.cutover.core.error.InputValidationException.FieldError;
import io.cutover.core.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which task settings an execution input may override ({@code config.dms.taskSettings}) and with which values,
 * and how the overrides and the settings other phases require (e.g. the foreign-key policy) are merged into
 * {@link TaskSettings#defaults()}. Every key is checked: an unknown key, a wrong type or a dangerous value is
 * rejected with the reason, and nothing is created when anything is wrong.
 */
public final class TaskSettingsPolicy {
    static final String INPUT_PATH = "$.config.dms.taskSettings";

    /** One key's rule. {@code reasons} explains each refused value (by its text), {@code allowed} lists the accepted ones. */
    record Rule(Kind kind, Set<String> allowed, Map<String, String> refused, long min, long max) {
        enum Kind { BOOLEAN, INTEGER, ENUM }
    }

    private static final Map<String, Map<String, Rule>> RULES = new LinkedHashMap<>();

    static {
        Map<String, Rule> target = section("TargetMetadata");
        target.put("SupportLobs", bool(Map.of("false",
                "without LOB support DMS drops every MEDIUM/LONG TEXT and BLOB and JSON column's data")));
        target.put("FullLobMode", bool(Map.of()));
        target.put("LobChunkSize", integer(1, 64));
        target.put("LimitedSizeLobMode", bool(Map.of()));
        target.put("LobMaxSize", integer(1, 102_400));
        target.put("InlineLobMaxSize", integer(0, 102_400));
        target.put("BatchApplyEnabled", bool(Map.of()));

        Map<String, Rule> fullLoad = section("FullLoadSettings");
        fullLoad.put("TargetTablePrepMode", enumeration(Set.of("DO_NOTHING", "TRUNCATE_BEFORE_LOAD"), Map.of(
                "DROP_AND_CREATE", "it drops the tables Cutover created from the source's DDL and lets DMS recreate them "
                        + "without secondary indexes, foreign keys, AUTO_INCREMENT, partitions or defaults")));
        fullLoad.put("CreatePkAfterFullLoad", bool(Map.of("true",
                "AWS: an interrupted full load cannot be resumed with it, and Cutover's target tables already have their keys")));
        fullLoad.put("StopTaskCachedChangesApplied", bool(Map.of()));
        fullLoad.put("StopTaskCachedChangesNotApplied", bool(Map.of()));
        fullLoad.put("MaxFullLoadSubTasks", integer(1, 49));
        fullLoad.put("TransactionConsistencyTimeout", integer(0, 3600));
        fullLoad.put("CommitRate", integer(1, 50_000));

        Map<String, Rule> ddl = section("ChangeProcessingDdlHandlingPolicy");
        ddl.put("HandleSourceTableDropped", bool(Map.of()));
        ddl.put("HandleSourceTableTruncated", bool(Map.of()));
        ddl.put("HandleSourceTableAltered", bool(Map.of()));

        String ignored = "the record would be skipped without a trace: data silently lost";
        Set<String> recordPolicies = Set.of("LOG_ERROR", "SUSPEND_TABLE", "STOP_TASK");
        Map<String, Rule> errors = section("ErrorBehavior");
        errors.put("DataErrorPolicy", enumeration(recordPolicies, Map.of("IGNORE_RECORD", ignored)));
        errors.put("DataTruncationErrorPolicy", enumeration(recordPolicies, Map.of("IGNORE_RECORD", ignored)));
        errors.put("TableErrorPolicy", enumeration(Set.of("SUSPEND_TABLE", "STOP_TASK"), Map.of()));
        errors.put("TableErrorEscalationPolicy", enumeration(Set.of("STOP_TASK"), Map.of()));
        errors.put("TableErrorEscalationCount", integer(0, 1_000_000));
        errors.put("RecoverableErrorCount", integer(-1, 1_000));
        // The apply-conflict policies and their values, from the DMS error-handling task settings reference:
        // https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.CustomizingTasks.TaskSettings.ErrorHandling.html
        // Delete: IGNORE_RECORD, LOG_ERROR, SUSPEND_TABLE, STOP_TASK. A DELETE of a row the target does not have changes
        // nothing: ignoring it is DMS's default and harmless.
        errors.put("ApplyErrorDeletePolicy", enumeration(Set.of("IGNORE_RECORD", "LOG_ERROR", "SUSPEND_TABLE", "STOP_TASK"), Map.of()));
        // Insert: IGNORE_RECORD, LOG_ERROR, SUSPEND_TABLE, STOP_TASK, INSERT_RECORD ("if there is an existing target record
        // with the same primary key as the inserted source record, the target record is updated": the target ends as the
        // source is). UPDATE_RECORD is not one of them.
        errors.put("ApplyErrorInsertPolicy", enumeration(Set.of("LOG_ERROR", "SUSPEND_TABLE", "STOP_TASK", "INSERT_RECORD"),
                Map.of("IGNORE_RECORD", ignored)));
        // Update: IGNORE_RECORD, LOG_ERROR, SUSPEND_TABLE, STOP_TASK, UPDATE_RECORD. With UPDATE_RECORD "AWS DMS completely
        // disables LOB column support for the task": with Cutover's LOB support (SupportLobs false is refused) that drops
        // every TEXT, BLOB and JSON value, so the combination is refused.
        errors.put("ApplyErrorUpdatePolicy", enumeration(Set.of("LOG_ERROR", "SUSPEND_TABLE", "STOP_TASK"), Map.of(
                "IGNORE_RECORD", ignored,
                "UPDATE_RECORD", "DMS then disables LOB column support for the whole task (DMS error-handling task settings), "
                        + "so every MEDIUM/LONG TEXT, BLOB and JSON column would be replicated without its data; keep LOG_ERROR "
                        + "(the row-count and checksum validation then shows the missing rows)")));

        section("Logging").put("EnableLogging", bool(Map.of("false",
                "the task log is the only place DMS writes why a table errored")));
    }

    /** Settings another phase requires (e.g. the foreign-key policy), with the reason shown when they conflict. */
    public record Requirement(JsonNode settings, String reason) {}

    /** The effective settings and what changed from the defaults (for the summary a person reads). */
    public record Result(TaskSettings settings, List<String> changed) {}

    private TaskSettingsPolicy() {}

    /**
     * Merges {@code overrides} (the execution input) and then each requirement into the defaults. Throws
     * {@link InputValidationException} listing every problem.
     */
    public static Result apply(JsonNode overrides, List<Requirement> requirements) {
        List<FieldError> errors = new ArrayList<>();
        ObjectNode merged = (ObjectNode) Json.tree(TaskSettings.defaults());
        List<String> changed = new ArrayList<>();
        Map<String, String> setBy = new LinkedHashMap<>();
        merge(overrides, INPUT_PATH, "the execution input", merged, changed, setBy, errors);
        for (Requirement r : requirements) {
            merge(r.settings(), "$.requiredTaskSettings", r.reason(), merged, changed, setBy, errors);
        }
        if (errors.isEmpty()) {
            coherence(merged, setBy, INPUT_PATH, errors);
        }
        if (!errors.isEmpty()) {
            throw new InputValidationException(errors);
        }
        return new Result(Json.convert(merged, TaskSettings.class), List.copyOf(changed));
    }

    /**
     * What is wrong with {@code overrides} on their own (the execution input's {@code dms.taskSettings} at {@code path}),
     * by the rules {@link #apply} uses: "Validate input" calls it, so that a bad setting is refused before anything is
     * created. Empty: the overrides are acceptable. A message never repeats a value that is not an accepted one.
     */
    public static List<FieldError> problems(JsonNode overrides, String path) {
        List<FieldError> errors = new ArrayList<>();
        ObjectNode merged = (ObjectNode) Json.tree(TaskSettings.defaults());
        Map<String, String> setBy = new LinkedHashMap<>();
        merge(overrides, path, "the execution input", merged, new ArrayList<>(), setBy, errors);
        if (errors.isEmpty()) {
            coherence(merged, setBy, path, errors);
        }
        return errors;
    }

    private static void merge(JsonNode overrides, String path, String origin, ObjectNode merged, List<String> changed,
                              Map<String, String> setBy, List<FieldError> errors) {
        if (overrides == null || overrides.isNull() || overrides.isEmpty()) {
            return;
        }
        if (!overrides.isObject()) {
            errors.add(new FieldError(path, "must be an object of DMS task-settings sections"));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> sections = overrides.fields(); sections.hasNext(); ) {
            Map.Entry<String, JsonNode> section = sections.next();
            String sectionPath = path + "." + section.getKey();
            Map<String, Rule> rules = RULES.get(section.getKey());
            if (rules == null) {
                errors.add(new FieldError(sectionPath, "unknown or unsupported task-settings section; Cutover accepts "
                        + String.join(", ", RULES.keySet()) + " (see docs/replication.md)"));
                continue;
            }
            if (!section.getValue().isObject()) {
                errors.add(new FieldError(sectionPath, "must be an object"));
                continue;
            }
            ObjectNode target = (ObjectNode) merged.get(section.getKey());
            for (Iterator<Map.Entry<String, JsonNode>> keys = section.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> key = keys.next();
                String keyPath = sectionPath + "." + key.getKey();
                String name = section.getKey() + "." + key.getKey();
                Rule rule = rules.get(key.getKey());
                if (rule == null) {
                    errors.add(new FieldError(keyPath, "unknown or unsupported task setting; " + section.getKey()
                            + " accepts " + String.join(", ", rules.keySet())));
                    continue;
                }
                String problem = check(rule, key.getValue());
                if (problem != null) {
                    errors.add(new FieldError(keyPath, problem));
                    continue;
                }
                String previousOrigin = setBy.get(name);
                if (previousOrigin != null && !target.get(key.getKey()).equals(key.getValue())) {
                    errors.add(new FieldError(keyPath, key.getValue() + " conflicts with " + target.get(key.getKey())
                            + " set by " + previousOrigin));
                    continue;
                }
                if (!key.getValue().equals(target.get(key.getKey()))) {
                    changed.add(name + "=" + key.getValue() + " (" + origin + ")");
                }
                target.set(key.getKey(), key.getValue());
                setBy.put(name, origin);
            }
        }
    }

    private static String check(Rule rule, JsonNode value) {
        String text = value.isValueNode() ? value.asText() : null;
        switch (rule.kind()) {
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    return "must be true or false";
                }
            }
            case INTEGER -> {
                if (!value.isIntegralNumber()) {
                    return "must be an integer";
                }
                if (value.asLong() < rule.min() || value.asLong() > rule.max()) {
                    return "must be between " + rule.min() + " and " + rule.max();
                }
            }
            case ENUM -> {
                if (!value.isTextual()) {
                    return "must be one of " + String.join(", ", rule.allowed());
                }
            }
        }
        if (text != null && rule.refused().containsKey(text)) {
            return text + " is refused: " + rule.refused().get(text);
        }
        if (rule.kind() == Rule.Kind.ENUM && !rule.allowed().contains(text)) {
            // the value itself is not repeated: whatever is not an accepted value could be a secret pasted in the wrong place
            return "is not one of the accepted values; use one of " + String.join(", ", rule.allowed().stream().sorted().toList());
        }
        return null;
    }

    /** Rules that span keys: one LOB mode, a size for limited mode, batch apply only in limited LOB mode. */
    private static void coherence(ObjectNode merged, Map<String, String> setBy, String path, List<FieldError> errors) {
        ObjectNode target = (ObjectNode) merged.get("TargetMetadata");
        boolean full = target.get("FullLobMode").asBoolean();
        boolean limited = target.get("LimitedSizeLobMode").asBoolean();
        // Choosing limited mode alone means leaving full mode: the two are one choice.
        if (full && limited && setBy.containsKey("TargetMetadata.LimitedSizeLobMode") && !setBy.containsKey("TargetMetadata.FullLobMode")) {
            target.put("FullLobMode", false);
            full = false;
        }
        String base = path + ".TargetMetadata";
        if (full == limited) {
            errors.add(new FieldError(base, "exactly one of FullLobMode and LimitedSizeLobMode must be true (AWS requires "
                    + "one LOB mode when SupportLobs is true)"));
        }
        if (limited && target.get("LobMaxSize").asInt() <= 0) {
            errors.add(new FieldError(base + ".LobMaxSize", "limited LOB mode needs LobMaxSize (KB) at least as large as the "
                    + "largest LOB in the source, or larger LOBs are truncated with only a warning"));
        }
        if (target.get("BatchApplyEnabled").asBoolean() && full) {
            errors.add(new FieldError(base + ".BatchApplyEnabled", "batch apply works only in limited LOB mode when LOB "
                    + "columns are replicated (AWS); set LimitedSizeLobMode true with a LobMaxSize, or keep transactional apply"));
        }
    }

    private static Map<String, Rule> section(String name) {
        Map<String, Rule> rules = new LinkedHashMap<>();
        RULES.put(name, rules);
        return rules;
    }

    private static Rule bool(Map<String, String> refused) {
        return new Rule(Rule.Kind.BOOLEAN, Set.of(), refused, 0, 0);
    }

    private static Rule integer(long min, long max) {
        return new Rule(Rule.Kind.INTEGER, Set.of(), Map.of(), min, max);
    }

    private static Rule enumeration(Set<String> allowed, Map<String, String> refused) {
        return new Rule(Rule.Kind.ENUM, allowed, refused, 0, 0);
    }
}
