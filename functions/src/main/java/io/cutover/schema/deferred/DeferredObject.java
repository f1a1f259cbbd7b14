package io.cutover.schema.deferred;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.cutover.core.sql.Sql;
import java.util.List;

/**
 * One procedure, function, view, trigger or event as the server reports it: the {@code SHOW CREATE} text (not
 * information_schema's body, which loses parameters and characteristics) and the context it was created in.
 *
 * @param createStatement    SHOW CREATE's text, DEFINER as on that server
 * @param definer            {@code user@host} as information_schema reports it
 * @param sqlMode            the sql_mode stored with the object (null for views: MySQL stores none)
 * @param characterSetClient the character_set_client stored with the object
 * @param collationConnection the collation_connection stored with the object
 * @param databaseCollation  the schema's collation when the object was created (not for views)
 * @param timeZone           events: the time zone their schedule is in
 * @param status             events: ENABLED, DISABLED or SLAVESIDE_DISABLED
 * @param table              triggers: the table
 * @param actionOrder        triggers: the order among triggers of the same table, timing and event
 * @param dependsOn          views: the views it reads ({@code schema.name}), for the creation order
 */
public record DeferredObject(
        ObjectType type,
        String schema,
        String name,
        String createStatement,
        String definer,
        String sqlMode,
        String characterSetClient,
        String collationConnection,
        String databaseCollation,
        String timeZone,
        String status,
        String table,
        Long actionOrder,
        List<String> dependsOn) {

    public DeferredObject {
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }

    /** {@code procedure `shop`.`refund`}. */
    @JsonIgnore
    public String label() {
        return type.label() + " " + Sql.qualified(schema, name);
    }

    /** Identity across servers: type, schema and name (case-insensitive, as MySQL compares routine names). */
    @JsonIgnore
    public String key() {
        return (type + "\u0000" + schema + "\u0000" + name).toLowerCase(java.util.Locale.ROOT);
    }

    @JsonIgnore
    public String qualifiedName() {
        return schema + "." + name;
    }

    public DeferredObject withDependsOn(List<String> views) {
        return new DeferredObject(type, schema, name, createStatement, definer, sqlMode, characterSetClient, collationConnection,
                databaseCollation, timeZone, status, table, actionOrder, views);
    }
}
