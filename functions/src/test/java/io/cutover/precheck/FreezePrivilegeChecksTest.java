package io.cutover.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.Row;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.CheckStatus;
import io.cutover.precheck.framework.Severity;
import io.cutover.testing.ScriptedDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The freeze's privileges, judged at readiness instead of at step 5.2 (MySQL, MariaDB, RDS and Aurora answers). */
class FreezePrivilegeChecksTest {

    private static ScriptedDatabase server(String version, String comment, String basedir, String... grants) {
        return new ScriptedDatabase(DatabaseRole.SOURCE).variable("version", version).variable("version_comment", comment)
                .variable("basedir", basedir)
                .answer("SHOW GRANTS", List.of(grants).stream().map(g -> Row.of("Grants for cutover@%", g)).toList());
    }

    @Test
    void mySqlNeedsToSetReadOnlyAndToWriteUnderIt() {
        CheckResult none = FreezePrivilegeChecks.freezePrivileges(server("8.0.36", "MySQL Community Server - GPL", "/usr/",
                "GRANT SELECT, INSERT, REPLICATION CLIENT ON *.* TO `cutover`@`%`"));
        assertThat(none.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(none.objects()).containsExactly("SYSTEM_VARIABLES_ADMIN (or SUPER) ON *.*", "CONNECTION_ADMIN (or SUPER) ON *.*");

        CheckResult dynamic = FreezePrivilegeChecks.freezePrivileges(server("8.0.36", "MySQL Community Server - GPL", "/usr/",
                "GRANT SELECT, INSERT ON *.* TO `cutover`@`%`",
                "GRANT CONNECTION_ADMIN,SYSTEM_VARIABLES_ADMIN ON *.* TO `cutover`@`%`"));
        assertThat(dynamic.status()).isEqualTo(CheckStatus.PASSED);

        CheckResult superUser = FreezePrivilegeChecks.freezePrivileges(server("5.7.44-log", "MySQL Community Server (GPL)", "/usr/",
                "GRANT SELECT, INSERT, SUPER ON *.* TO 'cutover'@'%'"));
        assertThat(superUser.status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void mariaDbNeedsReadOnlyAdminFrom1011() {
        CheckResult without = FreezePrivilegeChecks.freezePrivileges(server("10.11.6-MariaDB-log", "Debian 12", "/usr",
                "GRANT SELECT, INSERT, SUPER ON *.* TO `cutover`@`%`"));
        assertThat(without.status()).as("SUPER no longer sets read_only on 10.11").isEqualTo(CheckStatus.FAILED);
        assertThat(without.objects()).containsExactly("READ_ONLY ADMIN ON *.*");

        assertThat(FreezePrivilegeChecks.freezePrivileges(server("10.11.6-MariaDB-log", "Debian 12", "/usr",
                "GRANT SELECT, INSERT, READ_ONLY ADMIN ON *.* TO `cutover`@`%`")).status()).isEqualTo(CheckStatus.PASSED);
        assertThat(FreezePrivilegeChecks.freezePrivileges(server("10.6.16-MariaDB", "MariaDB Server", "/usr",
                "GRANT SELECT, INSERT, SUPER ON *.* TO `cutover`@`%`")).status()).isEqualTo(CheckStatus.PASSED);
        assertThat(FreezePrivilegeChecks.freezePrivileges(server("10.11.6-MariaDB-log", "Debian 12", "/usr",
                "GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION")).status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void rdsAndAuroraSourcesAreBlockedWithTheReasonWhateverTheGrants() {
        CheckResult rds = FreezePrivilegeChecks.freezePrivileges(server("8.0.35", "Source distribution", "/rdsdbbin/mysql-8.0.35.R2/",
                "GRANT SELECT, INSERT ON *.* TO `admin`@`%` WITH GRANT OPTION"));
        assertThat(rds.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(rds.found()).contains("RDS for MySQL").contains("1227");

        ScriptedDatabase aurora = server("8.0.32", "Source distribution", "/rdsdbbin/oscar-8.0.mysql_aurora.3.05.2.0/",
                "GRANT SELECT ON *.* TO `admin`@`%`").variable("aurora_version", "3.05.2");
        assertThat(FreezePrivilegeChecks.freezePrivileges(aurora).found()).contains("Aurora MySQL");
        assertThat(FreezePrivilegeChecks.freezePrivileges(aurora).blocks()).isTrue();
        assertThat(FreezePrivilegeChecks.freezePrivileges(aurora, true).blocks()).as("a dry run stops before the freeze").isFalse();
        assertThat(FreezePrivilegeChecks.freezePrivileges(aurora, true).severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void missingPrivilegesBehindRolesNeedAManualConfirmation() {
        CheckResult r = FreezePrivilegeChecks.freezePrivileges(server("8.0.36", "MySQL Community Server - GPL", "/usr/",
                "GRANT SELECT ON *.* TO `cutover`@`%`", "GRANT `freezer`@`%` TO `cutover`@`%`"));
        assertThat(r.status()).isEqualTo(CheckStatus.NEEDS_MANUAL_CONFIRMATION);
        assertThat(r.found()).contains("freezer");
    }
}
