package io.cutover.precheck;

import io.cutover.core.catalog.Grants;
import io.cutover.core.db.Database;
import io.cutover.core.db.ServerFlavor;
import io.cutover.core.db.ServerInfo;
import io.cutover.core.Heartbeat;
import io.cutover.precheck.framework.CheckContext;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckGroup;
import io.cutover.precheck.framework.CheckGroup.RunsOn;
import io.cutover.precheck.framework.CheckGroup.Side;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.Checks;
import io.cutover.precheck.framework.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * Cutover's own source account can freeze writes (catalog id {@code pr-cutover-freeze-privileges}, not in the runbook:
 * the runbook's freeze is a DBA at a console). Step 5.2 sets {@code read_only} (and {@code super_read_only}) with SET
 * GLOBAL and writes the drain marker while the source is read-only; an account that cannot would only be refused at
 * the freeze, hours into the migration. RDS for MySQL and Aurora MySQL refuse SET GLOBAL to their master user, so a
 * source there cannot be frozen by Cutover at all (docs/operations.md says what to do).
 */
@RunsOn(Side.SOURCE)
public final class FreezePrivilegeChecks implements CheckGroup {
    static final CheckDefinition FREEZE_PRIVILEGES = new CheckDefinition("pr-cutover-freeze-privileges",
            "Cutover's source account can freeze writes and write the drain marker", Severity.BLOCKER,
            "Step 5.2 sets read_only (MySQL: and super_read_only) with SET GLOBAL and then writes the drain marker into "
                    + Heartbeat.qualifiedName() + " while the source is read-only. Without those privileges the freeze is "
                    + "refused when the whole load and CDC are already done.",
            "MySQL: GRANT SYSTEM_VARIABLES_ADMIN, CONNECTION_ADMIN ON *.* (or SUPER) to Cutover's source account. MariaDB "
                    + "10.11+: GRANT READ_ONLY ADMIN ON *.* (10.5.2-10.10: SUPER or READ_ONLY ADMIN). RDS for MySQL / Aurora "
                    + "MySQL sources: the master user cannot SET GLOBAL; Cutover cannot freeze them today (docs/operations.md).");

    @Override
    public List<CheckResult> run(CheckContext context) {
        return new Checks().run(FREEZE_PRIVILEGES, () -> freezePrivileges(context.source(), context.config().isDryRun())).results();
    }

    static CheckResult freezePrivileges(Database source) {
        return freezePrivileges(source, false);
    }

    /** A dry run stops before the freeze: there the finding is a warning, so that the dry run can still show the rest. */
    static CheckResult freezePrivileges(Database source, boolean dryRun) {
        Severity severity = dryRun ? Severity.WARNING : Severity.BLOCKER;
        ServerInfo server = source.server();
        String basedir = source.globalVariable("basedir").orElse("");
        if (server.flavor() == ServerFlavor.AURORA_MYSQL || basedir.contains("rdsdbbin")) {
            String where = server.flavor() == ServerFlavor.AURORA_MYSQL ? "Aurora MySQL" : "RDS for MySQL";
            return FREEZE_PRIVILEGES.failedAs(severity, "the source is " + where + ": its master user cannot SET GLOBAL read_only "
                    + "(error 1227), so step 5.2 would be refused after the load and CDC", List.of(where));
        }
        Grants grants = Grants.of(source);
        List<String> missing = new ArrayList<>();
        if (server.isMariaDb()) {
            boolean canSet = grants.hasGlobal("READ_ONLY ADMIN") || !server.atLeast(10, 11, 0) && grants.hasGlobal("SUPER");
            if (!canSet) {
                missing.add(server.atLeast(10, 11, 0) ? "READ_ONLY ADMIN ON *.*" : "READ_ONLY ADMIN (or SUPER) ON *.*");
            }
        } else {
            boolean superPriv = grants.hasGlobal("SUPER");
            if (!superPriv && !grants.hasGlobal("SYSTEM_VARIABLES_ADMIN")) {
                missing.add("SYSTEM_VARIABLES_ADMIN (or SUPER) ON *.*");
            }
            if (!superPriv && !grants.hasGlobal("CONNECTION_ADMIN")) {
                missing.add("CONNECTION_ADMIN (or SUPER) ON *.*");
            }
        }
        if (missing.isEmpty()) {
            return FREEZE_PRIVILEGES.passed("Cutover's source account can set read_only and write under it on " + server.describe());
        }
        String found = "Cutover's source account lacks " + String.join(", ", missing);
        if (!grants.roles().isEmpty()) {
            return FREEZE_PRIVILEGES.needsManualConfirmation(found + grants.rolesNote()
                    + ": confirm the roles grant them and are active by default", missing);
        }
        return FREEZE_PRIVILEGES.failedAs(severity, found, missing);
    }
}
