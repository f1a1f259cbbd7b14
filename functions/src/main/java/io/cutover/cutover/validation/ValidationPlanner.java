package io.cutover.cutover.validation;

import io.cutover.core.catalog.Catalog;
import io.cutover.core.db.BinlogPosition;
import io.cutover.cutover.validation.ValidationModel.ChangedKeys;
import io.cutover.cutover.validation.ValidationModel.ChunkMismatch;
import io.cutover.cutover.validation.ValidationModel.ColumnPlan;
import io.cutover.cutover.validation.ValidationModel.Plan;
import io.cutover.cutover.validation.ValidationModel.SchemaDifference;
import io.cutover.cutover.validation.ValidationModel.Scope;
import io.cutover.cutover.validation.ValidationModel.TablePlan;
import io.cutover.cutover.validation.ValidationModel.TableResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plans a validation pass: compares both catalogs (tables, columns, keys, partitions), chooses each column's
 * normalisation from both sides' types, chooses each table's scope, and splits the tables into batches of at most
 * {@code tablesPerBatch} (at most {@link #MAX_BATCHES} batches), balanced by estimated rows, for the Map state of the
 * validation child execution.
 */
public final class ValidationPlanner {

    /**
     * The previous pass this one builds on (catch-up or post-freeze after pre-freeze, post-freeze after catch-up), with
     * the changes since it started. {@code everyWriteSeen}: the binlog, the foreign-key closure, the source's write
     * counters and the target's (aligned with the binlog, {@link TargetWrites}) together account for every write since
     * the baseline pass, so a table's exact count adds nothing (and is skipped unless {@code cutover.validation.exactCounts}).
     * {@code writesFrozen} false (the catch-up pass, before the freeze): nothing is counted, since counts taken while
     * the application writes and CDC applies would differ without meaning anything.
     */
    public record Baseline(Plan plan, Map<String, TableResult> results, ChangedKeys changes, boolean everyWriteSeen, boolean writesFrozen) {}

    /**
     * The most batches one pass has: each is an iteration of the validation child execution, and 40 batches of at most
     * 49 calls (9 history events each) stay within its 25,000 events (local/bench history-budget). With at most 4
     * batches validated at a time, more batches would not make a pass faster.
     */
    public static final int MAX_BATCHES = 40;

    private final int tablesPerBatch;
    private final boolean checksums;
    private final int chunkTargetMillis;

    private final boolean exactCounts;

    public ValidationPlanner(int tablesPerBatch, boolean checksums, int chunkTargetMillis) {
        this(tablesPerBatch, checksums, chunkTargetMillis, true);
    }

    public ValidationPlanner(int tablesPerBatch, boolean checksums, int chunkTargetMillis, boolean exactCounts) {
        this.tablesPerBatch = tablesPerBatch;
        this.checksums = checksums;
        this.chunkTargetMillis = chunkTargetMillis;
        this.exactCounts = exactCounts;
    }

    /** {@code source}, {@code target}: each side's catalogue of the migrated schemas ({@link ComparedTable#load}). */
    public Plan plan(Catalog source, Catalog target, String migrationId, String pass, String executionName,
                     BinlogPosition sourcePosition, Baseline baseline, Instant now) {
        Map<String, ComparedTable> src = ComparedTable.read(source);
        Map<String, ComparedTable> tgt = ComparedTable.read(target);
        List<SchemaDifference> differences = new ArrayList<>();
        List<TablePlan> tables = new ArrayList<>();
        boolean sameRendering = Normalization.sameRendering(source.server(), target.server());
        for (Map.Entry<String, ComparedTable> e : src.entrySet()) {
            ComparedTable s = e.getValue();
            ComparedTable t = tgt.get(e.getKey());
            if (t == null) {
                differences.add(new SchemaDifference(s.schema(), s.name(), "table is missing on the target"));
                continue;
            }
            tables.add(tablePlan(tables.size(), s, t, differences, baseline, sameRendering));
        }
        for (ComparedTable t : tgt.values()) {
            if (!src.containsKey(ComparedTable.key(t.schema(), t.name()))) {
                differences.add(new SchemaDifference(t.schema(), t.name(), "table exists only on the target"));
            }
        }
        List<String> warnings = new ArrayList<>();
        if (baseline != null && baseline.changes() != null) {
            warnings.addAll(baseline.changes().warnings());
        }
        return new Plan(migrationId, pass, executionName, now, sourcePosition, baseline == null ? null : baseline.plan().pass(), checksums,
                chunkTargetMillis, tables, batches(tables, tablesPerBatch), differences, warnings);
    }

    private TablePlan tablePlan(int index, ComparedTable s, ComparedTable t, List<SchemaDifference> differences, Baseline baseline,
                                boolean sameRendering) {
        List<String> warnings = new ArrayList<>();
        List<ColumnPlan> columns = new ArrayList<>();
        boolean plainText = Normalization.plainText(s.columns().values(), t.columns());
        for (Catalog.Column c : s.columns().values()) {
            Catalog.Column tc = t.columns().get(c.name().toLowerCase(Locale.ROOT));
            if (tc == null) {
                differences.add(new SchemaDifference(s.schema(), s.name(), "column " + c.name() + " is missing on the target"));
                continue;
            }
            if (!c.dataType().equals(tc.dataType())) {
                warnings.add("column " + c.name() + " is " + lower(c.columnType()) + " on the source and " + lower(tc.columnType())
                        + " on the target: compared after normalisation");
            }
            columns.add(new ColumnPlan(c.name(), c.position(), Normalization.expression(c, tc, sameRendering, plainText), c.nullable() || tc.nullable(),
                    lower(c.columnType()).contains("unsigned"), c.dataType()));
        }
        for (Catalog.Column tc : t.columns().values()) {
            if (!s.columns().containsKey(tc.name().toLowerCase(Locale.ROOT))) {
                differences.add(new SchemaDifference(s.schema(), s.name(), "column " + tc.name() + " exists only on the target"));
            }
        }
        if (!s.partitions().equals(t.partitions())) {
            warnings.add("partitions differ: source " + s.partitions() + ", target " + t.partitions());
        }
        List<String> key = s.keyColumns().stream()
                .filter(k -> t.columns().containsKey(k.toLowerCase(Locale.ROOT))).toList();
        String keyKind = s.keyIndex() == null || key.size() != s.keyColumns().size() ? "NONE"
                : s.keyIndex().equals("PRIMARY") ? "PRIMARY" : "UNIQUE";
        if (keyKind.equals("NONE") && checksums) {
            warnings.add("no primary or non-null unique key: compared as one whole-table checksum; differing rows cannot be located");
            key = List.of();
        }
        Scope scope = !checksums ? Scope.COUNTS : Scope.FULL;
        List<ChunkMismatch> recheck = List.of();
        if (checksums && baseline != null) {
            String id = s.schema() + "." + s.name();
            TableResult before = baseline.results().get(id);
            boolean fullAgain = before == null || keyKind.equals("NONE") || !before.countsMatch() && before.mismatchedChunks().isEmpty()
                    || baseline.changes() == null || baseline.changes().full().contains(id);
            if (!fullAgain) {
                recheck = before.mismatchedChunks();
                boolean changed = baseline.changes().keys().containsKey(id) || !recheck.isEmpty();
                boolean count = baseline.writesFrozen() && (exactCounts || !baseline.everyWriteSeen());
                scope = changed ? (count ? Scope.CHANGED : Scope.KEYS) : (count ? Scope.COUNTS : Scope.UNCHANGED);
            }
        }
        return new TablePlan(index, s.schema(), s.name(), keyKind, keyKind.equals("NONE") ? null : s.keyIndex(), key, columns,
                s.partitions(), s.estimatedRows(), scope, recheck, warnings);
    }

    private static String lower(String columnType) {
        return columnType.toLowerCase(Locale.ROOT);
    }

    /**
     * Longest-processing-time first: biggest tables first, each into the lightest batch that has room. At most
     * {@link #MAX_BATCHES} batches: more tables than {@code tablesPerBatch} x 40 share the 40 batches (each runs as an
     * iteration of the validation child execution, whose history holds 40 batches of 49 calls).
     */
    static List<List<Integer>> batches(List<TablePlan> tables, int tablesPerBatch) {
        int count = Math.min(MAX_BATCHES, Math.max(1, (tables.size() + tablesPerBatch - 1) / tablesPerBatch));
        int room = Math.max(tablesPerBatch, (tables.size() + count - 1) / count);
        List<List<Integer>> batches = new ArrayList<>();
        long[] load = new long[count];
        for (int i = 0; i < count; i++) {
            batches.add(new ArrayList<>());
        }
        List<TablePlan> bySize = new ArrayList<>(tables);
        bySize.sort(Comparator.comparingLong(TablePlan::estimatedRows).reversed());
        for (TablePlan t : bySize) {
            int best = -1;
            for (int i = 0; i < count; i++) {
                if (batches.get(i).size() < room && (best < 0 || load[i] < load[best])) {
                    best = i;
                }
            }
            batches.get(best).add(t.index());
            load[best] += Math.max(1, t.estimatedRows());
        }
        batches.removeIf(List::isEmpty);
        return batches;
    }
}
