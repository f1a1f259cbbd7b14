package io.cutover.schema.fk;

import io.cutover.core.catalog.ForeignKey;
import io.cutover.core.db.Database;
import io.cutover.core.sql.Sql;
import io.cutover.cutover.validation.KeyCodec;
import io.cutover.cutover.validation.ValidationModel.ChangedKeys;
import io.cutover.cutover.validation.ValidationModel.Plan;
import io.cutover.cutover.validation.ValidationModel.TablePlan;
import io.cutover.schema.ddl.TimeBudget;
import io.cutover.schema.fk.OrphanCheck.Orphans;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Orphan rows checked before the freeze, and after it only where rows changed.
 *
 * <p>Before the freeze ({@link #scanSource}, "5.1.4 Check the source for orphan rows"): the full anti-join of every
 * recorded foreign key on the <em>source</em> (each a consistent read; no CDC transient as on the target), after the
 * validation pass before the freeze recorded its binlog position P. An orphan there fails the migration before anything
 * is frozen.
 *
 * <p>After the cutover point ({@link #check}, "6.2 Recreate foreign keys"), on the target: the pass after the freeze
 * listed every key written on the source between P and the freeze (the binlog, the rows foreign-key actions changed,
 * and as FULL every table it could not list by key or whose write counter shows writes the binlog lacks), and found the
 * target equal to the source. A row that is an orphan now and was none at the scan was therefore changed after P: a
 * child row (inserted, or its reference updated), or a parent row (deleted, or its key updated) that a child still
 * references. So for a constraint the scan found clean it is enough to check the changed child rows (their reference
 * has a parent) and, where the constraint references the parent's key as the validation lists it, the child rows that
 * reference a changed parent key. Everything else gets the full anti-join, as before: no scan before the freeze in this
 * execution (no pass before the freeze, checksums off), a constraint the scan did not reach or found orphans for, a
 * table of the constraint that the pass verifies in full or did not plan, and a changed parent whose referenced
 * columns are not its listed key (its changed rows cannot be told by the referenced values).
 */
public final class ChangedKeyOrphans {
    /** Keys per probe: as many bind values as the validation's own key lookups use. */
    static final int KEYS_PER_PROBE = 500;

    private final OrphansBeforeFreeze scan;
    private final Map<String, TablePlan> tables;
    private final ChangedKeys changes;
    private final String unavailable;
    private final Set<String> full = new HashSet<>();
    private final Map<String, List<List<String>>> keys = new HashMap<>();
    private final Set<String> clean = new HashSet<>();

    private ChangedKeyOrphans(OrphansBeforeFreeze scan, Plan base, ChangedKeys changes, String unavailable) {
        this.scan = scan;
        this.changes = changes;
        this.unavailable = unavailable;
        this.tables = new HashMap<>();
        if (unavailable == null) {
            base.tables().forEach(t -> tables.put(lower(t.id()), t));
            changes.full().forEach(t -> full.add(lower(t)));
            changes.keys().forEach((t, k) -> keys.put(lower(t), k));
            scan.foreignKeys().stream().filter(f -> f.orphanRows() == 0).forEach(f -> clean.add(f.id()));
        }
    }

    /** Every constraint gets the full scan, for {@code reason}. */
    public static ChangedKeyOrphans fullScans(String reason) {
        return new ChangedKeyOrphans(null, null, null, reason);
    }

    /**
     * The changed-key check when the scan, the pass it followed ({@code base}: the pre-freeze pass, or the catch-up pass
     * once {@link #advance} moved the scan there) and the pass that read the changes since ({@code next}) belong
     * together: the scan ran after {@code base} of this execution recorded its position, and {@code next} of this
     * execution read the changes from that position. Otherwise every constraint gets the full scan, saying why.
     */
    public static ChangedKeyOrphans of(String executionName, OrphansBeforeFreeze scan, Plan base, Plan next, ChangedKeys changes) {
        if (scan == null) {
            return fullScans("no orphan scan before the freeze");
        }
        if (scan.skipped() != null) {
            return fullScans("no orphan scan before the freeze: " + scan.skipped());
        }
        if (executionName == null || !executionName.equals(scan.executionName())) {
            return fullScans("the orphan scan before the freeze belongs to another execution (" + scan.executionName() + ")");
        }
        if (base == null || !base.checksums() || !executionName.equals(base.executionName())
                || !base.createdAt().equals(scan.planCreatedAt())) {
            return fullScans("the validation pass the changes were read since is not the one the orphan scan followed");
        }
        if (next == null || changes == null || !executionName.equals(next.executionName())
                || changes.from() == null || !changes.from().equals(base.sourcePosition())) {
            return fullScans("no changed keys from the validation pass after the freeze since the pass before it");
        }
        return new ChangedKeyOrphans(scan, base, changes, null);
    }

    /**
     * "5.2.1 Check the changed rows for orphans on the source": the scan moved from the pre-freeze pass's position to the
     * catch-up pass's. The scan found the source clean after the pre-freeze position P0; a row that is an orphan at the
     * catch-up position P1 or later and was none then changed after P0: if after P1, the post-freeze pass lists it and
     * 6.2 checks it; if between P0 and P1, the catch-up pass listed it, and this checks it now, on the source (after
     * P1, with the application still writing: a consistent read, as the scan). So each constraint the scan found clean
     * is checked here for the catch-up's changed rows (or in full where they cannot be listed), and the record then
     * follows the catch-up pass: 6.2 checks only the rows changed since P1. Returns {@code scan} unchanged when the
     * passes do not belong together (6.2 then scans in full, saying why); stops starting new constraints when
     * {@code budget} is spent (those are left out: 6.2 scans them in full).
     */
    public static OrphansBeforeFreeze advance(Database source, ForeignKeyRecord record, String executionName, OrphansBeforeFreeze scan,
                                              Plan preFreeze, Plan catchUp, ChangedKeys changes, TimeBudget budget) {
        ChangedKeyOrphans since = of(executionName, scan, preFreeze, catchUp, changes);
        if (since.unavailable != null) {
            return scan;
        }
        List<OrphansBeforeFreeze.Scanned> scanned = new ArrayList<>();
        boolean complete = scan.complete();
        for (ForeignKey fk : record.foreignKeys()) {
            if (!since.clean.contains(fk.id())) {
                continue;
            }
            if (!scanned.isEmpty() && budget.exhausted()) {
                complete = false;
                break;
            }
            Orphans o = since.check(source, fk).orphans();
            scanned.add(new OrphansBeforeFreeze.Scanned(fk.id(), fk.clause(), o.count(), o.examples()));
        }
        return new OrphansBeforeFreeze(record.migrationId(), executionName, catchUp.createdAt(), catchUp.sourcePosition(), null,
                complete, List.copyOf(scanned));
    }

    /** How a constraint is checked, and why. */
    public record Decision(boolean changedKeys, String reason, List<List<String>> childKeys, List<List<String>> parentKeys,
                           TablePlan child) {
        static Decision fullScan(String reason) {
            return new Decision(false, reason, List.of(), List.of(), null);
        }

        public int rows() {
            return childKeys.size() + parentKeys.size();
        }
    }

    /** The result of one constraint's check: its orphans and how they were looked for (the 6.2 report shows it). */
    public record Check(Orphans orphans, String how) {}

    public Decision decide(ForeignKey fk) {
        if (unavailable != null) {
            return Decision.fullScan(unavailable);
        }
        if (!clean.contains(fk.id())) {
            return Decision.fullScan("not scanned clean before the freeze");
        }
        String childId = lower(fk.schema() + "." + fk.table());
        String parentId = lower(fk.referencedSchema() + "." + fk.referencedTable());
        TablePlan child = tables.get(childId);
        TablePlan parent = tables.get(parentId);
        if (child == null || parent == null) {
            return Decision.fullScan((child == null ? fk.schema() + "." + fk.table() : fk.referencedSchema() + "." + fk.referencedTable())
                    + " was not validated before the freeze");
        }
        for (String id : List.of(childId, parentId)) {
            if (full.contains(id)) {
                return Decision.fullScan((id.equals(childId) ? child.id() : parent.id())
                        + " is verified in full after the freeze: its changed rows are not listed by key");
            }
        }
        List<List<String>> childKeys = keys.getOrDefault(childId, List.of());
        List<List<String>> parentKeys = keys.getOrDefault(parentId, List.of());
        if (!childKeys.isEmpty() && !child.hasKey()) {
            return Decision.fullScan(child.id() + " has no key to find its changed rows by");
        }
        if (!parentKeys.isEmpty() && !fk.referencesExactly(parent.keyColumns())) {
            return Decision.fullScan("it references " + fk.referencedColumns() + " of " + parent.id() + ", not its key "
                    + parent.keyColumns() + ", and rows of " + parent.id() + " changed");
        }
        return new Decision(true, null, childKeys, parentKeys, child);
    }

    /**
     * The orphans of {@code fk} on {@code db}: the full anti-join, or the changed rows only. When the changed rows hold an
     * orphan, the constraint is blocked and the full anti-join counts them all, with examples, for the report (a
     * failure path: the migration rolls back).
     */
    public Check check(Database db, ForeignKey fk) {
        Decision d = decide(fk);
        if (!d.changedKeys()) {
            return new Check(OrphanCheck.find(db, fk), "full scan (" + d.reason() + ")");
        }
        String how = "changed keys: " + d.rows() + " rows (" + d.childKeys().size() + " child, " + d.parentKeys().size()
                + " parent key(s) changed since the scan before the freeze)";
        if (anyAmongChangedChildren(db, fk, d) || anyReferencingChangedParents(db, fk, d)) {
            return new Check(OrphanCheck.find(db, fk), how + "; orphans found, counted by a full scan");
        }
        return new Check(Orphans.none(), how);
    }

    private static boolean anyAmongChangedChildren(Database db, ForeignKey fk, Decision d) {
        List<String> columns = d.child().keyColumns();
        for (int i = 0; i < d.childKeys().size(); i += KEYS_PER_PROBE) {
            if (OrphanCheck.anyAmong(db, fk, columns, d.childKeys().subList(i, Math.min(d.childKeys().size(), i + KEYS_PER_PROBE)))) {
                return true;
            }
        }
        return false;
    }

    /** Child rows whose reference is a changed parent key (the parent's key columns are the referenced ones, in order). */
    private static boolean anyReferencingChangedParents(Database db, ForeignKey fk, Decision d) {
        for (int i = 0; i < d.parentKeys().size(); i += KEYS_PER_PROBE) {
            if (OrphanCheck.anyAmong(db, fk, fk.columns(), d.parentKeys().subList(i, Math.min(d.parentKeys().size(), i + KEYS_PER_PROBE)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * "5.1.4 Check the source for orphan rows": the full orphan scan of every recorded constraint on the source, after
     * the validation pass before the freeze recorded its position; stops starting new constraints when {@code budget} is
     * spent (those get the full scan at 6.2). {@code preFreeze} null or without checksums: nothing is scanned, and the
     * record says why.
     */
    public static OrphansBeforeFreeze scanSource(Database source, ForeignKeyRecord record, String executionName, Plan preFreeze,
                                                 TimeBudget budget) {
        String skipped = preFreeze == null || !executionName.equals(preFreeze.executionName())
                ? "no validation pass before the freeze in this execution (cutover.validation.preFreezePass false)"
                : !preFreeze.checksums() ? "cutover.validation.checksums is false: the pass after the freeze lists no changed keys" : null;
        if (skipped != null) {
            return new OrphansBeforeFreeze(record.migrationId(), executionName, null, null, skipped, true, List.of());
        }
        List<OrphansBeforeFreeze.Scanned> scanned = new ArrayList<>();
        boolean complete = true;
        for (ForeignKey fk : record.foreignKeys()) {
            if (!scanned.isEmpty() && budget.exhausted()) {
                complete = false;
                break;
            }
            Orphans o = OrphanCheck.find(source, fk);
            scanned.add(new OrphansBeforeFreeze.Scanned(fk.id(), fk.clause(), o.count(), o.examples()));
        }
        return new OrphansBeforeFreeze(record.migrationId(), executionName, preFreeze.createdAt(), preFreeze.sourcePosition(), null,
                complete, List.copyOf(scanned));
    }

    /** The condition "the row's {@code columns} hold one of {@code keys}" on the child (alias {@code c}), with its binds. */
    static String keyCondition(List<String> columns, List<List<String>> keys, List<Object> params) {
        if (columns.size() == 1) {
            keys.forEach(k -> params.add(KeyCodec.decode(k.get(0))));
            return "c." + Sql.quote(columns.get(0)) + " IN (" + Sql.placeholders(keys.size()) + ")";
        }
        List<String> ors = new ArrayList<>();
        for (List<String> k : keys) {
            List<String> ands = new ArrayList<>();
            for (int j = 0; j < columns.size(); j++) {
                ands.add("c." + Sql.quote(columns.get(j)) + " = ?");
                params.add(KeyCodec.decode(k.get(j)));
            }
            ors.add("(" + String.join(" AND ", ands) + ")");
        }
        return String.join(" OR ", ors);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
