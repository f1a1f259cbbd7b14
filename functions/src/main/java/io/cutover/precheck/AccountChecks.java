package io.cutover.precheck;

import io.cutover.core.catalog.Grants;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.Databases;
import io.cutover.core.db.Row;
import io.cutover.core.ports.Secrets;
import io.cutover.precheck.framework.CheckContext;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckGroup;
import io.cutover.precheck.framework.CheckGroup.RunsOn;
import io.cutover.precheck.framework.CheckGroup.Side;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.Checks;
import io.cutover.precheck.framework.Severity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Accounts on both sides (catalog ids {@code pr-dms-target-grants}, {@code pr-dms-auth-plugin},
 * {@code pr-app-accounts-migration}): the DMS target user's grants (as that user, SHOW GRANTS), the DMS users'
 * authentication plugins, and the source accounts DMS will not migrate. Runs in the target Lambda.
 */
@RunsOn(Side.BOTH)
public final class AccountChecks implements CheckGroup {
    static final CheckDefinition TARGET_GRANTS = new CheckDefinition("pr-dms-target-grants",
            "The DMS target user can load and apply", Severity.BLOCKER,
            "DMS creates, loads and alters the migrated tables and Cutover's heartbeat table (cutover.heartbeat, which "
                    + "carries the drain proof: without UPDATE there the marker never arrives and the frozen migration rolls "
                    + "back), keeps its control and apply-exception tables in awsdms_control, and uses temporary tables for "
                    + "batch apply.",
            "GRANT ALTER, CREATE, DROP, INDEX, INSERT, UPDATE, DELETE, SELECT, CREATE TEMPORARY TABLES ON <schema>.* TO "
                    + "<dms user> for each migrated schema and for cutover, and GRANT ALL PRIVILEGES ON awsdms_control.* TO <dms user>.");
    static final CheckDefinition AUTH_PLUGIN = new CheckDefinition("pr-dms-auth-plugin",
            "DMS can authenticate as its users", Severity.WARNING,
            "DMS authenticates with mysql_native_password or caching_sha2_password; other plugins (ed25519, PAM, "
                    + "unix_socket) fail, and caching_sha2_password without TLS needs an RSA key exchange.",
            "ALTER USER <dms user> IDENTIFIED WITH mysql_native_password BY '<password>' (MariaDB: IDENTIFIED VIA "
                    + "mysql_native_password USING PASSWORD('<password>')), or use TLS (that endpoint's SslMode verify-ca or verify-full) with "
                    + "caching_sha2_password.");
    static final CheckDefinition APP_ACCOUNTS = new CheckDefinition("pr-app-accounts-migration",
            "The source's accounts exist on the target", Severity.WARNING,
            "DMS migrates no users or grants: applications, reports and definers that use an account missing on Aurora "
                    + "fail after the switch. Aurora grants no SUPER, FILE or SHUTDOWN.",
            "Create the listed accounts on the target with CREATE USER / GRANT (Aurora does not allow writing to "
                    + "mysql.user), without SUPER, FILE or SHUTDOWN; or confirm they are not needed after the cutover.");

    static final List<String> TARGET_PRIVILEGES = List.of("ALTER", "CREATE", "DROP", "INDEX", "INSERT", "UPDATE", "DELETE",
            "SELECT", "CREATE TEMPORARY TABLES");
    static final String CONTROL_SCHEMA = "awsdms_control";
    private static final Set<String> SUPPORTED_PLUGINS = Set.of("mysql_native_password", "caching_sha2_password");
    /** Accounts every server has, or that the cloud provider manages: never migrated. */
    static final Set<String> SYSTEM_ACCOUNTS = Set.of("root", "mysql.sys", "mysql.session", "mysql.infoschema", "mariadb.sys",
            "rdsadmin", "rdsrepladmin", "rds_superuser_role", "rdsproxyadmin", "public", "PUBLIC", "");

    private final Databases databases;
    private final Secrets secrets;

    public AccountChecks(Databases databases, Secrets secrets) {
        this.databases = databases;
        this.secrets = secrets;
    }

    @Override
    public List<CheckResult> run(CheckContext context) {
        MigrationConfig config = context.config();
        return new Checks()
                .run(TARGET_GRANTS, () -> targetGrants(config))
                .run(AUTH_PLUGIN, () -> authPlugins(context))
                .run(APP_ACCOUNTS, () -> appAccounts(context.source(), context.target(), config))
                .results();
    }

    private CheckResult targetGrants(MigrationConfig config) {
        String secretId = DmsUsers.secretId(config, DatabaseRole.TARGET);
        Grants grants;
        try (Database dms = databases.open(DatabaseRole.TARGET, secretId, config.target())) {
            grants = Grants.of(dms);
        }
        List<String> missing = new ArrayList<>();
        List<String> schemas = new ArrayList<>(SchemaScope.of(config).names());
        schemas.add(io.cutover.core.Heartbeat.SCHEMA); // DMS replicates the drain proof's heartbeat table too
        for (String schema : schemas) {
            List<String> lacking = TARGET_PRIVILEGES.stream().filter(p -> !grants.hasOnSchema(p, schema)).toList();
            if (!lacking.isEmpty()) {
                missing.add(String.join(", ", lacking) + " ON `" + schema + "`.*");
            }
        }
        if (!grants.hasOnSchema("ALL PRIVILEGES", CONTROL_SCHEMA)) {
            missing.add("ALL PRIVILEGES ON `" + CONTROL_SCHEMA + "`.*");
        }
        String who = "the DMS target user (secret " + secretId + ")";
        if (missing.isEmpty()) {
            return TARGET_GRANTS.passed(who + " has the DMS target grants on every migrated schema, on " + io.cutover.core.Heartbeat.SCHEMA
                    + " and on " + CONTROL_SCHEMA);
        }
        String found = who + " lacks " + String.join("; ", missing);
        if (!grants.roles().isEmpty()) {
            return TARGET_GRANTS.needsManualConfirmation(found + grants.rolesNote() + ": confirm the roles grant them", missing);
        }
        return TARGET_GRANTS.failed(found, missing);
    }

    private CheckResult authPlugins(CheckContext context) {
        MigrationConfig config = context.config();
        List<String> problems = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (DatabaseRole side : DatabaseRole.values()) {
            boolean tls = config.dms().tls(side).encrypted();
            Database admin = side == DatabaseRole.SOURCE ? context.source() : context.target();
            String user = DmsUsers.username(secrets, config, side);
            List<DmsUsers.Account> accounts = DmsUsers.accounts(admin, user);
            if (accounts.isEmpty()) {
                problems.add(side.label() + ": no account named '" + user + "'");
            }
            for (DmsUsers.Account account : accounts) {
                String plugin = account.plugin() == null || account.plugin().isBlank() ? "mysql_native_password" : account.plugin();
                String shown = side.label() + " " + account.name() + " uses " + plugin;
                seen.add(shown);
                if (!SUPPORTED_PLUGINS.contains(plugin.toLowerCase(Locale.ROOT))) {
                    problems.add(shown + ", which DMS cannot use");
                } else if (plugin.equalsIgnoreCase("caching_sha2_password") && !tls) {
                    problems.add(shown + " with " + config.dms().tls(side).modeField() + " none: the first login needs an RSA key "
                            + "exchange DMS may refuse");
                }
            }
        }
        if (problems.isEmpty()) {
            return AUTH_PLUGIN.passed(String.join("; ", seen));
        }
        return AUTH_PLUGIN.failed(String.join("; ", problems), problems);
    }

    /**
     * A warning, but a blocker when the input's switch moves the application automatically (config.switch: parameter,
     * secret, route53 or lambda): nobody would stand between the switch and an application that cannot log in.
     * Accounts the application does not use can be accepted (readiness.acceptedBlockers with their names).
     */
    static CheckResult appAccounts(Database source, Database target, MigrationConfig config) {
        Set<String> onTarget = new LinkedHashSet<>(accounts(target));
        List<String> missing = accounts(source).stream().filter(a -> !onTarget.contains(a)).toList();
        if (missing.isEmpty()) {
            return APP_ACCOUNTS.passed("every non-system account of the source exists on the target");
        }
        Set<String> powerful = new LinkedHashSet<>();
        for (Row row : source.query("SELECT grantee, privilege_type FROM information_schema.user_privileges "
                + "WHERE privilege_type IN ('SUPER', 'FILE', 'SHUTDOWN') ORDER BY grantee, privilege_type")) {
            String grantee = row.string("grantee");
            if (missing.contains(grantee)) {
                powerful.add(grantee + " has " + row.string("privilege_type"));
            }
        }
        String found = missing.size() + " source account(s) do not exist on the target (DMS does not migrate accounts): "
                + String.join(", ", missing.subList(0, Math.min(10, missing.size()))) + (missing.size() > 10 ? ", …" : "")
                + (powerful.isEmpty() ? "" : "; privileges Aurora does not grant: " + String.join(", ", powerful));
        if (config.appSwitch().automated()) {
            return APP_ACCOUNTS.failedAs(io.cutover.precheck.framework.Severity.BLOCKER, found + "; BLOCKER because config.switch "
                    + "moves the application to the target automatically: create them there, or accept the accounts the "
                    + "application does not use (readiness.acceptedBlockers)", missing);
        }
        return APP_ACCOUNTS.failed(found, missing);
    }

    /** {@code 'user'@'host'} of every non-system, non-role account (the grantee form of information_schema). */
    private static List<String> accounts(Database db) {
        String sql = db.server().isMariaDb()
                ? "SELECT user, host FROM mysql.user WHERE is_role <> 'Y' ORDER BY user, host"
                : "SELECT user, host FROM mysql.user ORDER BY user, host";
        List<String> accounts = new ArrayList<>();
        for (Row row : db.query(sql)) {
            String user = row.string("user");
            if (!SYSTEM_ACCOUNTS.contains(user)) {
                accounts.add("'" + user + "'@'" + row.string("host") + "'");
            }
        }
        return accounts;
    }
}
