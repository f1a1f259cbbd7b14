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

    /**
     * The target's write baselines: performance_schema's {@code COUNT_WRITE} per migrated table, copied by
     * {@link #BASELINE_TRIGGER} when DMS applies a marker row of kind {@value #BASELINE_KIND} (one row per table, and one
     * row with empty names that says the trigger fired). Target only: created neither on the source nor in the table mappings.
     */
    public static final String BASELINE_TABLE = "write_baseline";
    public static final String BASELINE_KIND = "baseline";
    public static final String BASELINE_TRIGGER = "heartbeat_write_baseline";

    public static final String CREATE_BASELINE_TABLE = "CREATE TABLE IF NOT EXISTS " + Sql.qualified(SCHEMA, BASELINE_TABLE) + " ("
            + "marker_id VARCHAR(100) NOT NULL, "
            + "object_schema VARCHAR(64) NOT NULL, "
            + "object_name VARCHAR(64) NOT NULL, "
            + "count_write BIGINT UNSIGNED NOT NULL, "
            + "captured_at DATETIME(6) NOT NULL, "
            + "PRIMARY KEY (marker_id, object_schema, object_name)"
            + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

    /**
     * The AFTER INSERT trigger on the heartbeat table (target only). One statement, no branch that can raise an error of
     * its own: for a marker of kind {@value #BASELINE_KIND} it copies {@code COUNT_WRITE} of {@code schemas}' tables from
     * {@code performance_schema.table_io_waits_summary_by_table} (empty when performance_schema is off) plus the
     * "fired" row; for any other marker (the drain proof's) its WHERE is false and it writes nothing. {@code INSERT IGNORE}:
     * a marker applied twice keeps its first baseline. It runs inside DMS's apply of the marker's transaction, so what it
     * copies is the target's counters at the marker's place in the source's commit order (transactional apply).
     */
    public static String createBaselineTrigger(java.util.List<String> schemas) {
        String in = schemas.isEmpty() ? "''" : String.join(", ", schemas.stream().map(Heartbeat::literal).toList());
        return "CREATE TRIGGER " + Sql.qualified(SCHEMA, BASELINE_TRIGGER) + " AFTER INSERT ON " + Sql.qualified(SCHEMA, TABLE)
                + " FOR EACH ROW INSERT IGNORE INTO " + Sql.qualified(SCHEMA, BASELINE_TABLE)
                + " (marker_id, object_schema, object_name, count_write, captured_at)"
                + " SELECT NEW.marker_id, '', '', 0, UTC_TIMESTAMP(6) FROM DUAL WHERE NEW.kind = '" + BASELINE_KIND + "'"
                + " UNION ALL SELECT NEW.marker_id, OBJECT_SCHEMA, OBJECT_NAME, COUNT_WRITE, UTC_TIMESTAMP(6)"
                + " FROM performance_schema.table_io_waits_summary_by_table"
                + " WHERE NEW.kind = '" + BASELINE_KIND + "' AND OBJECT_TYPE = 'TABLE' AND OBJECT_SCHEMA IN (" + in + ")";
    }

    /** A schema name as an SQL string literal (names come from the validated input; quotes and backslashes escaped). */
    private static String literal(String name) {
        return "'" + name.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private Heartbeat() {}

    public static String qualifiedName() {
        return Sql.qualified(SCHEMA, TABLE);
    }
}
