package io.cutover.schema;

import io.cutover.core.Heartbeat;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The schemas the schema phase works on: the configured ones, each checked to exist on the source (names are
 * matched as the server stores them). Cutover's own schema is never one of them: it is created separately.
 */
public final class SchemaSelection {
    private SchemaSelection() {}

    /** One selected schema with the source's default character set and collation. */
    public record SourceSchema(String name, String characterSet, String collation) {}

    public static List<SourceSchema> resolve(MigrationConfig config, Database source) {
        List<String> wanted = config.schemas();
        if (wanted.isEmpty()) {
            throw new ConfigurationException("no schemas to migrate: $.schemas is empty");
        }
        for (String name : wanted) {
            if (name.equalsIgnoreCase(Heartbeat.SCHEMA)) {
                throw new ConfigurationException("schema '" + name + "' is Cutover's own schema (the heartbeat table) and cannot be migrated as data");
            }
        }
        Map<String, SourceSchema> present = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Row row : source.query("SELECT SCHEMA_NAME AS name, DEFAULT_CHARACTER_SET_NAME AS cs, DEFAULT_COLLATION_NAME AS co "
                + "FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (" + Sql.placeholders(wanted.size()) + ")", wanted.toArray())) {
            present.put(row.string("name"), new SourceSchema(row.string("name"), row.string("cs"), row.string("co")));
        }
        List<String> missing = new ArrayList<>();
        List<SourceSchema> result = new ArrayList<>();
        for (String name : wanted) {
            SourceSchema schema = present.get(name);
            if (schema == null) {
                missing.add(name);
            } else {
                result.add(schema);
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationException("source: schema" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + (missing.size() > 1 ? " do not exist (or are" : " does not exist (or is") + " not visible to the Cutover user); check $.schemas");
        }
        return result;
    }

    public static List<String> names(List<SourceSchema> schemas) {
        return schemas.stream().map(SourceSchema::name).toList();
    }
}
