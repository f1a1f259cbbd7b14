package io.cutover.cutover.validation;

import io.cutover.core.ports.Artifacts;

/** Artifact keys of a validation pass: {@code migrations/<id>/cutover/validation/<pass>/…}. */
public final class ValidationKeys {
    private ValidationKeys() {}

    public static String planKey(String migrationId, String pass) {
        return Artifacts.key(migrationId, "cutover", "validation", pass, "plan.json");
    }

    public static String batchKey(String migrationId, String pass, int batch) {
        return Artifacts.key(migrationId, "cutover", "validation", pass, "batch-" + batch + ".json");
    }

    public static String changesKey(String migrationId, String pass) {
        return Artifacts.key(migrationId, "cutover", "validation", pass, "changed-keys.json");
    }

    public static String writeCountersKey(String migrationId, String pass) {
        return Artifacts.key(migrationId, "cutover", "validation", pass, "write-counters.json");
    }

    public static String baselineMarkerKey(String migrationId, String pass) {
        return Artifacts.key(migrationId, "cutover", "validation", pass, "baseline-marker.json");
    }

    /** What the freeze found in flight ({@link ValidationModel.WritesInFlightAtFreeze}), for the post-freeze pass's write counters. */
    public static String inFlightAtFreezeKey(String migrationId) {
        return Artifacts.key(migrationId, "cutover", "validation", "post-freeze", "in-flight-at-freeze.json");
    }

    public static String reportKey(String migrationId, String pass) {
        return Artifacts.key(migrationId, "cutover", "validation", pass, "report.json");
    }
}
