package io.cutover.schema;

import io.cutover.core.catalog.GeneratedColumns;

import io.cutover.core.catalog.Catalog;
import io.cutover.core.catalog.ForeignKey;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.handler.Results;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.TaskRef;
import io.cutover.core.sql.Sql;
import io.cutover.schema.TargetSchemaReport.Status;
import io.cutover.schema.ddl.DatabaseDefaults;
import io.cutover.schema.ddl.TimeBudget;
import io.cutover.schema.deferred.AppliedObjects;
import io.cutover.schema.deferred.DeferredObjectApplier;
import io.cutover.schema.deferred.DeferredObjectExtractor;
import io.cutover.schema.deferred.DeferredObjects;
import io.cutover.schema.deferred.Definers;
import io.cutover.schema.deferred.ObjectType;
import io.cutover.cutover.validation.ValidationKeys;
import io.cutover.cutover.validation.ValidationModel;
import io.cutover.cutover.validation.ValidationRequest;
import io.cutover.schema.fk.CascadePolicy;
import io.cutover.schema.fk.ChangedKeyOrphans;
import io.cutover.schema.fk.ForeignKeyPreparer;
import io.cutover.schema.fk.ForeignKeyRecord;
import io.cutover.schema.fk.ForeignKeyRecreator;
import io.cutover.schema.fk.ForeignKeyState;
import io.cutover.schema.fk.OrphanCheck;
import io.cutover.schema.fk.OrphansBeforeFreeze;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The steps of the schema phase on the source and the target, each with its artifact ({@link SchemaArtifacts}):
 * the target schema without deferred objects (1.7), the foreign keys prepared for the load (2.6) and checked before the
 * load and CDC, the deferred objects extracted (2.5) and applied after the cutover point (6.1), the foreign keys
 * recreated (6.2), and the whole schema validated. Each step's result says what it did ({@code describe()}).
 */
public final class SchemaPhase {
    private final Ports ports;

    public SchemaPhase(Ports ports) {
        this.ports = ports;
    }

    // ------------------------------------------------------------------------------------------------ target schema

    /** {@code ok}: complete, no blocker, every database and table matches the source. */
    public record TargetSchema(TargetSchemaReport report, String key) {
        public long matching() {
            return report.tables(Status.MATCHES_SOURCE);
        }

        public long different() {
            return report.tables(Status.DIFFERS);
        }

        public long failed() {
            return report.tables(Status.FAILED);
        }

        public boolean ok() {
            return report.complete() && report.blockers().isEmpty() && different() == 0 && failed() == 0
                    && report.databases(Status.DIFFERS) == 0;
        }

        public String describe() {
            long databasesDifferent = report.databases(Status.DIFFERS);
            if (!report.blockers().isEmpty()) {
                return report.blockers().size() + " blocker(s), nothing created: " + report.blockers().get(0);
            }
            return report.databases().size() + " database(s), " + report.tables().size() + " table(s): " + matching()
                    + " match the source, " + different() + " differ, " + failed() + " failed"
                    + (databasesDifferent > 0 ? ", " + databasesDifferent + " database(s) with other defaults" : "")
                    + (report.engineConversions().isEmpty() ? "" : "; converted to InnoDB (Aurora MySQL has no other table engine): "
                    + String.join(", ", report.engineConversions().subList(0, Math.min(5, report.engineConversions().size())))
                    + (report.engineConversions().size() > 5 ? " and " + (report.engineConversions().size() - 5) + " more" : ""))
                    + (report.complete() ? "" : "; time budget used up, call again to continue");
        }
    }

    /**
     * "2.5 Create target schema" (runbook 1.7): databases and tables as on the source, without foreign keys and deferred objects;
     * new tables stop being started after {@code timeBudgetSeconds} (default 600): call again to continue.
     */
    public TargetSchema createTargetSchema(MigrationConfig config, Integer timeBudgetSeconds) {
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source());
             Database target = ports.databases().open(DatabaseRole.TARGET, config.target())) {
            var schemas = SchemaSelection.resolve(config, source);
            // Checked on the target before anything is created: a name it does not know changes nothing.
            DatabaseDefaults defaults = DatabaseDefaults.of(config).resolve(target);
            TargetSchemaReport report = new TargetSchemaCreator(source, target).create(config.migrationId(), schemas,
                    defaults, TimeBudget.of(ports.clock(), timeBudgetSeconds));
            String key = SchemaArtifacts.targetSchema(config.migrationId());
            ports.artifacts().putJson(key, report);
            // the columns the target computes, for 3.2's table mappings (remove-column rules)
            ports.artifacts().putJson(GeneratedColumns.key(config.migrationId()),
                    GeneratedColumns.of(Catalog.read(source, SchemaSelection.names(schemas))));
            return new TargetSchema(report, key);
        }
    }

    // ------------------------------------------------------------------------------------------------ deferred objects

    public record Extracted(DeferredObjects objects, String key) {
        public String describe() {
            Map<ObjectType, Integer> c = objects.counts();
            return objects.objects().size() + " deferred object(s): " + c.get(ObjectType.PROCEDURE) + " procedure(s), "
                    + c.get(ObjectType.FUNCTION) + " function(s), " + c.get(ObjectType.VIEW) + " view(s), " + c.get(ObjectType.TRIGGER)
                    + " trigger(s), " + c.get(ObjectType.EVENT) + " event(s); source event_scheduler=" + objects.sourceEventScheduler();
        }
    }

    /** "6.1 Extract deferred objects" (runbook 2.5): the source's routines, views, triggers and events, kept for 6.1. */
    public Extracted extractDeferredObjects(MigrationConfig config) {
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source())) {
            var schemas = SchemaSelection.names(SchemaSelection.resolve(config, source));
            DeferredObjects extracted = DeferredObjectExtractor.extract(config.migrationId(), source, schemas);
            String key = SchemaArtifacts.deferredObjects(config.migrationId());
            ports.artifacts().putJson(key, extracted);
            return new Extracted(extracted, key);
        }
    }

    public record Applied(DeferredObjects extracted, AppliedObjects report, String key, String scriptKey) {
        public long present() {
            return report.count(AppliedObjects.Status.PRESENT);
        }

        public long different() {
            return report.count(AppliedObjects.Status.DIFFERS);
        }

        public long failed() {
            return report.count(AppliedObjects.Status.FAILED);
        }

        public boolean ok() {
            return report.complete() && present() == extracted.objects().size();
        }

        public Map<ObjectType, Long> presentByType() {
            Map<ObjectType, Long> byType = new EnumMap<>(ObjectType.class);
            for (ObjectType type : ObjectType.values()) {
                byType.put(type, report.count(type, AppliedObjects.Status.PRESENT));
            }
            return byType;
        }

        public String describe() {
            return extracted.objects().size() + " deferred object(s): " + present() + " present as on the source, "
                    + different() + " defined differently, " + failed() + " failed; event_scheduler=" + report.targetEventScheduler()
                    + (report.complete() ? "" : "; time budget used up, call again to continue");
        }
    }

    /**
     * "6.1 Recreate deferred objects" after the cutover point (refused unless {@code task} is stopped, when given),
     * with DEFINER rewritten; stops starting new objects after {@code timeBudgetSeconds}: call again to continue.
     */
    public Applied applyDeferredObjects(MigrationConfig config, TaskRef task, Integer timeBudgetSeconds) {
        String extractedKey = SchemaArtifacts.deferredObjects(config.migrationId());
        DeferredObjects extracted = ports.artifacts().getJson(extractedKey, DeferredObjects.class).orElseThrow(() ->
                new ConfigurationException("no deferred objects at " + extractedKey + ": run \"Extract deferred objects\" first"));
        CutoverPointGuard.requireStopped(ports, task, "create triggers, events and routines on the target");
        try (Database target = ports.databases().open(DatabaseRole.TARGET, config.target())) {
            DeferredObjectApplier.Outcome outcome = new DeferredObjectApplier(target, DatabaseDefaults.of(config), config.definers())
                    .apply(extracted, TimeBudget.of(ports.clock(), timeBudgetSeconds));
            String key = SchemaArtifacts.deferredObjectsApplied(config.migrationId());
            ports.artifacts().putJson(key, outcome.report());
            String scriptKey = SchemaArtifacts.deferredObjectsScript(config.migrationId());
            ports.artifacts().put(scriptKey, outcome.script().getBytes(StandardCharsets.UTF_8), "application/sql");
            return new Applied(extracted, outcome.report(), key, scriptKey);
        }
    }

    // ------------------------------------------------------------------------------------------------ foreign keys

    public record Prepared(ForeignKeyRecord record, String key) {
        public int kept() {
            return record.keptOnTarget().size();
        }

        public String describe() {
            int total = record.foreignKeys().size();
            return record.blockers().isEmpty()
                    ? total + " foreign key(s) recorded; " + kept() + " cascading kept on the target, " + (total - kept())
                        + " off the target until the cutover point"
                    : record.blockers().size() + " blocker(s), target unchanged: " + record.blockers().get(0);
        }
    }

    /** "2.6 Prepare foreign keys": records every foreign key of the source and applies {@code policy} on the target. */
    public Prepared prepareForeignKeys(MigrationConfig config, CascadePolicy policy) {
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source());
             Database target = ports.databases().open(DatabaseRole.TARGET, config.target())) {
            List<String> schemas = SchemaSelection.names(SchemaSelection.resolve(config, source));
            ForeignKeyRecord record = new ForeignKeyPreparer(source, target).prepare(config.migrationId(), schemas, policy);
            String key = SchemaArtifacts.foreignKeys(config.migrationId());
            ports.artifacts().putJson(key, record);
            return new Prepared(record, key);
        }
    }

    /** The report artifact of a target check: every blocker in full, and the orphan counts per kept constraint. */
    public record TargetCheckReport(String migrationId, TargetActivity activity, List<String> foreignKeyProblems,
                                    List<OrphanCount> orphans, List<String> blockers) {}

    public record OrphanCount(String foreignKey, OrphanCheck.Orphans orphans) {}

    public record TargetCheck(TargetCheckReport report, int foreignKeysOnTarget, long orphanRows, boolean orphansChecked, String key) {
        public boolean ok() {
            return report.blockers().isEmpty();
        }

        public String describe() {
            List<String> blockers = report.blockers();
            return blockers.isEmpty()
                    ? "target ready: no trigger, no enabled event, " + foreignKeysOnTarget + " foreign key(s) as planned"
                        + (orphansChecked ? ", no orphan row" : "")
                    : blockers.size() + " blocker(s): " + blockers.get(0);
        }
    }

    /**
     * "Check target before load / before CDC": nothing on the target may fire while DMS writes (no trigger, no enabled
     * event), and the foreign keys on the target are exactly those "2.6 Prepare foreign keys" kept. With
     * {@code checkOrphans} (run it while the task is stopped after the full load, before resuming for CDC), the kept
     * cascading constraints' child tables are checked for orphan rows: cascades the source performed during the full
     * load, which the target could not repeat while foreign key checks were off.
     */
    public TargetCheck checkTargetForReplication(MigrationConfig config, boolean checkOrphans) {
        ForeignKeyRecord record = ForeignKeyRecords.read(ports.artifacts(), config.migrationId());
        try (Database target = ports.databases().open(DatabaseRole.TARGET, config.target())) {
            List<String> schemas = config.schemas();
            TargetActivity activity = TargetActivity.read(target, schemas);
            List<String> blockers = new ArrayList<>(activity.blockers());
            List<ForeignKey> onTarget = Catalog.read(target, schemas).foreignKeys();
            List<String> fkProblems = ForeignKeyPreparer.compare(record.kept(), onTarget);
            fkProblems.forEach(p -> blockers.add("foreign key " + p + " (run \"2.6 Prepare foreign keys\" again)"));
            List<OrphanCount> orphans = new ArrayList<>();
            long orphanRows = 0;
            if (checkOrphans) {
                for (ForeignKey fk : record.kept()) {
                    OrphanCheck.Orphans found = OrphanCheck.find(target, fk);
                    orphans.add(new OrphanCount(fk.id(), found));
                    if (found.count() > 0) {
                        orphanRows += found.count();
                        blockers.add(found.count() + " row(s) of " + Sql.qualified(fk.schema(), fk.table())
                                + " reference no parent through " + fk.id() + " (e.g. " + found.examples() + "): cascades the "
                                + "source performed during the full load were not repeated on the target; make these rows match "
                                + "the source (delete them if the source has no such row) before resuming CDC");
                    }
                }
            }
            String key = SchemaArtifacts.targetCheck(config.migrationId());
            TargetCheckReport report = new TargetCheckReport(config.migrationId(), activity, fkProblems, orphans, blockers);
            ports.artifacts().putJson(key, report);
            return new TargetCheck(report, onTarget.size(), orphanRows, checkOrphans, key);
        }
    }

    /** The report artifact of 6.2. */
    public record RecreatedForeignKeys(String migrationId, boolean complete, List<ForeignKeyState> foreignKeys,
                                       List<String> countDifferences) {}

    public record Recreated(ForeignKeyRecord record, ForeignKeyRecreator.Result result, String key) {
        public long count(ForeignKeyState.Status status) {
            return result.states().stream().filter(s -> s.status() == status).count();
        }

        public long orphanRows() {
            return result.states().stream().mapToLong(ForeignKeyState::orphanRows).sum();
        }

        /** Complete, every constraint present as on the source, counts per table equal, no orphan row. */
        public boolean ok() {
            return result.complete() && count(ForeignKeyState.Status.PRESENT) == record.foreignKeys().size() && orphanRows() == 0
                    && result.countDifferences().isEmpty();
        }

        public String describe() {
            long orphans = orphanRows();
            return record.foreignKeys().size() + " foreign key(s): " + count(ForeignKeyState.Status.PRESENT) + " present as on the source, "
                    + count(ForeignKeyState.Status.BLOCKED_BY_ORPHANS) + " blocked by orphan rows, "
                    + count(ForeignKeyState.Status.DIFFERS) + " defined differently, " + count(ForeignKeyState.Status.FAILED) + " failed"
                    + (orphans > 0 ? "; " + orphans + " orphan row(s) in total" : "") + "; " + describeOrphanChecks()
                    + (result.complete() ? "" : "; time budget used up, call again to continue");
        }

        /** How the orphans were looked for: by the rows changed since the scan before the freeze, or by a full scan. */
        String describeOrphanChecks() {
            List<ForeignKeyState> byKeys = result.states().stream()
                    .filter(s -> s.orphanCheck() != null && s.orphanCheck().startsWith("changed keys")).toList();
            long fullScans = result.states().stream().filter(s -> s.orphanCheck() != null && s.orphanCheck().startsWith("full scan")).count();
            String firstFull = result.states().stream().filter(s -> s.orphanCheck() != null && s.orphanCheck().startsWith("full scan"))
                    .map(ForeignKeyState::orphanCheck).findFirst().map(how -> ", e.g. " + how.substring("full scan ".length())).orElse("");
            return "orphan checks: " + byKeys.size() + " by changed keys, " + fullScans + " full scan(s)" + firstFull;
        }
    }

    /** The scan before the freeze and its report's key; {@code ok}: no orphan row on the source. */
    public record ScannedBeforeFreeze(OrphansBeforeFreeze scan, String key) {
        public boolean ok() {
            return scan.ok();
        }

        public String describe() {
            return scan.describe();
        }
    }

    /**
     * "5.1.4 Check the source for orphan rows", before the freeze and after the validation pass before it: every recorded
     * foreign key's full orphan scan on the source ({@link ChangedKeyOrphans#scanSource}); skipped, saying why, without
     * that pass in this execution or without checksums. Stops starting new constraints after {@code timeBudgetSeconds}
     * (6.2 scans the others in full).
     */
    public ScannedBeforeFreeze scanOrphansBeforeFreeze(MigrationConfig config, String executionName, Integer timeBudgetSeconds) {
        ForeignKeyRecord record = ForeignKeyRecords.read(ports.artifacts(), config.migrationId());
        ValidationModel.Plan preFreeze = validationPlan(config, ValidationRequest.PRE_FREEZE);
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source())) {
            OrphansBeforeFreeze scan = ChangedKeyOrphans.scanSource(source, record, executionName == null ? "" : executionName, preFreeze,
                    TimeBudget.of(ports.clock(), timeBudgetSeconds));
            String key = SchemaArtifacts.orphansBeforeFreeze(config.migrationId());
            ports.artifacts().putJson(key, scan);
            return new ScannedBeforeFreeze(scan, key);
        }
    }

    /**
     * "5.2.1 Check the changed rows for orphans on the source": the scan of 5.1.4 moved to the catch-up validation pass
     * ({@link ChangedKeyOrphans#advance}), so that 6.2 checks only the rows changed after that pass's position.
     */
    public ScannedBeforeFreeze scanOrphansSinceCatchUp(MigrationConfig config, String executionName, Integer timeBudgetSeconds) {
        ForeignKeyRecord record = ForeignKeyRecords.read(ports.artifacts(), config.migrationId());
        String key = SchemaArtifacts.orphansBeforeFreeze(config.migrationId());
        OrphansBeforeFreeze scan = ports.artifacts().getJson(key, OrphansBeforeFreeze.class).orElse(null);
        ValidationModel.ChangedKeys changes = ports.artifacts().getJson(ValidationKeys.changesKey(config.migrationId(), ValidationRequest.CATCH_UP),
                ValidationModel.ChangedKeys.class).orElse(null);
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source())) {
            OrphansBeforeFreeze advanced = ChangedKeyOrphans.advance(source, record, executionName == null ? "" : executionName, scan,
                    validationPlan(config, ValidationRequest.PRE_FREEZE), validationPlan(config, ValidationRequest.CATCH_UP), changes,
                    TimeBudget.of(ports.clock(), timeBudgetSeconds));
            if (advanced == null) {
                advanced = new OrphansBeforeFreeze(config.migrationId(), executionName, null, null, "no orphan scan before the freeze", true, List.of());
            }
            ports.artifacts().putJson(key, advanced);
            return new ScannedBeforeFreeze(advanced, key);
        }
    }

    private ValidationModel.Plan validationPlan(MigrationConfig config, String pass) {
        return ports.artifacts().getJson(ValidationKeys.planKey(config.migrationId(), pass), ValidationModel.Plan.class).orElse(null);
    }

    /** How 6.2 looks for orphans: by the rows changed since the scan before the freeze where it can, else in full. */
    private ChangedKeyOrphans orphanChecks(MigrationConfig config, String executionName) {
        OrphansBeforeFreeze scan = ports.artifacts().getJson(SchemaArtifacts.orphansBeforeFreeze(config.migrationId()), OrphansBeforeFreeze.class)
                .orElse(null);
        ValidationModel.ChangedKeys changes = ports.artifacts().getJson(ValidationKeys.changesKey(config.migrationId(), ValidationRequest.POST_FREEZE),
                ValidationModel.ChangedKeys.class).orElse(null);
        ValidationModel.Plan postFreeze = validationPlan(config, ValidationRequest.POST_FREEZE);
        // the pass the post-freeze changes were read since: the catch-up pass, or the pre-freeze pass
        ValidationModel.Plan base = postFreeze == null || postFreeze.baselinePass() == null ? null : validationPlan(config, postFreeze.baselinePass());
        return ChangedKeyOrphans.of(executionName, scan, base, postFreeze, changes);
    }

    /**
     * "6.2 Recreate foreign keys" after the cutover point (refused unless {@code task} is stopped, when given), from the
     * record of 2.6; stops starting new constraints after {@code timeBudgetSeconds}: call again to continue. Orphans are
     * looked for in the rows changed since the scan before the freeze where that is enough, else by a full scan
     * ({@link ChangedKeyOrphans}).
     */
    public Recreated recreateForeignKeys(MigrationConfig config, String executionName, TaskRef task, Integer timeBudgetSeconds) {
        ForeignKeyRecord record = ForeignKeyRecords.read(ports.artifacts(), config.migrationId());
        CutoverPointGuard.requireStopped(ports, task, "recreate foreign keys");
        ChangedKeyOrphans orphans = orphanChecks(config, executionName);
        Map<String, String> checkedBefore = new java.util.HashMap<>();
        ports.artifacts().getJson(SchemaArtifacts.foreignKeysRecreated(config.migrationId()), RecreatedForeignKeys.class)
                .ifPresent(previous -> previous.foreignKeys().stream().filter(s -> s.orphanCheck() != null)
                        .forEach(s -> checkedBefore.put(s.id(), s.orphanCheck())));
        try (Database target = ports.databases().open(DatabaseRole.TARGET, config.target())) {
            ForeignKeyRecreator.Result result = new ForeignKeyRecreator(target, orphans, checkedBefore)
                    .recreate(record, config.schemas(), TimeBudget.of(ports.clock(), timeBudgetSeconds));
            String key = SchemaArtifacts.foreignKeysRecreated(config.migrationId());
            ports.artifacts().putJson(key, new RecreatedForeignKeys(config.migrationId(), result.complete(), result.states(),
                    result.countDifferences()));
            return new Recreated(record, result, key);
        }
    }

    // ------------------------------------------------------------------------------------------------ validation

    public record Validated(ValidationReport report, String key) {
        /** The first differences, as the state lists them. */
        public List<String> firstDifferences() {
            return Results.firstOf(report.differences().stream()
                    .map(d -> d.type().toLowerCase(Locale.ROOT) + " " + d.object() + ": " + d.difference()).toList());
        }

        public String describe() {
            return report.ok()
                    ? "the target's schema equals the source's: " + describeCounts(report.counts())
                    : report.differences().size() + " difference(s): " + firstDifferences().get(0);
        }
    }

    /**
     * Compares the target's schema with the source's: databases, tables, foreign keys, deferred objects (with the
     * definer "6.1" recorded, or the current user if it has not run).
     */
    public Validated validateSchema(MigrationConfig config) {
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source());
             Database target = ports.databases().open(DatabaseRole.TARGET, config.target())) {
            List<String> schemas = SchemaSelection.names(SchemaSelection.resolve(config, source));
            // Cutover's account as "6.1" recorded it (the current user if it has not): the definer of objects whose own
            // account is missing on the target; the others keep theirs or take the input's mapping (Definers).
            String definer = ports.artifacts().getJson(SchemaArtifacts.deferredObjectsApplied(config.migrationId()), AppliedObjects.class)
                    .map(AppliedObjects::definer)
                    .orElseGet(() -> target.query("SELECT CURRENT_USER() AS u").get(0).string("u"));
            DatabaseDefaults defaults = DatabaseDefaults.of(config).resolve(target);
            Definers definers = new Definers(config.definers(), Definers.accounts(target), definer);
            ValidationReport report = new SchemaValidator(source, target, defaults).validate(config.migrationId(), schemas, definers);
            String key = SchemaArtifacts.validation(config.migrationId());
            ports.artifacts().putJson(key, report);
            return new Validated(report, key);
        }
    }

    private static String describeCounts(Map<String, ValidationReport.Count> counts) {
        StringBuilder sb = new StringBuilder();
        counts.forEach((type, c) -> sb.append(sb.length() == 0 ? "" : ", ").append(c.source()).append(' ')
                .append(type.toLowerCase(Locale.ROOT).replace('_', ' ')).append(c.source() == 1 ? "" : "s"));
        return sb.toString();
    }
}
