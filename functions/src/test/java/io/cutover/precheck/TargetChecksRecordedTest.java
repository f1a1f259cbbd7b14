package io.cutover.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.json.Json;
import io.cutover.core.config.MigrationConfig.Endpoint;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.Databases;
import io.cutover.core.db.Row;
import io.cutover.core.error.AccessDeniedException;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.precheck.framework.CheckContext;
import io.cutover.precheck.framework.CheckGroup;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.CheckStatus;
import io.cutover.testing.ScriptedDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checks of the target Lambda (comparisons, target config, accounts, network) with a MySQL 8.0 source and an
 * Aurora MySQL 3 target, from recorded answers.
 */
class TargetChecksRecordedTest {
    private static final List<String> SOURCE_DMS_GRANTS = List.of("GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `dms`@`%`");
    private static final List<String> TARGET_DMS_GRANTS = List.of("GRANT USAGE ON *.* TO `dms`@`%`",
            "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, INDEX, ALTER, CREATE TEMPORARY TABLES ON `shop`.* TO `dms`@`%`",
            "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, INDEX, ALTER, CREATE TEMPORARY TABLES ON `billing`.* TO `dms`@`%`",
            "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, INDEX, ALTER, CREATE TEMPORARY TABLES ON `cutover`.* TO `dms`@`%`",
            "GRANT ALL PRIVILEGES ON `awsdms_control`.* TO `dms`@`%`");

    private final MemorySecrets secrets = new MemorySecrets()
            .put("cutover/source", "{\"username\":\"admin\",\"password\":\"x\",\"host\":\"src\"}")
            .put("cutover/target", "{\"username\":\"admin\",\"password\":\"x\",\"host\":\"tgt\"}")
            .put("cutover/source-dms", "{\"username\":\"dms\",\"password\":\"x\",\"host\":\"src\"}")
            .put("cutover/target-dms", "{\"username\":\"dms\",\"password\":\"x\",\"host\":\"tgt\"}");

    /** Opens the DMS users' sessions: scripted answers to SHOW GRANTS (or a refused login). */
    private static final class DmsSessions implements Databases {
        final Map<DatabaseRole, List<String>> grants;
        final List<String> opened = new ArrayList<>();

        DmsSessions(Map<DatabaseRole, List<String>> grants) {
            this.grants = grants;
        }

        @Override
        public Database open(DatabaseRole role, Endpoint endpoint) {
            throw new AssertionError("the checks open only the DMS users' sessions");
        }

        @Override
        public Database open(DatabaseRole role, String secretId, Endpoint endpoint) {
            opened.add(role.label() + ":" + secretId);
            List<String> lines = grants.get(role);
            if (lines == null) {
                throw new AccessDeniedException(role.label() + ": connecting as dms failed: [1045] Access denied for user 'dms'");
            }
            return new ScriptedDatabase(role).answer("SHOW GRANTS", lines.stream().map(l -> Row.of("Grants for dms@%", l)).toList());
        }
    }

    private static ScriptedDatabase source() {
        return ScriptedDatabase.recording(DatabaseRole.SOURCE, "mysql-8.0-community")
                .variable("lower_case_table_names", "0").variable("version_compile_os", "Linux")
                .variable("time_zone", "SYSTEM").variable("system_time_zone", "UTC").variable("max_allowed_packet", "67108864")
                .variable("net_read_timeout", "300").variable("net_write_timeout", "300").variable("wait_timeout", "28800")
                .variable("sql_mode", "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION")
                .variable("character_set_server", "utf8mb4").variable("collation_server", "utf8mb4_0900_ai_ci")
                .variable("explicit_defaults_for_timestamp", "ON").variable("have_ssl", "YES").variable("require_secure_transport", "OFF")
                .variable("tls_version", "TLSv1.2,TLSv1.3")
                .answer("SELECT table_schema, table_name, column_name FROM information_schema.columns WHERE data_type = 'timestamp'", List.of())
                .answer("SELECT schema_name, default_character_set_name", List.of(
                        Row.of("schema_name", "billing", "default_character_set_name", "utf8mb4", "default_collation_name", "utf8mb4_0900_ai_ci"),
                        Row.of("schema_name", "shop", "default_character_set_name", "utf8mb4", "default_collation_name", "utf8mb4_0900_ai_ci")))
                .answer("SELECT user, host, plugin, ssl_type FROM mysql.user", List.of(
                        Row.of("user", "dms", "host", "%", "plugin", "mysql_native_password", "ssl_type", "")))
                .answer("SELECT user, host FROM mysql.user", List.of(Row.of("user", "admin", "host", "%"), Row.of("user", "dms", "host", "%"),
                        Row.of("user", "mysql.sys", "host", "localhost"), Row.of("user", "root", "host", "localhost")))
                .answer("SELECT grantee, privilege_type FROM information_schema.user_privileges", List.of())
                .answer("SHOW GLOBAL STATUS LIKE 'Ssl_cipher_list'", List.of(Row.of("Variable_name", "Ssl_cipher_list",
                        "Value", "ECDHE-RSA-AES128-GCM-SHA256:TLS_AES_128_GCM_SHA256")));
    }

    private static ScriptedDatabase target() {
        return ScriptedDatabase.recording(DatabaseRole.TARGET, "aurora-mysql-3-target")
                .variable("net_read_timeout", "300").variable("net_write_timeout", "300").variable("local_infile", "ON")
                .variable("performance_schema", "ON") // prepared: Performance Insights manages it (tc-write-counters)
                .answer("SELECT user, host, plugin, ssl_type FROM mysql.user", List.of(
                        Row.of("user", "dms", "host", "%", "plugin", "mysql_native_password", "ssl_type", "")))
                .answer("SELECT user, host FROM mysql.user", List.of(Row.of("user", "admin", "host", "%"), Row.of("user", "dms", "host", "%"),
                        Row.of("user", "rdsadmin", "host", "localhost")));
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode dms(com.fasterxml.jackson.databind.node.ObjectNode input) {
        return (com.fasterxml.jackson.databind.node.ObjectNode) input.get("dms");
    }

    private static MigrationConfig config(java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> more) {
        return Contexts.config(i -> {
            var dms = i.putObject("dms");
            dms.put("sourceSecretId", "cutover/source-dms");
            dms.put("targetSecretId", "cutover/target-dms");
            dms.put("sourceCertificateArn", "arn:aws:dms:eu-west-1:123456789012:cert:ORDERS-SOURCE-CA");
            dms.put("targetCertificateArn", "arn:aws:dms:eu-west-1:123456789012:cert:RDSGLOBAL");
            more.accept(i);
        });
    }

    private Map<String, CheckResult> run(MigrationConfig config, ScriptedDatabase source, ScriptedDatabase target, DmsSessions dms) {
        CheckContext context = Contexts.both(config, source, target);
        List<CheckResult> results = new ArrayList<>();
        for (CheckGroup group : List.of(new ServerComparisonChecks(), new TargetConfigChecks(), new AccountChecks(dms, secrets),
                new NetworkChecks(secrets))) {
            assertThat(group.side()).isEqualTo(CheckGroup.Side.BOTH);
            results.addAll(group.run(context));
        }
        return Contexts.byId(results);
    }

    private Map<String, CheckResult> run(MigrationConfig config, ScriptedDatabase source, ScriptedDatabase target) {
        return run(config, source, target, new DmsSessions(Map.of(DatabaseRole.SOURCE, SOURCE_DMS_GRANTS, DatabaseRole.TARGET, TARGET_DMS_GRANTS)));
    }

    @Test
    void aWellPreparedAuroraTargetPasses() {
        DmsSessions dms = new DmsSessions(Map.of(DatabaseRole.SOURCE, SOURCE_DMS_GRANTS, DatabaseRole.TARGET, TARGET_DMS_GRANTS));
        Map<String, CheckResult> r = run(config(i -> {}), source().variable("version", "8.0.32"), target(), dms);
        assertThat(r.values()).filteredOn(c -> c.status() != CheckStatus.NEEDS_MANUAL_CONFIRMATION)
                .allSatisfy(c -> assertThat(c.status()).as(c.id() + ": " + c.found()).isEqualTo(CheckStatus.PASSED));
        assertThat(r.values()).filteredOn(c -> c.status() == CheckStatus.NEEDS_MANUAL_CONFIRMATION).extracting(CheckResult::id)
                .containsExactlyInAnyOrder("tc-aurora-unsupported-features", "nt-reachability-dns-bandwidth", "nt-endpoint-timeouts");
        assertThat(r.get("pr-dms-target-grants").found()).contains("secret cutover/target-dms");
        assertThat(dms.opened).containsExactly("target:cutover/target-dms");
        assertThat(r.get("tc-aurora-minor-vs-source").status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void auroraDefaultsFailLocalInfileTimeoutsAndASourceNewerThanTheTarget() {
        ScriptedDatabase target = ScriptedDatabase.recording(DatabaseRole.TARGET, "aurora-mysql-3-target")
                .answer("SELECT user, host, plugin, ssl_type FROM mysql.user", List.of(Row.of("user", "dms", "host", "%", "plugin",
                        "caching_sha2_password", "ssl_type", "")))
                .answer("SELECT user, host FROM mysql.user", List.of(Row.of("user", "dms", "host", "%")));
        Map<String, CheckResult> r = run(config(i -> dms(i).put("sslMode", "none")), source(), target);
        assertThat(r.get("tc-local-infile").blocks()).isTrue();
        assertThat(r.get("tc-local-infile").found()).isEqualTo("local_infile = OFF");
        assertThat(r.get("sc-net-timeouts").objects()).containsExactly("target net_read_timeout = 30", "target net_write_timeout = 60");
        assertThat(r.get("tc-aurora-minor-vs-source").found()).contains("source MySQL 8.0.36").contains("Aurora MySQL 3.05.2 (MySQL 8.0.32)")
                .contains("newer");
        assertThat(r.get("pr-dms-auth-plugin").found()).contains("target 'dms'@'%' uses caching_sha2_password with dms.targetSslMode none");
        assertThat(r.get("pr-app-accounts-migration").objects()).containsExactly("'admin'@'%'");
    }

    @Test
    void missingAccountsBlockAnAutomatedSwitchButOnlyWarnWithoutOne() {
        java.util.function.Supplier<ScriptedDatabase> target = () -> ScriptedDatabase.recording(DatabaseRole.TARGET, "aurora-mysql-3-target")
                .answer("SELECT user, host FROM mysql.user", List.of(Row.of("user", "dms", "host", "%")));
        CheckResult manual = AccountChecks.appAccounts(source(), target.get(), config(i -> {}));
        assertThat(manual.blocks()).isFalse();
        assertThat(manual.objects()).containsExactly("'admin'@'%'");

        CheckResult acknowledgeOnly = AccountChecks.appAccounts(source(), target.get(),
                config(i -> i.putObject("switch").put("acknowledge", true)));
        assertThat(acknowledgeOnly.blocks()).as("a person confirms the switch: still a warning").isFalse();

        CheckResult automated = AccountChecks.appAccounts(source(), target.get(), config(i -> i.putObject("switch")
                .putObject("parameter").put("name", "/orders/db/host").put("value", "aurora.example")));
        assertThat(automated.blocks()).isTrue();
        assertThat(automated.objects()).containsExactly("'admin'@'%'");
        assertThat(automated.found()).contains("config.switch");
    }

    @Test
    void anAuroraReaderAsTargetIsNotAWriter() {
        ScriptedDatabase reader = ScriptedDatabase.recording(DatabaseRole.TARGET, "aurora-mysql-3-reader");
        CheckResult writer = Contexts.byId(new TargetConfigChecks().run(Contexts.both(config(i -> {}), source(), reader))).get("tc-writer-endpoint");
        assertThat(writer.blocks()).isTrue();
        assertThat(writer.objects()).containsExactly("read_only = ON", "innodb_read_only = ON");
    }

    @Test
    void dropAndCreateBlocksAndBatchApplyListsKeylessTables() {
        ScriptedDatabase source = source()
                .answer("SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'", List.of(
                        Row.of("table_schema", "shop", "table_name", "events"), Row.of("table_schema", "shop", "table_name", "orders"),
                        Row.of("table_schema", "shop", "table_name", "users")))
                .answer("SELECT table_schema, table_name, constraint_type FROM information_schema.table_constraints", List.of(
                        Row.of("table_schema", "shop", "table_name", "orders", "constraint_type", "PRIMARY KEY"),
                        Row.of("table_schema", "shop", "table_name", "users", "constraint_type", "PRIMARY KEY"),
                        Row.of("table_schema", "shop", "table_name", "users", "constraint_type", "UNIQUE")));
        // "Validate input" refuses these settings since issue 16; the check still catches them should they arrive another way
        var settings = Json.object();
        settings.putObject("FullLoadSettings").put("TargetTablePrepMode", "DROP_AND_CREATE");
        settings.putObject("TargetMetadata").put("BatchApplyEnabled", true);
        MigrationConfig valid = config(i -> { });
        MigrationConfig config = new MigrationConfig(valid.migrationId(), valid.dryRun(), valid.source(), valid.target(), valid.schemas(),
                valid.readiness(), new MigrationConfig.Dms(valid.dms().replicationInstanceArn(), valid.dms().sourceEndpointArn(),
                valid.dms().targetEndpointArn(), valid.dms().sourceSecretId(), valid.dms().targetSecretId(), valid.dms().secretsAccessRoleArn(),
                valid.dms().sslMode(), valid.dms().sourceSslMode(), valid.dms().sourceCertificateArn(), valid.dms().targetSslMode(),
                valid.dms().targetCertificateArn(), settings, valid.dms().assessment()), valid.approval(), valid.cutover(),
                valid.postGoLive());
        Map<String, CheckResult> r = run(config, source, target());
        assertThat(r.get("tc-table-prep-mode").blocks()).isTrue();
        assertThat(r.get("tc-batch-apply-prereqs").objects())
                .containsExactly("shop.events has no primary or unique key", "shop.users has both a primary and a unique key");
    }

    @Test
    void timeZonesAndServerTimezone() {
        ScriptedDatabase paris = source().variable("time_zone", "+02:00").answer("SELECT table_schema, table_name, column_name FROM information_schema.columns",
                List.of(Row.of("table_schema", "shop", "table_name", "orders", "column_name", "created_at")));
        CheckResult notTold = run(config(i -> {}), paris, target()).get("sc-time-zone-timestamp");
        assertThat(notTold.blocks()).isTrue();
        assertThat(notTold.objects()).containsExactly("shop.orders.created_at");
        assertThat(notTold.found()).contains("source.serverTimezone not set");

        CheckResult told = run(config(i -> ((com.fasterxml.jackson.databind.node.ObjectNode) i.get("source")).put("serverTimezone", "+02:00")), paris, target()).get("sc-time-zone-timestamp");
        assertThat(told.blocks()).isFalse();
        assertThat(told.warns()).as("the target runs in UTC: sessions see another zone").isTrue();

        ScriptedDatabase utc = source();
        assertThat(run(config(i -> {}), utc, target()).get("sc-time-zone-timestamp").status()).isEqualTo(CheckStatus.PASSED);

        // Issue 16: passing with TIMESTAMP columns, it names them
        ScriptedDatabase utcWithTimestamps = source().answer("SELECT table_schema, table_name, column_name FROM information_schema.columns",
                List.of(Row.of("table_schema", "shop", "table_name", "orders", "column_name", "created_at")));
        CheckResult passed = run(config(i -> {}), utcWithTimestamps, target()).get("sc-time-zone-timestamp");
        assertThat(passed.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(passed.found()).contains("1 TIMESTAMP column(s)");
        assertThat(passed.objects()).containsExactly("shop.orders.created_at");
    }

    @Test
    void requireSecureTransportWithSslModeNoneBlocksAndVerifyFullNeedsACertificate() {
        ScriptedDatabase target = target().variable("require_secure_transport", "ON");
        CheckResult mismatch = run(config(i -> dms(i).put("sslMode", "none")), source(), target).get("nt-tls-mode");
        assertThat(mismatch.blocks()).isTrue();
        assertThat(mismatch.found()).contains("target has require_secure_transport = ON but dms.targetSslMode is none");

        CheckResult noCertificate = run(Contexts.config(i -> i.putObject("dms").put("sourceSecretId", "cutover/source-dms")
                .put("targetSecretId", "cutover/target-dms")), source(), target()).get("nt-tls-mode");
        assertThat(noCertificate.found()).contains("dms.sourceSslMode verify-full needs the CA certificate of the source server: "
                + "dms.sourceCertificateArn is not set").contains("dms.targetSslMode verify-full needs the CA certificate of the target "
                + "server: dms.targetCertificateArn is not set");

        // each side is judged by its own settings: a source without TLS (sourceSslMode none) beside a verified Aurora
        CheckResult perSide = run(Contexts.config(i -> i.putObject("dms").put("sourceSecretId", "cutover/source-dms")
                .put("targetSecretId", "cutover/target-dms").put("sourceSslMode", "none")
                .put("targetCertificateArn", "arn:aws:dms:eu-west-1:123456789012:cert:RDSGLOBAL")), source(), target()).get("nt-tls-mode");
        assertThat(perSide.found()).contains("source: dms.sourceSslMode none").contains("target: dms.targetSslMode verify-full");
        assertThat(perSide.found()).doesNotContain("needs the CA certificate");
    }

    @Test
    void tlsWithoutVersion12OrOnlyCbcCiphersWarns() {
        ScriptedDatabase target = target().variable("tls_version", "TLSv1.3")
                .answer("SHOW GLOBAL STATUS LIKE 'Ssl_cipher_list'", List.of(Row.of("Variable_name", "Ssl_cipher_list", "Value", "AES128-SHA256:AES256-SHA")));
        CheckResult tls = run(config(i -> {}), source(), target).get("nt-tls-version-ciphers");
        assertThat(tls.warns()).isTrue();
        assertThat(tls.objects()).containsExactly("target does not offer TLSv1.2 (tls_version = TLSv1.3)", "target offers only CBC cipher suites");
    }

    @Test
    void aDmsTargetUserThatCannotLogInIsCouldNotCheckAndBlocks() {
        Map<String, CheckResult> r = run(config(i -> {}), source(), target(), new DmsSessions(Map.of(DatabaseRole.SOURCE, SOURCE_DMS_GRANTS)));
        CheckResult grants = r.get("pr-dms-target-grants");
        assertThat(grants.status()).isEqualTo(CheckStatus.COULD_NOT_CHECK);
        assertThat(grants.blocks()).isTrue();
        assertThat(grants.found()).contains("Access denied for user 'dms'");
    }

    @Test
    void missingTargetGrantsAreListedAndRolesNeedConfirmation() {
        DmsSessions lacking = new DmsSessions(Map.of(DatabaseRole.SOURCE, SOURCE_DMS_GRANTS, DatabaseRole.TARGET,
                List.of("GRANT SELECT, INSERT, UPDATE, DELETE ON *.* TO `dms`@`%`")));
        CheckResult grants = run(config(i -> {}), source(), target(), lacking).get("pr-dms-target-grants");
        assertThat(grants.blocks()).isTrue();
        assertThat(grants.objects()).containsExactly("ALTER, CREATE, DROP, INDEX, CREATE TEMPORARY TABLES ON `shop`.*",
                "ALTER, CREATE, DROP, INDEX, CREATE TEMPORARY TABLES ON `billing`.*",
                "ALTER, CREATE, DROP, INDEX, CREATE TEMPORARY TABLES ON `cutover`.*", "ALL PRIVILEGES ON `awsdms_control`.*");

        DmsSessions viaRole = new DmsSessions(Map.of(DatabaseRole.SOURCE, SOURCE_DMS_GRANTS, DatabaseRole.TARGET,
                List.of("GRANT USAGE ON *.* TO `dms`@`%`", "GRANT `dms_loader`@`%` TO `dms`@`%`")));
        CheckResult role = run(config(i -> {}), source(), target(), viaRole).get("pr-dms-target-grants");
        assertThat(role.status()).isEqualTo(CheckStatus.NEEDS_MANUAL_CONFIRMATION);
        assertThat(role.found()).contains("roles granted: dms_loader@%");
    }

    @Test
    void differentLowerCaseTableNamesBlockWithTheMixedCaseTables() {
        ScriptedDatabase source = source().variable("lower_case_table_names", "1")
                .answer("SELECT table_schema, table_name FROM information_schema.tables WHERE", List.of(
                        Row.of("table_schema", "shop", "table_name", "OrderItems")));
        CheckResult lower = run(config(i -> {}), source, target()).get("sc-lower-case-table-names");
        assertThat(lower.blocks()).isTrue();
        assertThat(lower.objects()).containsExactly("shop.OrderItems");
    }
}
