package io.cutover.core;

import io.cutover.core.sql.Sql;

/**
 * Cutover's own heartbeat table, the carrier of the drain proof: created on the source (schema phase) and on
 * the target, included in the DMS table mappings, written on the source after the write freeze (a unique marker
 * row) and read on the target until the marker arrives.
 */
public final class Heartbeat {
    public static final String SCHEMA = "cutover";
    public static final String TABLE = "heartbeat";

    /** The table's definition; the same on both sides. DATETIME (not TIMESTAMP): no time zone conversion. */
    public static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS " + Sql.qualified(SCHEMA, TABLE) + " ("
            + "marker_id VARCHAR(100) NOT NULL PRIMARY KEY, "
            + "migration_id VARCHAR(64) NOT NULL, "
            + "kind VARCHAR(32) NOT NULL, "
            + "written_at DATETIME(6) NOT NULL"
            + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

    private Heartbeat() {}

    public static String qualifiedName() {
        return Sql.qualified(SCHEMA, TABLE);
    }
}
