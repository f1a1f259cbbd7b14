package io.cutover.cutover.validation;

import io.cutover.core.Heartbeat;
import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.error.CutoverException;
import io.cutover.core.error.TransientDatabaseException;
import io.cutover.core.sql.Sql;
import io.cutover.cutover.validation.ValidationModel.BaselineMarker;
import io.cutover.cutover.validation.ValidationModel.ChangedKeys;
import io.cutover.cutover.validation.ValidationModel.WriteCounters;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Writes on the TARGET that did not come from DMS (a row inserted, updated or deleted there behind DMS's back between
 * the passes), seen without counting every table: the target's per-table write counters are aligned exactly with a
 * place in the source's binlog.
 *
 * <ol>
 *   <li>The pre-freeze pass, after recording its binlog position, inserts a marker row of kind {@code baseline} into
 *       {@code cutover.heartbeat} on the source ({@link #writeMarker}).</li>
 *   <li>DMS replicates it; on the target only, an AFTER INSERT trigger ({@link Heartbeat#createBaselineTrigger}) copies
 *       {@code COUNT_WRITE} of performance_schema's {@code table_io_waits_summary_by_table} for the migrated schemas into
 *       {@code cutover.write_baseline}, keyed by the marker. It runs inside DMS's apply of the marker's transaction. In
 *       transactional apply mode ({@code BatchApplyEnabled} false, "each transaction is applied individually",
 *       https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.CustomizingTasks.TaskSettings.TargetMetadata.html;
 *       "by default, AWS DMS processes changes in a transactional mode, which preserves transactional integrity",
 *       https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.CustomizingTasks.TaskSettings.ChangeProcessingTuning.html)
 *       DMS applies the source's transactions in commit order, the binlog's order, one row write per row event: the
 *       baseline is the target's counters at exactly the marker's place in the binlog.</li>
 *   <li>The post-freeze pass runs after the drain proof (the target has applied everything up to the freeze). For each
 *       table, the target's writes since the baseline ({@code COUNT_WRITE} now minus the baseline) must EQUAL the source's
 *       row events after the marker ({@link ChangedKeysReader#read(io.cutover.core.db.BinlogPosition,
 *       io.cutover.core.db.BinlogPosition, List, String)}). Any other number, either way, makes the table suspect: it is
 *       verified in full (counted and checksummed), as {@link UnloggedWrites} does for the source.</li>
 * </ol>
 * COUNT_WRITE counts every row inserted, updated or deleted through the handler, committed or not
 * (https://dev.mysql.com/doc/refman/8.0/en/performance-schema-table-wait-summary-tables.html), so a write by anyone else
 * on the target, even rolled back, makes the numbers differ. When the alignment cannot be trusted — no marker, the
 * marker not in the binlog, performance_schema off on the target, no baseline recorded (the trigger is missing or did
 * not fire), a target restarted since the baseline (its counters start again at zero), batch apply — nothing is
 * suspected table by table: {@link Check#aligned} is false, the plan says why, and every table is counted exactly.
 */
final class TargetWrites {
    private TargetWrites() {}

    /** The post-freeze comparison: the changes with the suspect tables marked FULL; {@code aligned} false: count every table. */
    record Check(ChangedKeys changes, boolean aligned) {}

    /**
     * Inserts the baseline marker on the source (the pre-freeze pass, after it recorded its binlog position, so that the
     * binlog read from that position finds the marker). Empty when it cannot be written (no heartbeat table, no INSERT
     * grant): the post-freeze pass then counts every table and says why.
     */
    static java.util.Optional<BaselineMarker> writeMarker(Database source, String migrationId, Instant now) {
        String markerId = Heartbeat.BASELINE_KIND + ":" + UUID.randomUUID();
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        try {
            source.update("INSERT INTO " + Heartbeat.qualifiedName() + " (marker_id, migration_id, kind, written_at) VALUES (?, ?, ?, ?)",
                    markerId, migrationId, Heartbeat.BASELINE_KIND, LocalDateTime.ofInstant(at, ZoneOffset.UTC));
            return java.util.Optional.of(new BaselineMarker(markerId, at));
        } catch (TransientDatabaseException e) {
            throw e;
        } catch (CutoverException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * What the comparison needs from the target, read before the binlog's row events are known (the post-freeze plan
     * reads it while the binlog is read): the target's counters now and its baseline, or why they cannot be trusted.
     * {@code notRead}: nothing was read (batch apply, no marker); {@code unaligned}: read, and not to be trusted;
     * {@code failure}: the read failed, thrown by {@link #check} only where it needs what was read (the marker found).
     */
    record Reading(String notRead, String unaligned, RuntimeException failure, WriteCounters now, Map<String, Long> baseline) {}

    /** Reads the target's side of {@link #check}. {@code batchApply}: the task applies changes in batches (the alignment does not hold). */
    static Reading read(Database target, List<String> schemas, BaselineMarker marker, boolean batchApply) {
        if (batchApply) {
            return new Reading("the DMS task applies changes in batches (BatchApplyEnabled), not one source transaction at a time", null,
                    null, null, null);
        }
        if (marker == null) {
            return new Reading("the pre-freeze pass wrote no baseline marker (no " + Heartbeat.qualifiedName() + " on the source, or no INSERT on it)",
                    null, null, null, null);
        }
        try {
            WriteCounters now = UnloggedWrites.read(target, schemas);
            if (!now.available()) {
                return unaligned("performance_schema is off on the target, or it lost table instrumentation (Performance_schema_table_*_lost)");
            }
            try {
                Map<String, Long> baseline = baseline(target, marker.markerId());
                if (baseline == null) {
                    return unaligned("the target recorded no write baseline for marker " + marker.markerId() + " (the trigger "
                            + Sql.qualified(Heartbeat.SCHEMA, Heartbeat.BASELINE_TRIGGER) + " is missing or did not fire)");
                }
                if (restartedSince(target, marker.markerId())) {
                    return unaligned("the target restarted after its write baseline was recorded (its counters started again from zero)");
                }
                return new Reading(null, null, null, now, baseline);
            } catch (TransientDatabaseException e) {
                throw e;
            } catch (CutoverException e) {
                return unaligned("the target's write baseline cannot be read (" + e.getMessage() + ")");
            }
        } catch (RuntimeException e) {
            return new Reading(null, null, e, null, null);
        }
    }

    private static Reading unaligned(String why) {
        return new Reading(null, why, null, null, null);
    }

    /**
     * Compares the target's writes since the baseline ({@link #read}) with the source's row events after the marker, for
     * {@code tables} ({@code schema.table}).
     */
    static Check check(Reading target, BaselineMarker marker, ChangedKeys changes, List<String> tables) {
        List<String> warnings = new ArrayList<>(changes.warnings());
        String why = target.notRead() != null ? target.notRead()
                : changes.rowEventsAfterMarker() == null
                        ? "the baseline marker " + marker.markerId() + " was not found in the source binlog between the passes"
                        : target.unaligned();
        if (why == null && target.failure() != null) {
            throw target.failure();
        }
        if (why != null) {
            warnings.add("writes on the target by anything other than DMS cannot be told table by table: " + why
                    + "; every table is counted exactly");
            return new Check(changes.with(changes.keys(), changes.full(), List.copyOf(warnings)), false);
        }
        WriteCounters now = target.now();
        Map<String, Long> baseline = target.baseline();
        Set<String> full = new TreeSet<>(changes.full());
        Map<String, List<List<String>>> keys = new LinkedHashMap<>(changes.keys());
        List<String> suspect = new ArrayList<>();
        for (String table : tables) {
            String id = table.toLowerCase(Locale.ROOT);
            long delta = now.writes().getOrDefault(id, 0L) - baseline.getOrDefault(id, 0L);
            long applied = changes.rowEventsAfterMarker().getOrDefault(table, 0L);
            if (delta != applied) { // more: written by someone else; fewer: a counter reset or a change not applied as one write
                if (full.add(table)) {
                    suspect.add(table + " (" + delta + " writes on the target, " + applied + " row events after the marker)");
                }
                keys.remove(table);
            }
        }
        if (!suspect.isEmpty()) {
            warnings.add("written on the target otherwise than DMS applied the binlog, verified in full: " + String.join(", ", suspect));
        }
        return new Check(changes.with(keys, full, List.copyOf(warnings)), true);
    }

    /** The baseline rows of {@code markerId} by {@code schema.table}; null when the trigger recorded none (no "fired" row). */
    private static Map<String, Long> baseline(Database target, String markerId) {
        List<Row> rows = target.query("SELECT object_schema AS s, object_name AS t, count_write AS w FROM "
                + Sql.qualified(Heartbeat.SCHEMA, Heartbeat.BASELINE_TABLE) + " WHERE marker_id = ?", markerId);
        Map<String, Long> counters = new LinkedHashMap<>();
        boolean fired = false;
        for (Row r : rows) {
            if (r.string("s").isEmpty() && r.string("t").isEmpty()) {
                fired = true;
            } else {
                counters.put((r.string("s") + "." + r.string("t")).toLowerCase(Locale.ROOT), r.longValue("w", 0));
            }
        }
        return fired ? counters : null;
    }

    /**
     * Whether the target started after the baseline was captured: its uptime is shorter than the baseline's age (both
     * in whole seconds, on the target's own clock, in UTC whatever the sessions' time zones; equal is read as not restarted, as right after a server start). A
     * restart within the same second as the capture is not told apart by this: the counters of every table written before
     * the capture then went back (negative deltas, suspect), and a table would need writes behind DMS's back exactly as
     * many as the restart lost to hide them.
     */
    private static boolean restartedSince(Database target, String markerId) {
        List<Row> age = target.query("SELECT TIMESTAMPDIFF(SECOND, captured_at, UTC_TIMESTAMP(6)) AS a FROM "
                + Sql.qualified(Heartbeat.SCHEMA, Heartbeat.BASELINE_TABLE) + " WHERE marker_id = ? AND object_schema = '' AND object_name = ''",
                markerId);
        List<Row> uptime = target.query("SHOW GLOBAL STATUS LIKE 'Uptime'");
        if (age.isEmpty() || uptime.isEmpty()) {
            return true;
        }
        long ageSeconds = age.get(0).longValue("a", Long.MAX_VALUE);
        long up = Long.parseLong(uptime.get(0).string("Value").trim());
        return up < ageSeconds;
    }
}
