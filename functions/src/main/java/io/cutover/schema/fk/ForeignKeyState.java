package io.cutover.schema.fk;

import java.util.List;
import java.util.Map;

/**
 * One foreign key of the source on the target after "6.2 Recreate foreign keys".
 *
 * @param status        PRESENT (defined exactly as on the source), DIFFERS (a constraint of that name exists
 *                      with another definition; left as it is), BLOCKED_BY_ORPHANS (not created: child rows
 *                      without a parent), FAILED (the target refused it; {@code error} says why)
 * @param orphanRows    child rows without a parent; also counted for the cascading constraints that stayed on the
 *                      target while the full load ran with checks off (e.g. cascades the target could not repeat)
 * @param orphanExamples up to five orphan rows' keys
 * @param orphanCheck   how orphans were looked for on the target: "changed keys: N rows (…)" (only the rows changed
 *                      since the scan before the freeze, {@link ChangedKeyOrphans}), "full scan (why)", or "none (why)"
 */
public record ForeignKeyState(
        String id,
        String definition,
        Status status,
        long orphanRows,
        List<Map<String, String>> orphanExamples,
        String difference,
        String error,
        String orphanCheck) {

    public enum Status { PRESENT, DIFFERS, BLOCKED_BY_ORPHANS, FAILED }
}
