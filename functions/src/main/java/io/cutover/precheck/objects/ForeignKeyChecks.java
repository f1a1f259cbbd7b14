package io.cutover.precheck.objects;

import static io.cutover.precheck.objects.Rule.count;
import static io.cutover.precheck.objects.Rule.failed;

import io.cutover.core.catalog.Catalog;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.Severity;
import io.cutover.core.catalog.ForeignKey;
import io.cutover.core.catalog.Catalog.Index;
import io.cutover.core.catalog.Catalog.Table;
import io.cutover.core.catalog.Catalog.TableRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** Foreign keys on the source: cascades (which the binlog does not carry) and keys MySQL 8.x will refuse. */
final class ForeignKeyChecks {
    static final CheckDefinition CASCADE = new CheckDefinition("so-cascade-fks",
            "Cascading foreign keys are kept active on the target during CDC", Severity.BLOCKER,
            "MySQL does not write the child rows that ON DELETE/ON UPDATE CASCADE or SET NULL change to the binary "
                    + "log: DMS replicates the parent change only. The runbook's step 2.6 drops every foreign key on the "
                    + "target, which for these constraints silently loses the cascaded changes. Cutover's schema phase "
                    + "therefore keeps cascading constraints on the target (it drops only the others), so the target "
                    + "cascades the parent change itself. That is correct only if DMS applies changes one by one in "
                    + "commit order: batch apply reorders and nets changes, and would break the cascades.",
            "Let Cutover keep these constraints (nothing to do) and run the task without batch apply: "
                    + "dms.taskSettings.TargetMetadata.BatchApplyEnabled = false. The full load runs with "
                    + "FOREIGN_KEY_CHECKS=0 on the DMS target session (load order is not parent-first). Alternatively "
                    + "replace the cascades on the source by explicit deletes/updates in the application.");
    static final CheckDefinition FK_INTEGRITY = new CheckDefinition("so-fk-integrity-8x",
            "Foreign keys reference unique keys of migrated InnoDB tables", Severity.WARNING,
            "A foreign key whose parent table is not migrated cannot be recreated on the target after cutover. One whose "
                    + "parent uses another engine (left over from a MyISAM conversion) is not enforced. One that references "
                    + "a non-unique or partial key works in 8.0 but is refused by MySQL 8.4 "
                    + "(restrict_fk_on_non_standard_key), the base of future Aurora versions.",
            "Add the parent table's schema to the migration or drop the constraint; convert the parent to InnoDB; "
                    + "make the referenced columns a PRIMARY KEY or UNIQUE key of the parent.");

    private ForeignKeyChecks() {}

    static List<Rule<SourceView>> rules() {
        return List.of(new Rule<>(CASCADE, ForeignKeyChecks::cascade), new Rule<>(FK_INTEGRITY, ForeignKeyChecks::integrity));
    }

    static CheckResult cascade(SourceView v) {
        List<ForeignKey> cascading = v.source().foreignKeys().stream().filter(ForeignKey::cascading).toList();
        if (cascading.isEmpty()) {
            return CASCADE.passed("no foreign key with ON DELETE/ON UPDATE CASCADE or SET NULL");
        }
        List<String> objects = cascading.stream().map(ForeignKey::describe).toList();
        String found = count(cascading.size(), "cascading foreign key", "cascading foreign keys")
                + ": Cutover keeps them active on the target during CDC (the schema phase drops only non-cascading keys)";
        if (v.settings().batchApply()) {
            return failed(CASCADE, Severity.BLOCKER, found + ", which needs one-by-one apply, but "
                    + v.settings().describe("TargetMetadata", "BatchApplyEnabled"), objects);
        }
        return failed(CASCADE, Severity.WARNING, found + "; " + v.settings().describe("TargetMetadata", "BatchApplyEnabled")
                + ": changes are applied one by one, so the target cascades like the source", objects);
    }

    static CheckResult integrity(SourceView v) {
        Catalog c = v.source();
        Map<TableRef, Table> tables = c.tablesByRef();
        Map<TableRef, List<Index>> indexes = c.indexesByTable();
        List<String> warnings = new ArrayList<>();
        List<String> infos = new ArrayList<>();
        for (ForeignKey fk : c.foreignKeys()) {
            String name = fk.tableRef() + "." + fk.name();
            if (!c.scope().contains(fk.referencedRef().schema())) {
                warnings.add(name + " (references " + fk.referencedRef() + ", outside the migrated schemas)");
                continue;
            }
            Table parent = tables.get(fk.referencedRef());
            Table child = tables.get(fk.tableRef());
            if (parent == null) {
                warnings.add(name + " (references " + fk.referencedRef() + ", which does not exist)");
                continue;
            }
            if (child != null && parent.engine() != null && child.engine() != null
                    && !parent.engine().equalsIgnoreCase(child.engine())) {
                warnings.add(name + " (" + child.engine() + " table references " + parent.engine() + " table " + fk.referencedRef() + ")");
            }
            boolean referencesUniqueKey = indexes.getOrDefault(fk.referencedRef(), List.of()).stream()
                    .anyMatch(i -> i.unique() && new HashSet<>(i.columnNames()).equals(new HashSet<>(fk.referencedColumns()))
                            && i.columnNames().size() == fk.referencedColumns().size());
            if (!referencesUniqueKey) {
                infos.add(name + " (references " + fk.referencedRef() + "(" + String.join(", ", fk.referencedColumns())
                        + "), not a whole PRIMARY or UNIQUE key: refused by MySQL 8.4)");
            }
        }
        int total = c.foreignKeys().size();
        if (warnings.isEmpty() && infos.isEmpty()) {
            return FK_INTEGRITY.passed(count(total, "foreign key references", "foreign keys reference")
                    + " a whole unique key of a migrated table with the same engine");
        }
        List<String> objects = new ArrayList<>(warnings);
        objects.addAll(infos);
        String found = (warnings.isEmpty() ? "" : count(warnings.size(), "foreign key", "foreign keys")
                + " cannot be recreated or enforced on the target" + (infos.isEmpty() ? "" : "; "))
                + (infos.isEmpty() ? "" : count(infos.size(), "foreign key references", "foreign keys reference")
                + " a non-unique or partial key (fine on Aurora MySQL 3, refused by MySQL 8.4)");
        return failed(FK_INTEGRITY, warnings.isEmpty() ? Severity.INFO : Severity.WARNING, found, objects);
    }
}
