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

    /**
     * The table, as the drain proof and the DMS table mappings name it; {@link #describe()} is the state's summary;
     * {@code baselines}: what {@link #ensureWriteBaselines} did on the target (null: not asked).
     */
    public record Ready(String schema, String table, String baselines) {
        public Ready(String schema, String table) {
            this(schema, table, null);
        }

        public String describe() {
            return Heartbeat.qualifiedName() + " is ready on the source and the target" + (baselines == null ? "" : "; " + baselines);
        }
    }

    /**
     * "Create the heartbeat table" on both sides (the drain proof's marker rows travel through DMS), and on the target
     * the write baselines ({@link #ensureWriteBaselines}).
     */
    public static Ready ensureOnBothSides(Ports ports, MigrationConfig config) {
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source())) {
            ensure(source);
        }
        String baselines;
        try (Database target = ports.databases().open(DatabaseRole.TARGET, config.target())) {
            ensure(target);
            baselines = ensureWriteBaselines(target, config.schemas());
        }
        return new Ready(Heartbeat.SCHEMA, Heartbeat.TABLE, baselines);
    }

    /**
     * On the target only: {@code cutover.write_baseline} and the AFTER INSERT trigger on the heartbeat table that fills it
     * when DMS applies a baseline marker ({@link Heartbeat#createBaselineTrigger}). The trigger runs inside DMS's apply and
     * must never fail it, so it is created only after the account (its definer) has shown it can run what the trigger
     * runs: read performance_schema's table I/O summary and insert into the baseline table. When it cannot, no trigger
     * is left behind (an older one is dropped), nothing fails, and the post-freeze validation counts every table (its
     * plan says why). Returns what was done, for the step's summary.
     */
    public static String ensureWriteBaselines(Database target, java.util.List<String> schemas) {
        String trigger = Sql.qualified(Heartbeat.SCHEMA, Heartbeat.BASELINE_TRIGGER);
        try {
            target.update(Heartbeat.CREATE_BASELINE_TABLE);
            // what the trigger runs, as its definer will, writing nothing
            target.query("SELECT COUNT_WRITE FROM performance_schema.table_io_waits_summary_by_table WHERE 1 = 0");
            target.update("INSERT IGNORE INTO " + Sql.qualified(Heartbeat.SCHEMA, Heartbeat.BASELINE_TABLE)
                    + " (marker_id, object_schema, object_name, count_write, captured_at) SELECT '', '', '', 0, UTC_TIMESTAMP(6) FROM DUAL WHERE 1 = 0");
            String wanted = Heartbeat.createBaselineTrigger(schemas);
            String body = wanted.substring(wanted.indexOf(" FOR EACH ROW ") + " FOR EACH ROW ".length());
            var existing = target.query("SELECT ACTION_STATEMENT AS a FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? AND TRIGGER_NAME = ?",
                    Heartbeat.SCHEMA, Heartbeat.BASELINE_TRIGGER);
            if (existing.size() != 1 || !body.equals(existing.get(0).string("a").trim())) {
                target.update("DROP TRIGGER IF EXISTS " + trigger);
                target.update(wanted);
            }
            // the same words whether this call created it or found it: a second run's result equals the first's
            return "write baselines ready on the target (" + trigger + ")";
        } catch (io.cutover.core.error.TransientDatabaseException e) {
            throw e;
        } catch (io.cutover.core.error.CutoverException e) {
            try {
                target.update("DROP TRIGGER IF EXISTS " + trigger);
            } catch (io.cutover.core.error.CutoverException ignored) {
                // nothing was created, or it cannot be dropped either: the plan finds no baseline and counts every table
            }
            return "no write baselines on the target (" + e.getMessage() + "): the post-freeze validation will count every table";
        }
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
