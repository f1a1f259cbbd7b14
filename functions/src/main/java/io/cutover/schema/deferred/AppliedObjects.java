package io.cutover.schema.deferred;

import java.util.List;

/**
 * The report of "6.1 Recreate deferred objects": each source object's state on the target. Statuses describe
 * the target (a second run reports the same), the log says what each run created.
 *
 * @param definer              Cutover's target account ({@code user@host}): the definer of objects whose own definer
 *                             account does not exist on the target and is not mapped (each object's notes say which)
 * @param targetEventScheduler the target's event_scheduler (ON, OFF, DISABLED): enabled events run only when ON
 * @param warnings             things to act on that are not failures (event scheduler off, …)
 */
public record AppliedObjects(
        String migrationId,
        String targetServer,
        String definer,
        boolean complete,
        String sourceEventScheduler,
        String targetEventScheduler,
        List<String> warnings,
        List<ObjectState> objects) {

    public enum Status {
        /** On the target exactly as on the source, DEFINER rewritten. */
        PRESENT,
        /** An object of that name exists on the target with another definition; left as it is. */
        DIFFERS,
        /** Not created; {@code error} says why. */
        FAILED
    }

    public record ObjectState(ObjectType type, String schema, String name, Status status, List<String> differences,
                              List<String> notes, String error) {}

    public long count(Status status) {
        return objects.stream().filter(o -> o.status() == status).count();
    }

    public long count(ObjectType type, Status status) {
        return objects.stream().filter(o -> o.type() == type && o.status() == status).count();
    }
}
