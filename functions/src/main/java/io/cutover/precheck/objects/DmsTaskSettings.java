package io.cutover.precheck.objects;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.config.MigrationConfig;

/**
 * The DMS task settings the schema-object and data checks depend on (LOB mode, batch apply, validation): the
 * input's {@code dms.taskSettings} overrides on top of Cutover's defaults, the same ones the replication phase
 * gives DMS ({@link io.cutover.replication.TaskSettings#defaults()}: full LOB mode, batch apply off). Every value
 * says where it came from, so that a report can say "BatchApplyEnabled = false (Cutover default)".
 */
final class DmsTaskSettings {
    /** DMS refuses a LobMaxSize above this in limited LOB mode (100 MB). */
    static final long LIMITED_LOB_MAX_KB = 102_400;

    enum LobMode { NONE, LIMITED, FULL, INLINE }

    /** What the replication phase sends to DMS when the input overrides nothing. */
    private static final JsonNode DEFAULTS = io.cutover.core.json.Json.tree(io.cutover.replication.TaskSettings.defaults());

    private final JsonNode settings;

    DmsTaskSettings(JsonNode settings) {
        this.settings = settings == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : settings;
    }

    static DmsTaskSettings of(MigrationConfig config) {
        return new DmsTaskSettings(config == null ? null : config.dms().taskSettings());
    }

    LobMode lobMode() {
        if (!bool("TargetMetadata", "SupportLobs", true)) {
            return LobMode.NONE;
        }
        if (bool("TargetMetadata", "FullLobMode", true)) {
            return inlineLobMaxSizeKb() > 0 ? LobMode.INLINE : LobMode.FULL;
        }
        return LobMode.LIMITED;
    }

    /** LobMaxSize in KB: the largest LOB limited LOB mode migrates without truncating it. */
    long lobMaxSizeKb() {
        return number("TargetMetadata", "LobMaxSize", 2_000_000);
    }

    /** InlineLobMaxSize in KB: above 0, full LOB mode sends LOBs up to this size inline (DMS's inline LOB mode). */
    long inlineLobMaxSizeKb() {
        return number("TargetMetadata", "InlineLobMaxSize", 0);
    }

    boolean batchApply() {
        return bool("TargetMetadata", "BatchApplyEnabled", true);
    }

    boolean validation() {
        return bool("ValidationSettings", "EnableValidation", false);
    }

    long validationPartialLobSizeKb() {
        return number("ValidationSettings", "ValidationPartialLobSize", 0);
    }

    /** E.g. {@code BatchApplyEnabled = true (Cutover default)} or {@code … (input)}. */
    String describe(String section, String key) {
        return describe(section, key, "");
    }

    /** With a unit: {@code LobMaxSize = 32 KB (input)}. */
    String describe(String section, String key, String unit) {
        JsonNode v = settings.path(section).path(key);
        boolean given = !(v.isMissingNode() || v.isNull());
        return key + " = " + (given ? v.asText() : defaultText(section, key)) + (unit.isEmpty() ? "" : " " + unit)
                + (given ? " (input)" : " (Cutover default)");
    }

    String describeLobMode() {
        return switch (lobMode()) {
            case NONE -> describe("TargetMetadata", "SupportLobs");
            case FULL -> "full LOB mode (" + describe("TargetMetadata", "FullLobMode") + ")";
            case INLINE -> "inline LOB mode (" + describe("TargetMetadata", "InlineLobMaxSize", "KB") + ")";
            case LIMITED -> "limited LOB mode (" + describe("TargetMetadata", "LobMaxSize", "KB") + ")";
        };
    }

    private static String defaultText(String section, String key) {
        JsonNode v = DEFAULTS.path(section).path(key);
        if (!v.isMissingNode() && !v.isNull()) {
            return v.asText();
        }
        return "EnableValidation".equals(key) ? "false" : "0";
    }

    /** The input's value, else Cutover's default. */
    private JsonNode value(String section, String key) {
        JsonNode v = settings.path(section).path(key);
        return v.isMissingNode() || v.isNull() ? DEFAULTS.path(section).path(key) : v;
    }

    private boolean bool(String section, String key, boolean fallback) {
        JsonNode v = value(section, key);
        if (v.isBoolean()) return v.booleanValue();
        if (v.isTextual()) return Boolean.parseBoolean(v.textValue().trim());
        return fallback;
    }

    private long number(String section, String key, long fallback) {
        JsonNode v = value(section, key);
        if (v.isNumber()) return v.longValue();
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.textValue().trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }
}
