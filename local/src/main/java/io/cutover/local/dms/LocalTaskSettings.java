package io.cutover.local.dms;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of a DMS task-settings document the local engine applies, and the list of every other setting it
 * read and ignored (so the rehearsal can say what it did not mimic). Settings it cannot honour without
 * silently doing something else than DMS are refused.
 *
 * @param prepMode              {@code FullLoadSettings.TargetTablePrepMode}: DO_NOTHING or TRUNCATE_BEFORE_LOAD
 * @param maxFullLoadSubTasks   {@code FullLoadSettings.MaxFullLoadSubTasks}: tables loaded in parallel (DMS default 8)
 * @param commitRate            {@code FullLoadSettings.CommitRate}: rows per committed batch (DMS default 10000)
 * @param recoverableErrorCount {@code ErrorBehavior.RecoverableErrorCount}: reconnect attempts, -1 = forever
 * @param recoverableInterval   {@code ErrorBehavior.RecoverableErrorInterval}: wait before the first reconnect
 * @param throttling            {@code ErrorBehavior.RecoverableErrorThrottling}: double the wait each attempt
 * @param throttlingMax         {@code ErrorBehavior.RecoverableErrorThrottlingMax}: the longest wait
 * @param stopTaskOnTableError  {@code ErrorBehavior.TableErrorPolicy} STOP_TASK (else SUSPEND_TABLE)
 * @param stopAfterCachedChanges {@code FullLoadSettings.StopTaskCachedChangesApplied}: stop once the full load and
 *                              its cached changes are applied (reason STOPPED_AFTER_CACHED_EVENTS); a resume goes on
 *                              with CDC from there
 * @param lobMaxBytes           {@code TargetMetadata.LobMaxSize} (KB) in bytes when {@code LimitedSizeLobMode} is true and
 *                              {@code FullLobMode} is not: longer LOB values are truncated; 0 otherwise (copied whole)
 * @param ignored               every other setting, as {@code Section.Key}, with the reason when it matters
 */
public record LocalTaskSettings(
        PrepMode prepMode,
        int maxFullLoadSubTasks,
        int commitRate,
        int recoverableErrorCount,
        Duration recoverableInterval,
        boolean throttling,
        Duration throttlingMax,
        boolean stopTaskOnTableError,
        boolean stopAfterCachedChanges,
        long lobMaxBytes,
        List<String> ignored) {

    public enum PrepMode { DO_NOTHING, TRUNCATE_BEFORE_LOAD }

    /** Settings the engine reads; everything else is listed as ignored. */
    private static final Set<String> APPLIED = Set.of(
            "FullLoadSettings.TargetTablePrepMode", "FullLoadSettings.MaxFullLoadSubTasks", "FullLoadSettings.CommitRate",
            "FullLoadSettings.StopTaskCachedChangesApplied", "FullLoadSettings.StopTaskCachedChangesNotApplied",
            "ErrorBehavior.RecoverableErrorCount", "ErrorBehavior.RecoverableErrorInterval",
            "ErrorBehavior.RecoverableErrorThrottling", "ErrorBehavior.RecoverableErrorThrottlingMax",
            "ErrorBehavior.TableErrorPolicy", "TargetMetadata.LimitedSizeLobMode", "TargetMetadata.LobMaxSize",
            "TargetMetadata.FullLobMode");

    /** Why some ignored settings matter, shown next to them. */
    private static final Map<String, String> WHY = Map.of(
            "TargetMetadata", "not mimicked",
            "ValidationSettings", "DMS data validation is not mimicked",
            "ChangeProcessingDdlHandlingPolicy", "DDL during CDC is counted, not applied",
            "TargetMetadata.BatchApplyEnabled", "changes are applied per source transaction, in commit order",
            "ControlTablesSettings", "no awsdms_control tables are written",
            "Logging", "the engine logs through SLF4J");

    public LocalTaskSettings {
        ignored = List.copyOf(ignored);
    }

    public static LocalTaskSettings defaults() {
        return parse("{\"FullLoadSettings\":{\"TargetTablePrepMode\":\"DO_NOTHING\"}}");
    }

    /** Parses a task-settings document; a bad or unsupported value is a {@link ConfigurationException} naming it. */
    public static LocalTaskSettings parse(String json) {
        JsonNode root;
        try {
            root = json == null || json.isBlank() ? Json.object() : Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("task settings: not a JSON document");
        }
        if (!root.isObject()) {
            throw new ConfigurationException("task settings: expected a JSON object");
        }
        JsonNode full = root.path("FullLoadSettings");
        JsonNode errors = root.path("ErrorBehavior");
        List<String> ignored = new ArrayList<>();

        String prepText = full.path("TargetTablePrepMode").asText("");
        PrepMode prep = switch (prepText) {
            case "DO_NOTHING" -> PrepMode.DO_NOTHING;
            case "TRUNCATE_BEFORE_LOAD" -> PrepMode.TRUNCATE_BEFORE_LOAD;
            case "" -> {
                ignored.add("FullLoadSettings.TargetTablePrepMode (absent: DMS would DROP_AND_CREATE; the local engine never creates tables and uses DO_NOTHING)");
                yield PrepMode.DO_NOTHING;
            }
            case "DROP_AND_CREATE" -> throw new ConfigurationException("task settings: FullLoadSettings.TargetTablePrepMode "
                    + "DROP_AND_CREATE is not supported: the target schema is prepared by Cutover (use DO_NOTHING or TRUNCATE_BEFORE_LOAD)");
            default -> throw new ConfigurationException("task settings: FullLoadSettings.TargetTablePrepMode '" + prepText
                    + "' (expected DO_NOTHING or TRUNCATE_BEFORE_LOAD)");
        };
        if (full.path("StopTaskCachedChangesNotApplied").asBoolean(false)) {
            throw new ConfigurationException("task settings: FullLoadSettings.StopTaskCachedChangesNotApplied = true is not "
                    + "mimicked by the local engine (it applies each table's cached changes after its load); "
                    + "StopTaskCachedChangesApplied is");
        }
        boolean stopAfterCachedChanges = full.path("StopTaskCachedChangesApplied").asBoolean(false);
        int subTasks = intSetting(full, "FullLoadSettings", "MaxFullLoadSubTasks", 8, 1, 49);
        int commitRate = intSetting(full, "FullLoadSettings", "CommitRate", 10_000, 1, 50_000);
        int errorCount = intSetting(errors, "ErrorBehavior", "RecoverableErrorCount", -1, -1, Integer.MAX_VALUE);
        int interval = intSetting(errors, "ErrorBehavior", "RecoverableErrorInterval", 5, 0, 86_400);
        int throttlingMax = intSetting(errors, "ErrorBehavior", "RecoverableErrorThrottlingMax", 1800, 0, 86_400);
        boolean throttling = errors.path("RecoverableErrorThrottling").asBoolean(true);
        String policy = errors.path("TableErrorPolicy").asText("SUSPEND_TABLE");
        if (!policy.equals("SUSPEND_TABLE") && !policy.equals("STOP_TASK")) {
            throw new ConfigurationException("task settings: ErrorBehavior.TableErrorPolicy '" + policy + "' (expected SUSPEND_TABLE or STOP_TASK)");
        }
        JsonNode target = root.path("TargetMetadata");
        long lobMaxBytes = 0;
        if (target.path("LimitedSizeLobMode").asBoolean(false) && !target.path("FullLobMode").asBoolean(false)) {
            // https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.LOBSupport.html: at most 102400 KB
            if (!target.has("LobMaxSize")) {
                throw new ConfigurationException("task settings: TargetMetadata.LimitedSizeLobMode is true but LobMaxSize is missing "
                        + "(the local engine does not guess DMS's default)");
            }
            lobMaxBytes = 1024L * intSetting(target, "TargetMetadata", "LobMaxSize", 0, 1, 102_400);
        } // no LOB mode in the settings: LOBs are copied whole (DMS's default mode is not mimicked: docs/local-dms-engine.md)
        collectIgnored(root, "", ignored);
        return new LocalTaskSettings(prep, subTasks, commitRate, errorCount, Duration.ofSeconds(interval), throttling,
                Duration.ofSeconds(throttlingMax), policy.equals("STOP_TASK"), stopAfterCachedChanges, lobMaxBytes, ignored);
    }

    private static int intSetting(JsonNode section, String sectionName, String key, int fallback, int min, int max) {
        JsonNode value = section.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new ConfigurationException("task settings: " + sectionName + "." + key + " must be a whole number, got " + value);
        }
        int v = value.asInt();
        if (v < min || v > max) {
            throw new ConfigurationException("task settings: " + sectionName + "." + key + " = " + v + " is outside " + min + ".." + max);
        }
        return v;
    }

    private static void collectIgnored(JsonNode node, String path, List<String> out) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (APPLIED.contains(name)) {
                continue;
            }
            if (field.getValue().isObject() && !field.getValue().isEmpty()) {
                collectIgnored(field.getValue(), name, out);
            } else {
                String why = WHY.getOrDefault(name, WHY.get(name.contains(".") ? name.substring(0, name.indexOf('.')) : name));
                out.add(why == null ? name : name + " (" + why + ")");
            }
        }
    }
}
