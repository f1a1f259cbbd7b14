package io.cutover.schema.deferred;

import java.util.List;
import java.util.Map;

/**
 * The artifact of "Extract deferred objects": every deferred object of the selected schemas, already in the
 * order they are created on the target, with the source's event scheduler state.
 */
public record DeferredObjects(
        String migrationId,
        String sourceServer,
        String sourceEventScheduler,
        List<String> schemas,
        Map<ObjectType, Integer> counts,
        List<DeferredObject> objects) {}
