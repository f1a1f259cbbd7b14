package io.cutover.schema.deferred;

import io.cutover.core.db.Database;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runbook 6.1 phase 1: every procedure, function, view, trigger and event of the selected schemas, read from the
 * source with SHOW CREATE (never information_schema bodies: they lose parameters and characteristics) together
 * with the sql_mode and character set context each was created in, in the order they are to be created.
 */
public final class DeferredObjectExtractor {
    private DeferredObjectExtractor() {}

    public static DeferredObjects extract(String migrationId, Database source, List<String> schemas) {
        List<DeferredObject> objects = DeferredObjectReader.inCreationOrder(DeferredObjectReader.read(source, schemas));
        Map<ObjectType, Integer> counts = new EnumMap<>(ObjectType.class);
        for (ObjectType type : ObjectType.values()) {
            counts.put(type, (int) objects.stream().filter(o -> o.type() == type).count());
        }
        String scheduler = source.globalVariable("event_scheduler").orElse("unknown");
        return new DeferredObjects(migrationId, source.server().describe(), scheduler, List.copyOf(schemas), counts, objects);
    }
}
