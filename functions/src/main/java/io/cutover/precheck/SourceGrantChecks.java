package io.cutover.precheck;

import io.cutover.core.catalog.Grants;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.Databases;
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
 * The DMS source user's grants (catalog id {@code pr-dms-source-grants}), read by connecting as that user
 * (dms.sourceSecretId, else source.secretId) and parsing SHOW GRANTS, which needs no privilege. If the user cannot
 * connect, the check could not run, and blocks.
 */
@RunsOn(Side.SOURCE)
public final class SourceGrantChecks implements CheckGroup {
    static final CheckDefinition SOURCE_GRANTS = new CheckDefinition("pr-dms-source-grants",
            "The DMS source user has the replication grants", Severity.BLOCKER,
            "Without REPLICATION SLAVE and REPLICATION CLIENT (MariaDB 10.5+: BINLOG MONITOR) DMS cannot read the binary "
                    + "log; without SELECT on the migrated schemas it cannot load them. Without SELECT on mysql.user, "
                    + "mysql.db and mysql.tables_priv the DMS premigration assessment reports false failures.",
            "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO <dms user>; GRANT SELECT ON <schema>.* TO <dms user> for "
                    + "each migrated schema (MariaDB 10.5+: BINLOG MONITOR instead of REPLICATION CLIENT); for the assessment, "
                    + "GRANT SELECT ON mysql.user / mysql.db / mysql.tables_priv (and mysql.role_edges on MySQL 8).");

    private final Databases databases;

    public SourceGrantChecks(Databases databases) {
        this.databases = databases;
    }

    @Override
    public List<CheckResult> run(CheckContext context) {
        return new Checks().run(SOURCE_GRANTS, () -> sourceGrants(context.config(), context.source())).results();
    }

    private CheckResult sourceGrants(MigrationConfig config, Database admin) {
        String secretId = DmsUsers.secretId(config, DatabaseRole.SOURCE);
        Grants grants;
        String who;
        try (Database dms = databases.open(DatabaseRole.SOURCE, secretId, config.source())) {
            grants = Grants.of(dms);
            who = "the DMS source user (secret " + secretId + ")";
        }
        SchemaScope scope = SchemaScope.of(config);
        List<String> missing = new ArrayList<>();
        if (!grants.hasGlobal("REPLICATION SLAVE")) {
            missing.add("REPLICATION SLAVE ON *.*");
        }
        if (!grants.hasGlobal("REPLICATION CLIENT")) {
            missing.add((admin.server().isMariaDb() ? "BINLOG MONITOR" : "REPLICATION CLIENT") + " ON *.*");
        }
        for (String schema : scope.names()) {
            if (!grants.hasOnSchema("SELECT", schema)) {
                missing.add("SELECT ON `" + schema + "`.*");
            }
        }
        List<String> assessment = new ArrayList<>();
        List<String> tables = new ArrayList<>(List.of("user", "db", "tables_priv"));
        if (!admin.server().isMariaDb() && admin.server().atLeast(8, 0, 11)) {
            tables.add("role_edges");
        }
        for (String table : tables) {
            if (!grants.hasOnTable("SELECT", "mysql", table)) {
                assessment.add("SELECT ON mysql." + table);
            }
        }
        String roles = grants.rolesNote();
        if (!missing.isEmpty()) {
            List<String> all = new ArrayList<>(missing);
            all.addAll(assessment);
            String found = who + " lacks " + String.join(", ", missing) + roles;
            return grants.roles().isEmpty() ? SOURCE_GRANTS.failed(found, all)
                    : SOURCE_GRANTS.needsManualConfirmation(found + ": confirm the roles grant them and are active by default", all);
        }
        if (!assessment.isEmpty()) {
            return SOURCE_GRANTS.failedAs(Severity.WARNING, who + " has the replication grants but lacks " + String.join(", ", assessment)
                    + ", which the DMS premigration assessment reads" + roles, assessment);
        }
        return SOURCE_GRANTS.passed(who + " has REPLICATION SLAVE, REPLICATION CLIENT and SELECT on "
                + String.join(", ", scope.names()));
    }
}
