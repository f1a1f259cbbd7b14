package io.cutover.replication;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.Heartbeat;
import io.cutover.core.catalog.GeneratedColumns;
import io.cutover.core.error.InputValidationException;
import io.cutover.core.error.InputValidationException.FieldError;
import io.cutover.core.json.Json;
import io.cutover.core.sql.Identifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The DMS table mappings (runbook 3.3): the selected schemas (or every schema when none is selected), never the
 * server's own schemas, and always Cutover's heartbeat table, which carries the drain proof.
 *
 * <p>Schema names are matched literally: DMS treats {@code %} and {@code _} as wildcards and {@code [..]} as a
 * character set in object locators, so a schema named {@code app_db} would otherwise also select
 * {@code appXdb}. Each of those characters is written as a one-character set ({@code [_]}, {@code [%]},
 * {@code [[]}), which DMS documents as the literal form.
 */
public final class TableMappings {
    private TableMappings() {}

    /** The mappings document as DMS takes it ({@code TableMappings}), for the given selected schemas. */
    public static String build(List<String> schemas) {
        return build(schemas, List.of());
    }

    /**
     * The mappings with one {@code remove-column} transformation rule per generated column: DMS then leaves the column
     * out of the columns it replicates, and the target, where Cutover created it as a generated column, computes it.
     * Transformation rules: https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.CustomizingTasks.TableMapping.SelectionTransformation.Transformations.html
     * ({@code rule-target: column}, {@code rule-action: remove-column}; one rule action per object, which one rule per
     * column keeps). Whether DMS would skip a generated column without the rule is not documented for MySQL sources
     * (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Source.MySQL.html says nothing of generated columns), so
     * Cutover does not rely on it.
     */
    public static String build(List<String> schemas, List<GeneratedColumns.Column> generated) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < schemas.size(); i++) {
            String schema = schemas.get(i);
            if (Identifier.isSystemSchema(schema)) {
                errors.add(new FieldError("$.config.schemas[" + i + "]", "'" + schema
                        + "' is a system schema of the server; it is never migrated (the target has its own)"));
            }
            if (schema.equalsIgnoreCase(Heartbeat.SCHEMA)) {
                errors.add(new FieldError("$.config.schemas[" + i + "]", "'" + schema
                        + "' is Cutover's own schema (the heartbeat table); choose another name for application data"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InputValidationException(errors);
        }
        ObjectNode doc = Json.object();
        ArrayNode rules = doc.putArray("rules");
        int id = 0;
        if (schemas.isEmpty()) {
            rules.add(selection(++id, "include-all-schemas", "%", "%", "include"));
        }
        for (int i = 0; i < schemas.size(); i++) {
            // rule names stay in a plain alphabet whatever the schema is called
            rules.add(selection(++id, "include-schema-" + (i + 1), literal(schemas.get(i)), "%", "include"));
        }
        for (String system : Identifier.SYSTEM_SCHEMAS) {
            rules.add(selection(++id, "exclude-" + system, system, "%", "exclude"));
        }
        rules.add(selection(++id, "include-cutover-heartbeat", Heartbeat.SCHEMA, Heartbeat.TABLE, "include"));
        int n = 0;
        for (GeneratedColumns.Column c : generated) {
            ObjectNode rule = Json.object();
            rule.put("rule-type", "transformation");
            rule.put("rule-id", String.valueOf(++id));
            rule.put("rule-name", "remove-generated-column-" + (++n));
            rule.put("rule-target", "column");
            ObjectNode locator = rule.putObject("object-locator");
            locator.put("schema-name", literal(c.schema()));
            locator.put("table-name", literal(c.table()));
            locator.put("column-name", literal(c.column()));
            rule.put("rule-action", "remove-column");
            rules.add(rule);
        }
        return Json.write(doc);
    }

    /** {@code name} as a DMS object-locator pattern that matches only itself. */
    static String literal(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (char c : name.toCharArray()) {
            switch (c) {
                case '%', '_', '[' -> out.append('[').append(c).append(']');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static ObjectNode selection(int id, String name, String schema, String table, String action) {
        ObjectNode rule = Json.object();
        rule.put("rule-type", "selection");
        rule.put("rule-id", String.valueOf(id));
        rule.put("rule-name", name);
        ObjectNode locator = rule.putObject("object-locator");
        locator.put("schema-name", schema);
        locator.put("table-name", table);
        rule.put("rule-action", action);
        return rule;
    }
}
