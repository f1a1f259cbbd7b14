package io.cutover.cutover.validation;

import io.cutover.core.db.BinlogPosition;
import java.time.Instant;
import java.util.List;

/** The documents of a validation pass (all kept in the artifacts store; the state carries keys and counts). */
public final class ValidationModel {
    private ValidationModel() {}

    /** How much of a table a pass verifies. */
    public enum Scope {
        /** Counts and a chunked checksum of every row. */
        FULL,
        /** Counts, the rows whose keys changed since the baseline pass, and the baseline's mismatching chunks. */
        CHANGED,
        /** Exact counts only (checksums off, or nothing changed since a clean baseline). */
        COUNTS,
        /**
         * After the freeze, without exact counts: the rows whose keys changed since the baseline pass and its mismatching
         * chunks, nothing else (the binlog, the foreign-key closure and the write counters account for every write). In
         * the catch-up pass before the freeze: the same rows, not counted (the application still writes).
         */
        KEYS,
        /** After the freeze without exact counts, or in the catch-up pass: nothing was written since a baseline pass that matched; nothing is read. */
        UNCHANGED
    }

    /** One column as both sides hash it: {@code expression} is the normalised SQL (same text on both sides). */
    public record ColumnPlan(String name, int ordinal, String expression, boolean nullable, boolean unsigned, String dataType) {}

    public record TablePlan(int index, String schema, String table, String keyKind, String keyIndex, List<String> keyColumns,
                            List<ColumnPlan> columns, List<String> partitions, long estimatedRows, Scope scope,
                            List<ChunkMismatch> recheckChunks, List<String> warnings) {
        public String id() {
            return schema + "." + table;
        }

        public boolean hasKey() {
            return !keyColumns.isEmpty();
        }
    }

    /** A difference found while planning: a table or column on one side only, a type that changed. */
    public record SchemaDifference(String schema, String table, String what) {}

    public record Plan(String migrationId, String pass, String executionName, Instant createdAt, BinlogPosition sourcePosition, String baselinePass,
                       boolean checksums, int chunkTargetMillis, List<TablePlan> tables, List<List<Integer>> batches,
                       List<SchemaDifference> schemaDifferences, List<String> warnings) {}

    public record PartitionCount(String partition, Long source, Long target) {
        public boolean matches() {
            return source != null && source.equals(target);
        }
    }

    /** A chunk whose count or hash differs: {@code lower} exclusive, {@code upper} inclusive (null = open). */
    public record ChunkMismatch(List<String> lower, List<String> upper, long sourceCount, long targetCount,
                                String sourceHash, String targetHash, int rowsDiffering) {}

    public enum DifferenceKind { MISSING_ON_TARGET, EXTRA_ON_TARGET, CHANGED }

    public record RowDifference(List<String> key, DifferenceKind kind) {}

    public record TableResult(String schema, String table, Scope scope, String keyKind, Long sourceRows, Long targetRows,
                              List<PartitionCount> partitions, int chunks, long rowsChecksummed, List<ChunkMismatch> mismatchedChunks,
                              long rowDifferences, List<RowDifference> rows, List<String> warnings, double seconds) {
        /** Counts that were not taken (scopes {@code KEYS} and {@code UNCHANGED}) are null on both sides and do not differ. */
        public boolean countsMatch() {
            boolean notCounted = sourceRows == null && targetRows == null && (scope == Scope.KEYS || scope == Scope.UNCHANGED);
            return (notCounted || sourceRows != null && sourceRows.equals(targetRows)) && partitions.stream().allMatch(PartitionCount::matches);
        }

        public boolean matches() {
            return countsMatch() && mismatchedChunks.isEmpty() && rowDifferences == 0;
        }
    }

    /** Where an unfinished batch resumes: the table within the batch, and the last chunk's upper bound. */
    public record Cursor(int position, List<String> lastKey, int chunkSize, TableResult partial) {}

    /** {@code planCreatedAt} ties the result to the plan it ran (a re-plan starts the pass over). */
    public record BatchResult(String pass, int batch, Instant planCreatedAt, boolean complete, Cursor cursor, List<TableResult> tables,
                              Instant startedAt, Instant updatedAt, double seconds) {}

    /**
     * Changed keys per table ({@code schema.table}) between two binlog positions; {@code full}: verify everything;
     * {@code rowEvents}: the row operations the binlog holds per table (an update is one), to compare with the table's
     * write counter; {@code rowEventsAfterMarker}: the same, counted only after the baseline marker's row event (null when
     * no marker was looked for or it was not found), to compare with the target's write counters since its baseline.
     */
    public record ChangedKeys(BinlogPosition from, BinlogPosition to, java.util.Map<String, List<List<String>>> keys,
                              java.util.Set<String> full, long events, List<String> warnings, java.util.Map<String, Long> rowEvents,
                              java.util.Map<String, Long> rowEventsAfterMarker) {
        public ChangedKeys {
            rowEvents = rowEvents == null ? java.util.Map.of() : rowEvents;
        }

        /** Without a baseline marker to look for ({@code rowEventsAfterMarker} null). */
        public ChangedKeys(BinlogPosition from, BinlogPosition to, java.util.Map<String, List<List<String>>> keys, java.util.Set<String> full,
                           long events, List<String> warnings, java.util.Map<String, Long> rowEvents) {
            this(from, to, keys, full, events, warnings, rowEvents, null);
        }

        /**
         * These changes (read from the catch-up pass's position) with the row events of {@code earlier} (read from the
         * pre-freeze pass's position to the catch-up's) added to the counts: the keys and {@code from} stay this read's,
         * the counts cover both reads, as the write counters recorded by the pre-freeze pass need. Every event of this
         * read is after the baseline marker, which {@code earlier} found (or did not: then there is no count after it).
         */
        public ChangedKeys countedFrom(ChangedKeys earlier) {
            java.util.Map<String, Long> all = new java.util.LinkedHashMap<>(earlier.rowEvents());
            rowEvents.forEach((table, n) -> all.merge(table, n, Long::sum));
            java.util.Map<String, Long> afterMarker = null;
            if (earlier.rowEventsAfterMarker() != null) {
                afterMarker = new java.util.LinkedHashMap<>(earlier.rowEventsAfterMarker());
                for (java.util.Map.Entry<String, Long> e : rowEvents.entrySet()) {
                    afterMarker.merge(e.getKey(), e.getValue(), Long::sum);
                }
            }
            return new ChangedKeys(from, to, keys, full, events + earlier.events(), warnings, all, afterMarker);
        }

        /** The same changes with other keys, tables to verify in full and warnings (the row event counts kept). */
        public ChangedKeys with(java.util.Map<String, List<List<String>>> keys, java.util.Set<String> full, List<String> warnings) {
            return new ChangedKeys(from, to, keys, full, events, warnings, rowEvents, rowEventsAfterMarker);
        }
    }

    /**
     * The baseline marker the pre-freeze pass wrote on the source ({@code cutover.heartbeat}, kind {@code baseline}) after
     * recording its binlog position: when DMS applies it, the target's trigger copies the target's write counters
     * ({@code cutover.write_baseline}); the post-freeze pass compares them with the source's row events after the marker.
     */
    public record BaselineMarker(String markerId, Instant writtenAt) {}

    /**
     * The rows that transactions open on the source had modified right after the freeze set read_only (InnoDB's
     * {@code trx_rows_modified}, summed): they cannot commit any more (a COMMIT is refused while read_only is on, MySQL
     * bug #11733, https://bugs.mysql.com/bug.php?id=11733, and MariaDB alike), so their writes are counted by the write
     * counters and never reach the binlog. {@code rowsModified} null, and {@code why} says so, when it is not known or
     * does not bound them (an account can still write and commit, or the transactions could not be listed).
     */
    public record WritesInFlightAtFreeze(String executionName, Long rowsModified, int transactions, String why) {}

    /** performance_schema's per-table write counters of the source ({@code COUNT_WRITE}); {@code available} false when it is off. */
    public record WriteCounters(boolean available, java.util.Map<String, Long> writes) {}
}
