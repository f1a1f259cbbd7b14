package io.cutover.cutover.validation;

import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.error.DatabaseException;
import io.cutover.core.sql.Sql;
import io.cutover.cutover.validation.ValidationModel.ChunkMismatch;
import io.cutover.cutover.validation.ValidationModel.DifferenceKind;
import io.cutover.cutover.validation.ValidationModel.PartitionCount;
import io.cutover.cutover.validation.ValidationModel.RowDifference;
import io.cutover.cutover.validation.ValidationModel.Scope;
import io.cutover.cutover.validation.ValidationModel.TablePlan;
import io.cutover.cutover.validation.ValidationModel.TableResult;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * Compares one table between source and target: exact counts per table and partition, and a checksum per key
 * chunk ({@code COUNT(*)} and the sums of the two CRC32 halves of a 64-bit row hash over normalised values, so row
 * order does not matter; {@link Normalization}). Both sides run each query at the same time on their own session. Mismatching chunks are narrowed to
 * the rows that differ. Chunk size adapts so that a chunk takes about {@code chunkTargetMillis}.
 */
public final class TableValidator {
    /** pt-table-checksum's first chunk ({@code --chunk-size}, default 1000, "used as a starting point"). */
    static final int FIRST_CHUNK = 1_000;
    static final int MIN_CHUNK = 100;
    /**
     * Rows per chunk at most, whatever the time target allows: a chunk that differs is narrowed by loading its keys and
     * row hashes from both sides into the function's memory (a few hundred bytes a row and side), so a chunk is
     * bounded by rows as well as by time, well inside the batch function's 2,048 MB (template.yaml).
     */
    static final int MAX_CHUNK = 250_000;
    /**
     * How much larger a chunk may be than the one before it. pt-table-checksum sets the next chunk straight from the
     * rows/s measured so far ({@code --chunk-time}); a bound on the step keeps one chunk of unrepresentative rows (small
     * rows before large ones, cached pages before cold ones) from making the next chunk many times the time target.
     */
    static final int MAX_GROWTH = 16;
    static final int MAX_ROWS_REPORTED = 100;
    static final int KEYS_PER_LOOKUP = 500;

    private final Database source;
    private final Database target;
    private final ExecutorService pool;
    private final int chunkTargetMillis;

    public TableValidator(Database source, Database target, ExecutorService pool, int chunkTargetMillis) {
        this.source = source;
        this.target = target;
        this.pool = pool;
        this.chunkTargetMillis = chunkTargetMillis;
    }

    /** Sets a session up for comparable renderings (TIMESTAMP in UTC). */
    public static void prepareSession(Database db) {
        db.update("SET SESSION time_zone = '+00:00'");
    }

    /** The mutable result of one table while it is being compared (resumable from a {@link TableResult}). */
    public static final class Accumulator {
        final TablePlan table;
        Long sourceRows;
        Long targetRows;
        List<PartitionCount> partitions = new ArrayList<>();
        int chunks;
        long rowsChecksummed;
        final List<ChunkMismatch> mismatches = new ArrayList<>();
        long rowDifferences;
        final List<RowDifference> rows = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        double seconds;

        public Accumulator(TablePlan table) {
            this.table = table;
            this.warnings.addAll(table.warnings());
        }

        static Accumulator resume(TablePlan table, TableResult partial) {
            Accumulator a = new Accumulator(table);
            if (partial != null) {
                a.sourceRows = partial.sourceRows();
                a.targetRows = partial.targetRows();
                a.partitions = new ArrayList<>(partial.partitions());
                a.chunks = partial.chunks();
                a.rowsChecksummed = partial.rowsChecksummed();
                a.mismatches.addAll(partial.mismatchedChunks());
                a.rowDifferences = partial.rowDifferences();
                a.rows.addAll(partial.rows());
                a.warnings.clear();
                a.warnings.addAll(partial.warnings());
                a.seconds = partial.seconds();
            }
            return a;
        }

        void row(List<String> key, DifferenceKind kind) {
            rowDifferences++;
            if (rows.size() < MAX_ROWS_REPORTED) {
                rows.add(new RowDifference(key, kind));
            }
        }

        public TableResult result() {
            return new TableResult(table.schema(), table.table(), table.scope(), table.keyKind(), sourceRows, targetRows,
                    List.copyOf(partitions), chunks, rowsChecksummed, List.copyOf(mismatches), rowDifferences, List.copyOf(rows),
                    List.copyOf(warnings), Math.round(seconds * 1000) / 1000.0);
        }
    }

    /** Exact COUNT(*) of the table and of each partition, on both sides at once. */
    public void count(Accumulator acc) {
        TablePlan t = acc.table;
        String from = Sql.qualified(t.schema(), t.table());
        BothSides.Results<Long, Long> both = both(db -> db.query("SELECT COUNT(*) AS n FROM " + from).get(0).longValue("n", 0));
        acc.sourceRows = both.source();
        acc.targetRows = both.target();
        List<PartitionCount> partitions = new ArrayList<>();
        for (String p : t.partitions()) {
            String sql = "SELECT COUNT(*) AS n FROM " + from + " PARTITION (" + Sql.quote(p) + ")";
            BothSides.Results<Long, Long> n = BothSides.atOnce(() -> source.query(sql).get(0).longValue("n", 0), () -> {
                try {
                    return target.query(sql).get(0).longValue("n", 0);
                } catch (DatabaseException e) {
                    return null; // the partition does not exist there: reported as a mismatch, not an error
                }
            }, pool);
            partitions.add(new PartitionCount(p, n.source(), n.target()));
        }
        acc.partitions = partitions;
    }

    /** Where a chunked pass stopped: {@code lastKey} null when the table is done. */
    public record Progress(boolean done, List<String> lastKey, int chunkSize) {}

    /** Checksums chunks from {@code lastKey} (exclusive) on until the table ends or {@code deadline} passes. */
    public Progress checksum(Accumulator acc, List<String> lastKey, int chunkSize, Instant deadline) {
        TablePlan t = acc.table;
        if (!t.hasKey()) {
            wholeTable(acc);
            return new Progress(true, null, chunkSize);
        }
        int size = chunkSize <= 0 ? FIRST_CHUNK : chunkSize;
        List<String> lower = lastKey;
        KeyBounds bounds = new KeyBounds(); // read once per call, not per chunk (a resumed call reads them again)
        boolean first = true;
        while (true) {
            if (!first && Instant.now().isAfter(deadline)) {
                return new Progress(false, lower, size); // at least one chunk per call: a resumed pass always progresses
            }
            first = false;
            List<String> upper = boundary(source, t, lower, size, bounds);
            long started = System.nanoTime();
            ChunkSums[] sums = bothSums(t, lower, upper);
            double millis = (System.nanoTime() - started) / 1e6;
            acc.chunks++;
            acc.rowsChecksummed += sums[0].count;
            acc.seconds += millis / 1000;
            if (!sums[0].equals(sums[1])) {
                narrow(acc, lower, upper, sums);
            }
            if (upper == null) {
                return new Progress(true, null, size);
            }
            lower = upper;
            size = nextSize(size, sums[0].count, millis);
        }
    }

    /** Re-verifies one chunk (a mismatch from an earlier pass), narrowing it again if it still differs. */
    public boolean recheck(Accumulator acc, ChunkMismatch chunk) {
        TablePlan t = acc.table;
        if (!t.hasKey()) {
            wholeTable(acc);
            return acc.mismatches.isEmpty();
        }
        ChunkSums[] sums = bothSums(t, chunk.lower(), chunk.upper());
        acc.chunks++;
        acc.rowsChecksummed += sums[0].count;
        if (sums[0].equals(sums[1])) {
            return true;
        }
        narrow(acc, chunk.lower(), chunk.upper(), sums);
        return false;
    }

    /** Compares the rows with the given keys (changed since the baseline) on both sides. */
    public void verifyKeys(Accumulator acc, List<List<String>> keys) {
        TablePlan t = acc.table;
        for (int i = 0; i < keys.size(); i += KEYS_PER_LOOKUP) {
            List<List<String>> group = keys.subList(i, Math.min(keys.size(), i + KEYS_PER_LOOKUP));
            List<Object> params = new ArrayList<>();
            String where = keyIn(t, group, params);
            acc.rowsChecksummed += group.size();
            // first the rows together, as a chunk is compared (COUNT(*), the sum of their CRC32s, the non-NULL counts):
            // one row back from each side; only when they differ are the rows' own hashes fetched to tell which
            BothSides.Results<ChunkSums, ChunkSums> sums = both(db -> sums(db, t, where, params, Normalization.DOUBLE_SUM_ROWS));
            if (sums.source().equals(sums.target())) {
                continue;
            }
            String sql = "SELECT " + Sql.quoteAll(t.keyColumns()) + ", " + Normalization.rowHash(t.columns()) + " AS cutover_h FROM "
                    + Sql.qualified(t.schema(), t.table()) + " WHERE " + where;
            BothSides.Results<Map<String, KeyedRow>, Map<String, KeyedRow>> rows = both(db -> keyed(t, db.query(sql, params.toArray())));
            diff(acc, rows.source(), rows.target(), false);
        }
    }

    private void wholeTable(Accumulator acc) {
        ChunkSums[] sums = bothSums(acc.table, null, null);
        acc.chunks++;
        acc.rowsChecksummed += sums[0].count;
        if (!sums[0].equals(sums[1])) {
            acc.mismatches.add(new ChunkMismatch(null, null, sums[0].count, sums[1].count, sums[0].hash, sums[1].hash, 0));
        }
    }

    record ChunkSums(long count, String hash) {}

    private ChunkSums[] bothSums(TablePlan t, List<String> lower, List<String> upper) {
        BothSides.Results<ChunkSums, ChunkSums> sums = both(db -> sums(db, t, lower, upper));
        return new ChunkSums[] {sums.source(), sums.target()};
    }

    /** One chunk's {@code COUNT(*)}, the sum of its rows' CRC32 and its nullable columns' non-NULL counts ({@code h/n0,n1,...}), computed in the server. */
    private static ChunkSums sums(Database db, TablePlan t, List<String> lower, List<String> upper) {
        return sums(db, t, lower, upper, Normalization.DOUBLE_SUM_ROWS);
    }

    /**
     * As above; the sum is taken in double precision and taken again as DECIMAL when the chunk has more than
     * {@code doubleSumRows} rows, where the double sum may be inexact ({@link Normalization#chunkSums}). Both forms give
     * the same integer for the same rows, so the two sides compare alike whichever each took. A table without a key is
     * one chunk of any size: its sum is DECIMAL at once.
     */
    static ChunkSums sums(Database db, TablePlan t, List<String> lower, List<String> upper, long doubleSumRows) {
        List<Object> params = new ArrayList<>();
        String where = range(t, lower, upper, params);
        return sums(db, t, where, params, doubleSumRows);
    }

    /** As above, over the rows {@code where} selects (a key range, a set of keys; empty: the whole table). */
    private static ChunkSums sums(Database db, TablePlan t, String where, List<Object> params, long doubleSumRows) {
        String from = " FROM " + Sql.qualified(t.schema(), t.table()) + (where.isEmpty() ? "" : " WHERE " + where);
        Row r = t.hasKey() ? db.query("SELECT COUNT(*) AS cnt, " + Normalization.chunkSums(t.columns(), false) + from, params.toArray()).get(0) : null;
        if (r == null || r.longValue("cnt", 0) > doubleSumRows) {
            r = db.query("SELECT COUNT(*) AS cnt, " + Normalization.chunkSums(t.columns(), true) + from, params.toArray()).get(0);
        }
        StringBuilder hash = new StringBuilder(new BigDecimal(r.string("h")).toPlainString());
        for (String alias : Normalization.nullCountAliases(t.columns())) {
            hash.append(hash.indexOf("/") < 0 ? "/" : ",").append(r.longValue(alias, 0));
        }
        return new ChunkSums(r.longValue("cnt", 0), hash.toString());
    }

    /**
     * One side's chunked checksum of a whole keyed table, exactly as a pass runs it there (chunk boundaries, chunk
     * sums, the adaptive chunk size), without the comparison: what {@code local/bench validation} times against
     * reading every value. Returns the rows checksummed.
     */
    public static long checksumOneSide(Database db, TablePlan t, int chunkTargetMillis) {
        TableValidator sizing = new TableValidator(db, db, null, chunkTargetMillis);
        List<String> lower = null;
        int size = FIRST_CHUNK;
        long rows = 0;
        KeyBounds bounds = new KeyBounds();
        while (true) {
            List<String> upper = boundary(db, t, lower, size, bounds);
            long started = System.nanoTime();
            ChunkSums sums = sums(db, t, lower, upper);
            rows += sums.count;
            if (upper == null) {
                return rows;
            }
            lower = upper;
            size = sizing.nextSize(size, sums.count, (System.nanoTime() - started) / 1e6);
        }
    }

    /** The upper bound (inclusive) of the next chunk of about {@code size} rows after {@code lower} on the source; null: to the end. */
    private static List<String> boundary(Database db, TablePlan t, List<String> lower, int size, KeyBounds bounds) {
        return integerKey(t) ? integerBoundary(db, t, lower, size, bounds) : offsetBoundary(db, t, lower, size);
    }

    private static final java.util.Set<String> INTEGER_TYPES = java.util.Set.of("tinyint", "smallint", "mediumint", "int", "bigint");

    /** A single-column integer key: its chunks are ranges of values, found without reading the rows in between. */
    static boolean integerKey(TablePlan t) {
        return t.keyColumns().size() == 1 && t.columns().stream()
                .anyMatch(c -> c.name().equalsIgnoreCase(t.keyColumns().get(0)) && INTEGER_TYPES.contains(c.dataType()));
    }

    /** The key of the {@code size}-th row after {@code lower}: reads the {@code size} rows' index entries. */
    private static List<String> offsetBoundary(Database db, TablePlan t, List<String> lower, int size) {
        List<Object> params = new ArrayList<>();
        String where = range(t, lower, null, params);
        params.add(size - 1);
        List<Row> rows = db.query("SELECT " + Sql.quoteAll(t.keyColumns()) + " FROM " + Sql.qualified(t.schema(), t.table())
                + (where.isEmpty() ? "" : " WHERE " + where) + " ORDER BY " + Sql.quoteAll(t.keyColumns()) + " LIMIT 1 OFFSET ?",
                params.toArray());
        if (rows.isEmpty()) {
            return null;
        }
        List<Object> key = new ArrayList<>();
        t.keyColumns().forEach(k -> key.add(rows.get(0).get(k)));
        return KeyCodec.encodeAll(key);
    }

    /** Rows sampled after the chunk's first key to measure the key density there (index entries, not a scan). */
    static final int DENSITY_SAMPLE = 100;

    /**
     * An integer key's smallest and largest values on the source, read once per {@link #checksum} call (one query, two
     * index dives) instead of once per chunk. The table changes under CDC while a pre-freeze pass runs, so they may be
     * stale; that cannot leave a value unchecked, because they decide no chunk's coverage: the first chunk has no lower
     * bound, each chunk starts right after the one before it, and the last chunk has no upper bound, so rows inserted
     * below {@code lo} or above {@code hi} since they were read are in the first or the last chunk. They only shape
     * the chunks: {@code lo}, {@code hi} and the estimated rows cap a chunk's width, and {@code hi} says where the last,
     * open chunk begins. So that a table that grew past {@code hi} meanwhile does not make that open chunk long (a
     * long query on a busy source), {@code hi} is read again before a chunk is left open, and chunking goes on if it
     * moved.
     */
    static final class KeyBounds {
        private BigInteger lo;
        private BigInteger hi;
        private boolean read;

        /** False when the table is empty. */
        private boolean read(Database db, String key, String table, boolean again) {
            if (!read || again) {
                Row r = db.query("SELECT MIN(" + key + ") AS lo, MAX(" + key + ") AS hi FROM " + table).get(0);
                read = true;
                lo = r.get("lo") == null ? null : new BigDecimal(r.string("lo")).toBigIntegerExact();
                hi = r.get("hi") == null ? null : new BigDecimal(r.string("hi")).toBigIntegerExact();
            }
            return hi != null;
        }
    }

    /**
     * An integer key's next chunk is {@code (lower, first + width - 1]}, {@code first} the smallest key above
     * {@code lower}, {@code width} about {@code size} rows at the key density measured over the next
     * {@value #DENSITY_SAMPLE} keys (capped at 4 times the table's average density, so that a sparse start does not make
     * one chunk of a dense rest); index dives and a short sample instead of reading {@code size} rows. The chunk starts
     * right after {@code lower} whatever {@code first} is, so the chunks cover every value, gaps included (a row only
     * the target has is in a chunk like any other); the last chunk is open once it reaches the source's largest key
     * ({@link KeyBounds}).
     */
    private static List<String> integerBoundary(Database db, TablePlan t, List<String> lower, int size, KeyBounds bounds) {
        String key = Sql.quote(t.keyColumns().get(0));
        String table = Sql.qualified(t.schema(), t.table());
        if (!bounds.read(db, key, table, false)) {
            return null; // empty when the bounds were read: one open chunk
        }
        String above = lower == null ? "" : " WHERE " + key + " > ?";
        Object[] params = lower == null ? new Object[] {DENSITY_SAMPLE - 1} : new Object[] {KeyCodec.decode(lower.get(0)), DENSITY_SAMPLE - 1};
        List<Row> firstAndSample = db.query("(SELECT " + key + " AS k FROM " + table + above + " ORDER BY " + key + " LIMIT 1) UNION ALL (SELECT "
                + key + " FROM " + table + above + " ORDER BY " + key + " LIMIT 1 OFFSET ?)",
                lower == null ? params : new Object[] {params[0], params[0], params[1]});
        if (firstAndSample.size() < 2) {
            return null; // fewer than DENSITY_SAMPLE rows left: one last, open chunk
        }
        BigInteger first = new BigDecimal(firstAndSample.get(0).string("k")).toBigIntegerExact();
        BigInteger sampled = new BigDecimal(firstAndSample.get(1).string("k")).toBigIntegerExact().subtract(first);
        BigInteger estimated = BigInteger.valueOf(Math.max(1, t.estimatedRows()));
        BigInteger width = BigInteger.valueOf(size).multiply(sampled.max(BigInteger.ONE)).divide(BigInteger.valueOf(DENSITY_SAMPLE - 1));
        BigInteger upper;
        do {
            BigInteger span = bounds.hi.subtract(bounds.lo.min(first)).add(BigInteger.ONE);
            BigInteger cap = BigInteger.valueOf(size).multiply(BigInteger.valueOf(4)).multiply(span).divide(estimated);
            upper = first.add(width.min(cap.max(BigInteger.valueOf(size))).max(BigInteger.ONE)).subtract(BigInteger.ONE);
        } while (upper.compareTo(bounds.hi) >= 0 && grew(bounds, db, key, table));
        return upper.compareTo(bounds.hi) >= 0 ? null : List.of(KeyCodec.encode(upper));
    }

    /** Reads {@code hi} again (before a chunk is left open): true if the table now reaches beyond it. */
    private static boolean grew(KeyBounds bounds, Database db, String key, String table) {
        BigInteger before = bounds.hi;
        return bounds.read(db, key, table, true) && bounds.hi.compareTo(before) > 0;
    }

    private record KeyedRow(List<String> key, String hash) {}

    /** Fetches key and row hash of the chunk on both sides and reports the rows that differ. */
    private void narrow(Accumulator acc, List<String> lower, List<String> upper, ChunkSums[] sums) {
        TablePlan t = acc.table;
        List<Object> params = new ArrayList<>();
        String where = range(t, lower, upper, params);
        String sql = "SELECT " + Sql.quoteAll(t.keyColumns()) + ", " + Normalization.rowHash(t.columns()) + " AS cutover_h FROM "
                + Sql.qualified(t.schema(), t.table()) + (where.isEmpty() ? "" : " WHERE " + where) + " ORDER BY " + Sql.quoteAll(t.keyColumns());
        BothSides.Results<Map<String, KeyedRow>, Map<String, KeyedRow>> rows = both(db -> keyed(t, db.query(sql, params.toArray())));
        long before = acc.rowDifferences;
        diff(acc, rows.source(), rows.target(), true);
        int differing = (int) (acc.rowDifferences - before);
        if (differing > 0 || sums[0].count != sums[1].count) {
            acc.mismatches.add(new ChunkMismatch(lower, upper, sums[0].count, sums[1].count, sums[0].hash, sums[1].hash, differing));
        }
    }

    /**
     * Rows on one side only are looked up by key on the other side before they are reported: with different
     * collations the two servers may order (and so chunk) string keys differently.
     */
    private void diff(Accumulator acc, Map<String, KeyedRow> src, Map<String, KeyedRow> tgt, boolean confirmByLookup) {
        TablePlan t = acc.table;
        List<KeyedRow> onlySource = new ArrayList<>();
        List<KeyedRow> onlyTarget = new ArrayList<>();
        for (Map.Entry<String, KeyedRow> e : src.entrySet()) {
            KeyedRow other = tgt.get(e.getKey());
            if (other == null) {
                onlySource.add(e.getValue());
            } else if (!other.hash().equals(e.getValue().hash())) {
                acc.row(e.getValue().key(), DifferenceKind.CHANGED);
            }
        }
        for (Map.Entry<String, KeyedRow> e : tgt.entrySet()) {
            if (!src.containsKey(e.getKey())) {
                onlyTarget.add(e.getValue());
            }
        }
        confirm(acc, onlySource, target, DifferenceKind.MISSING_ON_TARGET, confirmByLookup);
        confirm(acc, onlyTarget, source, DifferenceKind.EXTRA_ON_TARGET, confirmByLookup);
    }

    private void confirm(Accumulator acc, List<KeyedRow> candidates, Database other, DifferenceKind kind, boolean lookup) {
        TablePlan t = acc.table;
        for (KeyedRow row : candidates) {
            if (lookup && acc.rowDifferences < 10_000) {
                List<Object> params = new ArrayList<>();
                String where = keyIn(t, List.of(row.key()), params);
                List<Row> found = other.query("SELECT " + Normalization.rowHash(t.columns()) + " AS cutover_h FROM "
                        + Sql.qualified(t.schema(), t.table()) + " WHERE " + where, params.toArray());
                if (!found.isEmpty()) {
                    if (!found.get(0).string("cutover_h").equals(row.hash())) {
                        acc.row(row.key(), DifferenceKind.CHANGED);
                    }
                    continue; // present on both sides, only chunked differently: counted once, from the source side
                }
            }
            acc.row(row.key(), kind);
        }
    }

    private static Map<String, KeyedRow> keyed(TablePlan t, List<Row> rows) {
        Map<String, KeyedRow> map = new LinkedHashMap<>();
        for (Row r : rows) {
            List<Object> key = new ArrayList<>();
            t.keyColumns().forEach(k -> key.add(r.get(k)));
            List<String> encoded = KeyCodec.encodeAll(key);
            map.put(String.join("\u0001", encoded), new KeyedRow(encoded, r.string("cutover_h")));
        }
        return map;
    }

    /** {@code (lower, upper]} in key order, expanded for composite keys (index-friendly on both flavours). */
    static String range(TablePlan t, List<String> lower, List<String> upper, List<Object> params) {
        List<String> parts = new ArrayList<>();
        if (lower != null) {
            parts.add(compare(t.keyColumns(), KeyCodec.decodeAll(lower), ">", false, params));
        }
        if (upper != null) {
            parts.add(compare(t.keyColumns(), KeyCodec.decodeAll(upper), "<", true, params));
        }
        return String.join(" AND ", parts);
    }

    private static String compare(List<String> cols, Object[] values, String op, boolean inclusive, List<Object> params) {
        if (cols.size() == 1) { // one column: one comparison (an OR of < and = costs the server a re-check per row)
            params.add(values[0]);
            return Sql.quote(cols.get(0)) + " " + op + (inclusive ? "=" : "") + " ?";
        }
        List<String> ors = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            List<String> ands = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                ands.add(Sql.quote(cols.get(j)) + " = ?");
                params.add(values[j]);
            }
            ands.add(Sql.quote(cols.get(i)) + " " + op + " ?");
            params.add(values[i]);
            ors.add(String.join(" AND ", ands));
        }
        if (inclusive) {
            List<String> ands = new ArrayList<>();
            for (int j = 0; j < cols.size(); j++) {
                ands.add(Sql.quote(cols.get(j)) + " = ?");
                params.add(values[j]);
            }
            ors.add(String.join(" AND ", ands));
        }
        return ors.size() == 1 ? ors.get(0) : "((" + String.join(") OR (", ors) + "))";
    }

    private static String keyIn(TablePlan t, List<List<String>> keys, List<Object> params) {
        if (t.keyColumns().size() == 1) {
            List<String> values = new ArrayList<>(keys.size());
            keys.forEach(k -> values.add(KeyCodec.sql(k.get(0), params)));
            return Sql.quote(t.keyColumns().get(0)) + " IN (" + String.join(", ", values) + ")";
        }
        List<String> ors = new ArrayList<>();
        for (List<String> k : keys) {
            List<String> ands = new ArrayList<>();
            for (int j = 0; j < t.keyColumns().size(); j++) {
                ands.add(Sql.quote(t.keyColumns().get(j)) + " = " + KeyCodec.sql(k.get(j), params));
            }
            ors.add("(" + String.join(" AND ", ands) + ")");
        }
        return "(" + String.join(" OR ", ors) + ")";
    }

    /**
     * pt-table-checksum's rule ({@code --chunk-time}, https://docs.percona.com/percona-toolkit/pt-table-checksum.html:
     * "adjusts the chunk size to try to make queries run in the desired amount of time", from a decaying average of
     * the rate): the next chunk is the rows the last one covered per millisecond times the time target, at most {@value #MAX_GROWTH} times the last chunk,
     * between {@value #MIN_CHUNK} and {@value #MAX_CHUNK} rows. That is what keeps a chunk's query short on a busy
     * source: the rate is measured on the source itself, under its load, chunk after chunk, so a slower server or
     * wider rows give smaller chunks at once (a chunk that took longer than the target shrinks the next one in one
     * step, as pt-table-checksum does), and a faster one larger chunks, fewer statements and less per-chunk cost. The
     * rate of the first, small chunks includes the statement's fixed cost, so it errs on the small side.
     */
    int nextSize(int size, long rows, double millis) {
        if (millis < 1 || rows == 0) {
            return (int) Math.min(MAX_CHUNK, (long) size * MAX_GROWTH);
        }
        double ideal = rows / millis * chunkTargetMillis;
        double next = Math.min((double) size * MAX_GROWTH, ideal);
        return (int) Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, next));
    }

    /**
     * {@code work} on both sessions at once: the target's on a thread of the pool, the source's on this thread (no
     * hand-off to wait for on this side). If the source's fails, the target's has finished before that is thrown.
     */
    private <R> BothSides.Results<R, R> both(Function<Database, R> work) {
        return BothSides.atOnce(() -> work.apply(source), () -> work.apply(target), pool);
    }
}
