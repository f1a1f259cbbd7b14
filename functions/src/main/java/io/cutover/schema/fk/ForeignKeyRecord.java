package io.cutover.schema.fk;

import io.cutover.core.catalog.ForeignKey;
import java.util.List;

/**
 * The artifact of "2.6 Prepare foreign keys": every foreign key of the source exactly (the reference for
 * recreating and validating them after the cutover point), the policy applied, which constraints stay on the
 * target during the load and CDC, and what the replication phase must set.
 *
 * @param keptOnTarget ids ({@link ForeignKey#id()}) of the constraints that stay on the target
 * @param blockers     reasons the migration cannot go on as configured (nothing was changed on the target)
 */
public record ForeignKeyRecord(
        String migrationId,
        String sourceServer,
        CascadePolicy policy,
        boolean sourceLogsCascades,
        List<ForeignKey> foreignKeys,
        List<String> keptOnTarget,
        List<String> blockers,
        ReplicationRequirements replication) {

    public List<ForeignKey> cascading() {
        return foreignKeys.stream().filter(ForeignKey::cascading).toList();
    }

    public List<ForeignKey> kept() {
        return foreignKeys.stream().filter(fk -> keptOnTarget.contains(fk.id())).toList();
    }
}
