package io.cutover.schema.deferred;

import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.error.AccessDeniedException;
import io.cutover.core.sql.Sql;
import io.cutover.schema.ddl.DdlSession;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the deferred objects of some schemas from a server: names from information_schema (one query per
 * type), definitions and creation context from {@code SHOW CREATE …} (one per object). Used on the source
 * (extraction, validation) and on the target (what exists, what was created).
 */
public final class DeferredObjectReader {
    private DeferredObjectReader() {}

    /** Every object, grouped by type in creation order (procedures, functions, views, triggers, events). */
    public static List<DeferredObject> read(Database db, List<String> schemas) {
        if (schemas.isEmpty()) {
            return List.of();
        }
        DdlSession.forReading(db);
        String where = "IN (" + Sql.placeholders(schemas.size()) + ")";
        List<DeferredObject> objects = new ArrayList<>();
        for (ObjectType type : ObjectType.values()) {
            objects.addAll(query(db, type, where, null, schemas.toArray()));
        }
        return objects;
    }

    /** The target's version of {@code object} (same type, schema and name), or null if it has none. */
    public static DeferredObject readOne(Database db, DeferredObject object) {
        DdlSession.forReading(db);
        List<DeferredObject> found = query(db, object.type(), "= ?", object, new Object[] {object.schema()});
        return found.isEmpty() ? null : found.get(0);
    }

    /** {@code one}: read only the object of that type and name (and, for a trigger, on that table). */
    private static List<DeferredObject> query(Database db, ObjectType type, String schemaCondition, DeferredObject one, Object[] schemaArgs) {
        String name = one == null ? null : one.name();
        List<Object> argList = new ArrayList<>(java.util.Arrays.asList(schemaArgs));
        if (one != null) {
            argList.add(one.name());
            if (type == ObjectType.TRIGGER) {
                argList.add(one.table()); // information_schema.TRIGGERS opens only this table, not every table of the schema
            }
        }
        Object[] args = argList.toArray();
        List<DeferredObject> objects = new ArrayList<>();
        switch (type) {
            case PROCEDURE, FUNCTION -> {
                for (Row r : db.query("SELECT ROUTINE_SCHEMA AS s, ROUTINE_NAME AS n, DEFINER AS d FROM information_schema.ROUTINES "
                        + "WHERE ROUTINE_SCHEMA " + schemaCondition + " AND ROUTINE_TYPE = '" + type.name() + "'"
                        + (name == null ? "" : " AND ROUTINE_NAME = ?") + " ORDER BY ROUTINE_SCHEMA, ROUTINE_NAME", args)) {
                    Row show = showCreate(db, type, r.string("s"), r.string("n"));
                    objects.add(new DeferredObject(type, r.string("s"), r.string("n"), show.string(type.createColumn()), r.string("d"),
                            show.string("sql_mode"), show.string("character_set_client"), show.string("collation_connection"),
                            show.string("Database Collation"), null, null, null, null, null));
                }
            }
            case VIEW -> {
                String current = null;
                for (Row r : db.query("SELECT TABLE_SCHEMA AS s, TABLE_NAME AS n, DEFINER AS d FROM information_schema.VIEWS "
                        + "WHERE TABLE_SCHEMA " + schemaCondition + (name == null ? "" : " AND TABLE_NAME = ?")
                        + " ORDER BY TABLE_SCHEMA, TABLE_NAME", args)) {
                    // The server prints a view's text relative to the current database (`t` or `s`.`t`): read it
                    // from the view's own schema, as it is created, so that both sides print it alike.
                    if (!r.string("s").equals(current)) {
                        DdlSession.use(db, r.string("s"));
                        current = r.string("s");
                    }
                    Row show = showCreate(db, type, r.string("s"), r.string("n"));
                    objects.add(new DeferredObject(type, r.string("s"), r.string("n"), show.string(type.createColumn()), r.string("d"),
                            null, show.string("character_set_client"), show.string("collation_connection"), null, null, null, null,
                            null, null));
                }
            }
            case TRIGGER -> {
                for (Row r : db.query("SELECT TRIGGER_SCHEMA AS s, TRIGGER_NAME AS n, DEFINER AS d, EVENT_OBJECT_TABLE AS t, "
                        + "ACTION_ORDER AS o FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA " + schemaCondition
                        + (name == null ? "" : " AND TRIGGER_NAME = ? AND EVENT_OBJECT_TABLE = ?")
                        // SHOW CREATE TRIGGER drops FOLLOWS/PRECEDES: creating in ACTION_ORDER appends each trigger after
                        // the previous one of its table, timing and event, which rebuilds the same order
                        + " ORDER BY TRIGGER_SCHEMA, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER, TRIGGER_NAME", args)) {
                    Row show = showCreate(db, type, r.string("s"), r.string("n"));
                    objects.add(new DeferredObject(type, r.string("s"), r.string("n"), show.string(type.createColumn()), r.string("d"),
                            show.string("sql_mode"), show.string("character_set_client"), show.string("collation_connection"),
                            show.string("Database Collation"), null, null, r.string("t"), r.longValue("o"), null));
                }
            }
            case EVENT -> {
                for (Row r : db.query("SELECT EVENT_SCHEMA AS s, EVENT_NAME AS n, DEFINER AS d, STATUS AS st FROM information_schema.EVENTS "
                        + "WHERE EVENT_SCHEMA " + schemaCondition + (name == null ? "" : " AND EVENT_NAME = ?")
                        + " ORDER BY EVENT_SCHEMA, EVENT_NAME", args)) {
                    Row show = showCreate(db, type, r.string("s"), r.string("n"));
                    objects.add(new DeferredObject(type, r.string("s"), r.string("n"), show.string(type.createColumn()), r.string("d"),
                            show.string("sql_mode"), show.string("character_set_client"), show.string("collation_connection"),
                            show.string("Database Collation"), show.string("time_zone"), r.string("st"), null, null, null));
                }
            }
        }
        return objects;
    }

    /** The objects in creation order: views sorted so that a view comes after the views it reads. */
    public static List<DeferredObject> inCreationOrder(List<DeferredObject> objects) {
        List<DeferredObject> ordered = new ArrayList<>();
        for (ObjectType type : ObjectType.values()) {
            List<DeferredObject> ofType = objects.stream().filter(o -> o.type() == type).toList();
            ordered.addAll(type == ObjectType.VIEW ? ViewOrder.sort(ofType) : ofType);
        }
        return ordered;
    }

    public static <K> java.util.Map<K, DeferredObject> index(List<DeferredObject> objects, Function<DeferredObject, K> key) {
        java.util.Map<K, DeferredObject> map = new java.util.LinkedHashMap<>();
        objects.forEach(o -> map.put(key.apply(o), o));
        return map;
    }

    private static Row showCreate(Database db, ObjectType type, String schema, String name) {
        List<Row> rows = db.query(type.showCreate() + " " + Sql.qualified(schema, name));
        if (rows.isEmpty() || rows.get(0).string(type.createColumn()) == null) {
            throw new AccessDeniedException(db.role().label() + ": " + type.showCreate() + " " + Sql.qualified(schema, name)
                    + " returned no definition: " + type.privilegeHint());
        }
        return rows.get(0);
    }
}
