package io.cutover.precheck.objects;

import static io.cutover.precheck.objects.Rule.count;
import static io.cutover.precheck.objects.Rule.failed;

import io.cutover.core.catalog.Catalog;
import io.cutover.core.catalog.Scope;
import io.cutover.precheck.framework.CheckContext;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckGroup;
import io.cutover.precheck.framework.CheckGroup.RunsOn;
import io.cutover.precheck.framework.CheckGroup.Side;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.ServerVariables;
import io.cutover.precheck.framework.Severity;
import io.cutover.core.catalog.ForeignKey;
import io.cutover.core.catalog.Catalog.StoredObject;
import java.util.List;

/**
 * What must not be active on the target while DMS loads and replicates: foreign keys during the full load,
 * triggers and enabled events during CDC. Runs with the target session only.
 */
@RunsOn(Side.TARGET)
public final class TargetObjectChecks implements CheckGroup {
    static final CheckDefinition TARGET_FKS = new CheckDefinition("so-target-fks-full-load",
            "No foreign keys are enforced on the target during the full load", Severity.BLOCKER,
            "DMS loads tables in parallel, in name order, so children arrive before their parents: an enforced foreign "
                    + "key rejects them. Cutover's schema phase drops the non-cascading foreign keys of the target before "
                    + "the load and recreates them after cutover (6.2); it keeps the cascading ones (see so-cascade-fks), "
                    + "which requires DMS to load with FOREIGN_KEY_CHECKS=0 on its target session.",
            "Nothing to do when Cutover's schema phase prepares the target. If you prepare the target yourself, drop the "
                    + "non-cascading foreign keys before the load (keep their definitions) and set the DMS target endpoint's "
                    + "extra connection attribute Initstmt=SET FOREIGN_KEY_CHECKS=0 for the full load.");
    static final CheckDefinition TARGET_TRIGGERS = new CheckDefinition("so-target-triggers",
            "No triggers on the target tables before cutover", Severity.BLOCKER,
            "The binary log already contains the rows that the source's triggers changed, so DMS replicates them. A "
                    + "trigger on the target fires again on every row DMS writes: changes are applied twice, or fail. "
                    + "MySQL cannot disable a trigger; it must not exist until cutover.",
            "Drop the triggers on the target (keep their definitions); Cutover recreates the source's triggers after the "
                    + "cutover point (6.1).");
    static final CheckDefinition TARGET_EVENTS = new CheckDefinition("so-target-events",
            "No enabled events on the target before cutover", Severity.WARNING,
            "An event running on the target modifies data that DMS is also writing, so source and target diverge. "
                    + "event_scheduler defaults to ON in MySQL 8.0 and Aurora MySQL 3.",
            "ALTER EVENT … DISABLE on the target (or drop the events) until cutover; Cutover recreates the source's events "
                    + "after the cutover point with the status they have on the source.");

    static final List<CheckDefinition> DEFINITIONS = List.of(TARGET_FKS, TARGET_TRIGGERS, TARGET_EVENTS);

    public TargetObjectChecks() {}

    @Override
    public List<CheckResult> run(CheckContext context) {
        if (context.target() == null) {
            throw new IllegalStateException("this check group needs the target session");
        }
        Catalog target = Catalog.of(context.target(), new Scope(context.config().schemas()));
        return Rule.runAll(List.of(
                new Rule<>(TARGET_FKS, TargetObjectChecks::foreignKeys),
                new Rule<>(TARGET_TRIGGERS, TargetObjectChecks::triggers),
                new Rule<>(TARGET_EVENTS, TargetObjectChecks::events)), target);
    }

    static CheckResult foreignKeys(Catalog target) {
        List<ForeignKey> keys = target.foreignKeys();
        if (keys.isEmpty()) {
            return TARGET_FKS.passed("no foreign key on the target tables of the migrated schemas");
        }
        List<ForeignKey> cascading = keys.stream().filter(ForeignKey::cascading).toList();
        int plain = keys.size() - cascading.size();
        String found = count(keys.size(), "foreign key is", "foreign keys are") + " enforced on the target: "
                + count(plain, "non-cascading one", "non-cascading ones")
                + " (the schema phase drops them before the full load and recreates them after cutover), "
                + count(cascading.size(), "cascading one", "cascading ones")
                + " (kept; DMS must load with FOREIGN_KEY_CHECKS=0)";
        // Handled by Cutover's schema phase: reported so that a target prepared by hand is not loaded with them.
        return failed(TARGET_FKS, Severity.WARNING, found, keys.stream().map(ForeignKey::describe).toList());
    }

    static CheckResult triggers(Catalog target) {
        List<StoredObject> triggers = target.triggers();
        if (triggers.isEmpty()) {
            return TARGET_TRIGGERS.passed("no trigger in the migrated schemas on the target");
        }
        return failed(TARGET_TRIGGERS, count(triggers.size(), "trigger exists", "triggers exist")
                        + " on the target: each would apply DMS's changes a second time",
                triggers.stream().map(t -> t.schema() + "." + t.name() + " (on " + t.table() + ")").toList());
    }

    static CheckResult events(Catalog target) {
        List<String> enabled = target.events().stream().filter(e -> "ENABLED".equalsIgnoreCase(e.status()))
                .map(e -> e.schema() + "." + e.name()).toList();
        String scheduler = target.variables(List.of("event_scheduler")).getOrDefault("event_scheduler", "unknown");
        if (enabled.isEmpty()) {
            return TARGET_EVENTS.passed("no enabled event on the target (event_scheduler = " + scheduler + ")");
        }
        boolean running = ServerVariables.on(scheduler);
        return failed(TARGET_EVENTS, count(enabled.size(), "event is", "events are") + " enabled on the target; event_scheduler = "
                + scheduler + (running ? ": they run now" : ": they run as soon as the scheduler is turned on"), enabled);
    }
}
