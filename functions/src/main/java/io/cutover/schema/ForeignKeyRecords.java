package io.cutover.schema;

import io.cutover.core.error.ConfigurationException;
import io.cutover.core.ports.Artifacts;
import io.cutover.schema.fk.ForeignKeyRecord;

/** Reads the record "2.6 Prepare foreign keys" wrote; later steps refuse to guess without it. */
final class ForeignKeyRecords {
    private ForeignKeyRecords() {}

    static ForeignKeyRecord read(Artifacts artifacts, String migrationId) {
        String key = SchemaArtifacts.foreignKeys(migrationId);
        return artifacts.getJson(key, ForeignKeyRecord.class).orElseThrow(() -> new ConfigurationException(
                "no foreign key record at " + key + ": run \"2.6 Prepare foreign keys\" first (it records the source's "
                        + "foreign keys before any is removed from the target)"));
    }
}
