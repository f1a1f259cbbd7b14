package io.cutover.schema;

import io.cutover.core.Heartbeat;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.ports.Ports;
import io.cutover.core.sql.Sql;
import java.util.List;

/**
 * Cutover's heartbeat table ({@link Heartbeat}), created if absent in Cutover's own schema, and checked to have
 * the columns the drain proof writes: an existing table with other columns is an error, never altered.
 */
public final class HeartbeatTable {
    static final List<String> COLUMNS = List.of("marker_id", "migration_id", "kind", "written_at");

    private HeartbeatTable() {}

    /** The table, as the drain proof and the DMS table mappings name it; {@link #describe()} is the state's summary. */
    public record Ready(String schema, String table) {
        public String describe() {
            return Heartbeat.qualifiedName() + " is ready on the source and the target";
        }
    }

    /** "Create the heartbeat table" on both sides (the drain proof's marker rows travel through DMS). */
    public static Ready ensureOnBothSides(Ports ports, MigrationConfig config) {
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source())) {
            ensure(source);
        }
        try (Database target = ports.databases().open(DatabaseRole.TARGET, config.target())) {
            ensure(target);
        }
        return new Ready(Heartbeat.SCHEMA, Heartbeat.TABLE);
    }

    public static void ensure(Database db) {
        db.update("CREATE DATABASE IF NOT EXISTS " + Sql.quote(Heartbeat.SCHEMA) + " CHARACTER SET utf8mb4");
        db.update(Heartbeat.CREATE_TABLE);
        List<String> columns = db.query("SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? "
                + "AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION", Heartbeat.SCHEMA, Heartbeat.TABLE)
                .stream().map(r -> r.string("c").toLowerCase(java.util.Locale.ROOT)).toList();
        if (!columns.equals(COLUMNS)) {
            throw new ConfigurationException(db.role().label() + ": " + Heartbeat.qualifiedName() + " exists with columns " + columns
                    + " instead of " + COLUMNS + ": it is not Cutover's heartbeat table; rename or drop it");
        }
    }
}
