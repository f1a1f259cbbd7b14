package io.cutover.schema;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.schema.CheckTargetForReplicationHandler.Request;
import io.cutover.schema.CheckTargetForReplicationHandler.Result;
import io.cutover.core.catalog.ForeignKey;
import io.cutover.core.catalog.Catalog;
import io.cutover.schema.fk.ForeignKeyPreparer;
import io.cutover.schema.fk.ForeignKeyRecord;
import io.cutover.schema.fk.OrphanCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * "Check target before load / before CDC": nothing on the target may fire while DMS writes (no trigger, no
 * enabled event), and the foreign keys on the target are exactly those "2.6 Prepare foreign keys" kept. With
 * {@code checkOrphans} (run it while the task is stopped after the full load, before resuming for CDC), the
 * kept cascading constraints' child tables are checked for orphan rows: cascades the source performed during
 * the full load, which the target could not repeat while foreign key checks were off.
 */
public class CheckTargetForReplicationHandler extends TaskHandler<Request, Result> {

    public record Request(MigrationConfig config, String stateName, String executionName, Boolean checkOrphans) {}

    public record Result(boolean ok, int triggers, int enabledEvents, String eventScheduler, int foreignKeysOnTarget,
                         int foreignKeyProblems, long orphanRows, @NonNull List<String> blockers, @NonNull String reportKey, @NonNull String summary) {}

    /** The report artifact: every blocker in full, and the orphan counts per kept constraint. */
    public record Report(String migrationId, TargetActivity activity, List<String> foreignKeyProblems,
                         List<OrphanCount> orphans, List<String> blockers) {}

    public record OrphanCount(String foreignKey, OrphanCheck.Orphans orphans) {}

    public CheckTargetForReplicationHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public CheckTargetForReplicationHandler(Ports ports) {
        super(Request.class, ports);
    }

    @Override
    protected Result handle(Request request) {
        MigrationConfig config = request.config();
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
            if (Boolean.TRUE.equals(request.checkOrphans())) {
                for (ForeignKey fk : record.kept()) {
                    OrphanCheck.Orphans found = OrphanCheck.find(target, fk);
                    orphans.add(new OrphanCount(fk.id(), found));
                    if (found.count() > 0) {
                        orphanRows += found.count();
                        blockers.add(found.count() + " row(s) of " + io.cutover.core.sql.Sql.qualified(fk.schema(), fk.table())
                                + " reference no parent through " + fk.id() + " (e.g. " + found.examples() + "): cascades the "
                                + "source performed during the full load were not repeated on the target; make these rows match "
                                + "the source (delete them if the source has no such row) before resuming CDC");
                    }
                }
            }
            String key = SchemaArtifacts.targetCheck(config.migrationId());
            ports.artifacts().putJson(key, new Report(config.migrationId(), activity, fkProblems, orphans, blockers));
            String summary = blockers.isEmpty()
                    ? "target ready: no trigger, no enabled event, " + onTarget.size() + " foreign key(s) as planned"
                        + (Boolean.TRUE.equals(request.checkOrphans()) ? ", no orphan row" : "")
                    : blockers.size() + " blocker(s): " + blockers.get(0);
            return new Result(blockers.isEmpty(), activity.triggers().size(), activity.enabledEvents().size(),
                    activity.eventScheduler(), onTarget.size(), fkProblems.size(), orphanRows, Results.firstOf(blockers), key, summary);
        }
    }
}
