package io.cutover.cutover;

import io.cutover.core.ports.Artifacts;
import java.util.Optional;

/** Where the cutover phase keeps its records and evidence: {@code migrations/<id>/cutover/…}. */
public final class CutoverArtifacts {
    private final Artifacts artifacts;
    private final String migrationId;

    public CutoverArtifacts(Artifacts artifacts, String migrationId) {
        this.artifacts = artifacts;
        this.migrationId = migrationId;
    }

    public String key(String name) {
        return Artifacts.key(migrationId, "cutover", name);
    }

    public static String freezeKey(String migrationId) {
        return Artifacts.key(migrationId, "cutover", "freeze.json");
    }

    public Optional<FreezeRecord> freezeRecord() {
        return artifacts.getJson(freezeKey(migrationId), FreezeRecord.class);
    }

    public String saveFreezeRecord(FreezeRecord record) {
        artifacts.putJson(freezeKey(migrationId), record);
        return freezeKey(migrationId);
    }

    public <T> Optional<T> get(String name, Class<T> type) {
        return artifacts.getJson(key(name), type);
    }

    public String put(String name, Object value) {
        artifacts.putJson(key(name), value);
        return key(name);
    }
}
