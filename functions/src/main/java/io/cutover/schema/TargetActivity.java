package io.cutover.schema;

import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.sql.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * What could fire on the target while DMS applies changes: triggers (the row events already carry their
 * effects, so a target trigger applies them twice) and enabled events (they write on their own schedule).
 * Cutover creates neither before the cutover point; this reads what is there, whoever created it.
 */
public record TargetActivity(List<String> triggers, List<String> enabledEvents, String eventScheduler) {

    public static TargetActivity read(Database target, List<String> schemas) {
        List<String> triggers = new ArrayList<>();
        List<String> events = new ArrayList<>();
        if (!schemas.isEmpty()) {
            String in = Sql.placeholders(schemas.size());
            for (Row r : target.query("SELECT TRIGGER_SCHEMA AS s, TRIGGER_NAME AS n, EVENT_OBJECT_TABLE AS t FROM information_schema.TRIGGERS "
                    + "WHERE TRIGGER_SCHEMA IN (" + in + ") ORDER BY TRIGGER_SCHEMA, TRIGGER_NAME", schemas.toArray())) {
                triggers.add(Sql.qualified(r.string("s"), r.string("n")) + " on " + Sql.quote(r.string("t")));
            }
            for (Row r : target.query("SELECT EVENT_SCHEMA AS s, EVENT_NAME AS n FROM information_schema.EVENTS "
                    + "WHERE EVENT_SCHEMA IN (" + in + ") AND STATUS = 'ENABLED' ORDER BY EVENT_SCHEMA, EVENT_NAME", schemas.toArray())) {
                events.add(Sql.qualified(r.string("s"), r.string("n")));
            }
        }
        String scheduler = target.globalVariable("event_scheduler").orElse("unknown");
        return new TargetActivity(List.copyOf(triggers), List.copyOf(events), scheduler);
    }

    /** One sentence per object that must not be on the target during the load and CDC. */
    public List<String> blockers() {
        List<String> blockers = new ArrayList<>();
        for (String t : triggers) {
            blockers.add("trigger " + t + " exists on the target: it would apply the source's trigger effects a second time during "
                    + "the load and CDC; drop it (Cutover recreates the source's triggers after the cutover point)");
        }
        for (String e : enabledEvents) {
            blockers.add("event " + e + " is ENABLED on the target (event_scheduler=" + eventScheduler + "): it would write "
                    + "during CDC; drop it or ALTER EVENT … DISABLE (Cutover recreates the source's events after the cutover point)");
        }
        return blockers;
    }
}
