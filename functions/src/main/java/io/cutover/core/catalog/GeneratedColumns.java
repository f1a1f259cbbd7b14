package io.cutover.core.catalog;

import io.cutover.core.ports.Artifacts;
import java.util.List;

/**
 * The source's generated (VIRTUAL or STORED) columns in the selected schemas, as "2.5 Create target schema" found them
 * when it created the target's tables (where they are generated columns again, computed by the target). "3.2 Build task
 * settings and table mappings" reads this list to keep them out of the columns DMS replicates (one remove-column
 * transformation rule each), so that DMS never writes a value the target computes.
 */
public record GeneratedColumns(List<Column> columns) {
    public GeneratedColumns {
        columns = List.copyOf(columns);
    }

    public record Column(String schema, String table, String column, String kind) {}

    /** Where the schema step stores the list. */
    public static String key(String migrationId) {
        return Artifacts.key(migrationId, "schema", "generated-columns.json");
    }

    public static GeneratedColumns of(Catalog source) {
        return new GeneratedColumns(source.columns().stream().filter(Catalog.Column::isGenerated)
                .map(c -> new Column(c.table().schema(), c.table().table(), c.name(),
                        c.extra().toUpperCase(java.util.Locale.ROOT).contains("VIRTUAL") ? "VIRTUAL" : "STORED"))
                .toList());
    }
}
