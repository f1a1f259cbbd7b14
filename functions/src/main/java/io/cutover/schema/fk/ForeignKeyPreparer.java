package io.cutover.schema.fk;

import io.cutover.core.catalog.Catalog;
import io.cutover.core.catalog.ForeignKey;
import io.cutover.core.db.Database;
import io.cutover.core.sql.Sql;
import io.cutover.schema.ddl.DdlSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runbook 2.6, done safely. Records every foreign key of the source, then brings the target to exactly the
 * constraints the policy keeps during the load and CDC: none, except (with {@link CascadePolicy#KEEP_CASCADING})
 * those whose rules change child rows. A constraint on the target that is not to be kept is dropped (the
 * record holds its source definition; "6.2 Recreate foreign keys" adds it back); a kept one that is missing or
 * defined differently is (re)added. Running it again finds nothing to do.
 */
public final class ForeignKeyPreparer {
    private static final Logger LOG = LoggerFactory.getLogger(ForeignKeyPreparer.class);

    private final Database source;
    private final Database target;

    public ForeignKeyPreparer(Database source, Database target) {
        this.source = source;
        this.target = target;
    }

    public ForeignKeyRecord prepare(String migrationId, List<String> schemas, CascadePolicy policy) {
        List<ForeignKey> all = Catalog.read(source, schemas).foreignKeys();
        boolean cascadesLogged = CascadeLogging.sourceLogsCascades(source);
        List<ForeignKey> cascading = all.stream().filter(ForeignKey::cascading).toList();
        List<ForeignKey> keep = policy == CascadePolicy.KEEP_CASCADING && !cascadesLogged ? cascading : List.of();

        List<String> blockers = new ArrayList<>();
        Set<String> migrated = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        migrated.addAll(schemas);
        for (ForeignKey fk : all) {
            if (!migrated.contains(fk.referencedSchema())) {
                blockers.add("foreign key " + fk.id() + " references " + Sql.qualified(fk.referencedSchema(), fk.referencedTable())
                        + ", which is not migrated: add schema '" + fk.referencedSchema() + "' to $.schemas (the constraint "
                        + "cannot exist on the target without its parent table)");
            }
        }
        Set<String> onSource = new java.util.HashSet<>();
        all.forEach(fk -> onSource.add(fk.key()));
        for (ForeignKey fk : Catalog.read(target, schemas).foreignKeys()) {
            if (!onSource.contains(fk.key())) {
                blockers.add("foreign key " + fk.id() + " exists only on the target: it would have to be dropped for the load and "
                        + "could not be recreated from the source; drop it on the target or create it on the source");
            }
        }
        if (policy == CascadePolicy.BLOCK && !cascading.isEmpty() && !cascadesLogged) {
            blockers.add(cascading.size() + " foreign key(s) change child rows on delete or update (" + ids(cascading)
                    + "). The source does not write those child changes to its binlog, so DMS cannot replicate them; with "
                    + "cascadingForeignKeys=BLOCK the migration stops here. Either choose KEEP_CASCADING (the constraints stay "
                    + "on the target during CDC and repeat the changes there) or make the application delete and update child "
                    + "rows itself and drop the cascading rules on the source.");
        }
        ReplicationRequirements replication = keep.isEmpty()
                ? ReplicationRequirements.noConstraintsOnTarget()
                : ReplicationRequirements.cascadingConstraintsKept(keep.size());
        List<String> keptIds = keep.stream().map(ForeignKey::id).toList();
        ForeignKeyRecord record = new ForeignKeyRecord(migrationId, source.server().describe(), policy, cascadesLogged,
                all, keptIds, List.copyOf(blockers), replication);
        if (!blockers.isEmpty()) {
            return record; // nothing changed on the target
        }
        bringTargetTo(keep, schemas);
        return record;
    }

    /** Drops every target constraint that is not kept with the same definition, then adds the missing kept ones. */
    private void bringTargetTo(List<ForeignKey> keep, List<String> schemas) {
        DdlSession.forTableDdl(target);
        Map<String, ForeignKey> wanted = new HashMap<>();
        keep.forEach(fk -> wanted.put(fk.key(), fk));
        Set<String> keptAndPresent = new java.util.HashSet<>();
        for (ForeignKey fk : Catalog.read(target, schemas).foreignKeys()) {
            ForeignKey want = wanted.get(fk.key());
            if (want != null && want.sameDefinition(fk)) {
                keptAndPresent.add(fk.key());
                continue;
            }
            target.update(fk.dropStatement());
            LOG.info("dropped foreign key {} on the target for the load (recorded; recreated after the cutover point)", fk.id());
        }
        for (ForeignKey fk : keep) {
            if (!keptAndPresent.contains(fk.key())) {
                target.update(fk.addStatement(target.server()));
                LOG.info("added cascading foreign key {} on the target", fk.id());
            }
        }
        verify(keep, schemas);
    }

    /** The target must now have exactly the kept constraints. */
    private void verify(List<ForeignKey> keep, List<String> schemas) {
        List<ForeignKey> now = Catalog.read(target, schemas).foreignKeys();
        List<String> problems = compare(keep, now);
        if (!problems.isEmpty()) {
            throw new io.cutover.core.error.DatabaseException("target: foreign keys are not as planned after preparing them: "
                    + String.join("; ", problems));
        }
    }

    /** Differences between the constraints that should be on the target and those that are. */
    public static List<String> compare(List<ForeignKey> expected, List<ForeignKey> actual) {
        Map<String, ForeignKey> have = new HashMap<>();
        actual.forEach(fk -> have.put(fk.key(), fk));
        List<String> problems = new ArrayList<>();
        for (ForeignKey fk : expected) {
            ForeignKey mine = have.remove(fk.key());
            if (mine == null) {
                problems.add(fk.id() + " is missing");
            } else if (!fk.sameDefinition(mine)) {
                problems.add(fk.id() + " differs: " + fk.describeDifference(mine));
            }
        }
        have.values().forEach(fk -> problems.add(fk.id() + " should not be on the target"));
        return problems;
    }

    private static String ids(List<ForeignKey> fks) {
        List<String> ids = fks.stream().map(ForeignKey::id).toList();
        return ids.size() <= 5 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 5)) + " and " + (ids.size() - 5) + " more";
    }
}
