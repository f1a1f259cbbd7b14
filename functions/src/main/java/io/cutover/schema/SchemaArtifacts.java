package io.cutover.schema;

import io.cutover.core.ports.Artifacts;

/** Where the schema phase keeps its artifacts: deterministic keys, so that a retry overwrites, never adds. */
public final class SchemaArtifacts {
    private SchemaArtifacts() {}

    public static String targetSchema(String migrationId) {
        return Artifacts.key(migrationId, "schema", "target-schema.json");
    }

    public static String foreignKeys(String migrationId) {
        return Artifacts.key(migrationId, "schema", "foreign-keys.json");
    }

    public static String targetCheck(String migrationId) {
        return Artifacts.key(migrationId, "schema", "target-check.json");
    }

    public static String deferredObjects(String migrationId) {
        return Artifacts.key(migrationId, "schema", "deferred-objects.json");
    }

    public static String deferredObjectsScript(String migrationId) {
        return Artifacts.key(migrationId, "schema", "deferred-objects.sql");
    }

    public static String deferredObjectsApplied(String migrationId) {
        return Artifacts.key(migrationId, "schema", "deferred-objects-applied.json");
    }

    /** "5.1.4 Check the source for orphan rows": the orphan scan of the source before the freeze. */
    public static String orphansBeforeFreeze(String migrationId) {
        return Artifacts.key(migrationId, "schema", "orphans-before-freeze.json");
    }

    public static String foreignKeysRecreated(String migrationId) {
        return Artifacts.key(migrationId, "schema", "foreign-keys-recreated.json");
    }

    public static String validation(String migrationId) {
        return Artifacts.key(migrationId, "schema", "validation.json");
    }
}
