package io.cutover.schema.fk;

import io.cutover.core.catalog.Catalog;
import io.cutover.core.catalog.ForeignKey;
import io.cutover.core.db.Database;
import io.cutover.core.error.CutoverException;
import io.cutover.schema.ddl.DdlSession;
import io.cutover.schema.ddl.SqlFailures;
import io.cutover.schema.ddl.TimeBudget;
import io.cutover.schema.fk.ForeignKeyState.Status;
import io.cutover.schema.fk.OrphanCheck.Orphans;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runbook 6.2, done so that it cannot fail obscurely: for each recorded foreign key of the source, the target's
 * child rows are checked for orphans first (only the rows changed since the scan before the freeze where that scan
 * found the constraint clean, else all of them: {@link ChangedKeyOrphans}); a constraint with orphans is not created
 * and its orphans are reported; the others are added with foreign key checks off and {@code ALGORITHM=INPLACE} (a metadata change instead
 * of a validating table copy, {@link ForeignKey#addInPlaceStatement}: the data was just checked). Then count and definition of every constraint are compared with the record.
 */
public final class ForeignKeyRecreator {
    private static final Logger LOG = LoggerFactory.getLogger(ForeignKeyRecreator.class);

    private final Database target;
    private final ChangedKeyOrphans orphans;
    private final Map<String, String> checkedBefore;

    /**
     * {@code orphans}: how each constraint's orphans are looked for ({@link ChangedKeyOrphans#fullScans} for all of them).
     * {@code checkedBefore}: by constraint id, how an earlier call of this step looked for the orphans of the constraints
     * it added (its report's {@link ForeignKeyState#orphanCheck}): a later call reports the same, not a check it did not run.
     */
    public ForeignKeyRecreator(Database target, ChangedKeyOrphans orphans, Map<String, String> checkedBefore) {
        this.target = target;
        this.orphans = orphans;
        this.checkedBefore = checkedBefore;
    }

    /** The state of every recorded constraint on the target; {@code null} entries never occur. */
    public Result recreate(ForeignKeyRecord record, List<String> schemas, TimeBudget budget) {
        DdlSession.forTableDdl(target);
        Map<String, ForeignKey> present = new HashMap<>();
        Catalog.read(target, schemas).foreignKeys().forEach(fk -> present.put(fk.key(), fk));
        java.util.Set<String> kept = new java.util.HashSet<>(record.keptOnTarget());
        List<ForeignKeyState> states = new ArrayList<>();
        boolean complete = true;
        int added = 0;
        for (ForeignKey fk : record.foreignKeys()) {
            ForeignKey existing = present.get(fk.key());
            // The budget limits new work only: each call adds at least one constraint.
            if (existing == null && added > 0 && budget.exhausted()) {
                complete = false;
                break;
            }
            states.add(ensure(fk, existing, kept.contains(fk.id())));
            added += existing == null ? 1 : 0;
        }
        List<String> countDifferences = complete ? countDifferences(record.foreignKeys(), schemas) : List.of();
        return new Result(complete, states, countDifferences);
    }

    public record Result(boolean complete, List<ForeignKeyState> states, List<String> countDifferences) {}

    /**
     * {@code keptDuringLoad}: the constraint stayed on the target while the full load ran with checks off, so its
     * child table may hold rows the checks never saw; it is scanned for orphans. A constraint Cutover added was
     * scanned before it was added and has been enforced since.
     */
    private ForeignKeyState ensure(ForeignKey fk, ForeignKey existing, boolean keptDuringLoad) {
        if (existing != null) {
            ChangedKeyOrphans.Check check = keptDuringLoad ? this.orphans.check(target, fk)
                    : new ChangedKeyOrphans.Check(Orphans.none(), checkedBefore.getOrDefault(fk.id(), "none (added by Cutover after its check, enforced since)"));
            if (!fk.sameDefinition(existing)) {
                return state(fk, Status.DIFFERS, check, fk.describeDifference(existing), null);
            }
            return state(fk, Status.PRESENT, check, null, null);
        }
        ChangedKeyOrphans.Check check = this.orphans.check(target, fk);
        Orphans orphans = check.orphans();
        if (orphans.count() > 0) {
            LOG.warn("foreign key {} not created: {} orphan row(s) in the child table", fk.id(), orphans.count());
            return state(fk, Status.BLOCKED_BY_ORPHANS, check, null, orphans.count() + " row(s) of "
                    + io.cutover.core.sql.Sql.qualified(fk.schema(), fk.table()) + " reference no row of "
                    + io.cutover.core.sql.Sql.qualified(fk.referencedSchema(), fk.referencedTable())
                    + ": delete or fix them (compare with the source), then run this step again");
        }
        try {
            target.update(fk.addInPlaceStatement(target.server()));
            LOG.info("recreated foreign key {} (in place)", fk.id());
        } catch (CutoverException e) {
            if (SqlFailures.stopsEverything(e)) {
                throw e;
            }
            // A retry after a lost connection can find the constraint already there.
            ForeignKey now = Catalog.read(target, List.of(fk.schema())).foreignKeys().stream()
                    .filter(f -> f.key().equals(fk.key())).findFirst().orElse(null);
            if (now != null && now.sameDefinition(fk)) {
                return state(fk, Status.PRESENT, check, null, null);
            }
            return state(fk, Status.FAILED, check, null, "the target refused " + fk.addInPlaceStatement(target.server()) + ": " + SqlFailures.describe(e));
        }
        return state(fk, Status.PRESENT, check, null, null);
    }

    /** Per table: the number of constraints on the target equals the number recorded from the source. */
    private List<String> countDifferences(List<ForeignKey> recorded, List<String> schemas) {
        Map<String, Integer> want = new java.util.TreeMap<>();
        Map<String, Integer> have = new java.util.TreeMap<>();
        recorded.forEach(fk -> want.merge(table(fk), 1, Integer::sum));
        Catalog.read(target, schemas).foreignKeys().forEach(fk -> have.merge(table(fk), 1, Integer::sum));
        List<String> differences = new ArrayList<>();
        java.util.Set<String> tables = new java.util.TreeSet<>(want.keySet());
        tables.addAll(have.keySet());
        for (String t : tables) {
            int w = want.getOrDefault(t, 0);
            int h = have.getOrDefault(t, 0);
            if (w != h) {
                differences.add(t + ": " + h + " foreign key(s) on the target, " + w + " on the source");
            }
        }
        return differences;
    }

    private static String table(ForeignKey fk) {
        return io.cutover.core.sql.Sql.qualified(fk.schema(), fk.table());
    }

    private static ForeignKeyState state(ForeignKey fk, Status status, ChangedKeyOrphans.Check check, String difference, String error) {
        return new ForeignKeyState(fk.id(), fk.clause(), status, check.orphans().count(), check.orphans().examples(), difference, error,
                check.how());
    }
}
