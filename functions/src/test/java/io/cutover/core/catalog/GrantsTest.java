package io.cutover.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SHOW GRANTS as MySQL 5.7 / 8.0 and MariaDB print it. */
class GrantsTest {

    @Test
    void mariadbGlobalGrantsWithThePasswordHashAndBinlogMonitor() {
        Grants g = Grants.parse(List.of(
                "GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR, SHOW VIEW ON *.* TO `dms`@`%` IDENTIFIED BY PASSWORD '*B69027D44F6E5EDC07F1AEAD1477967B16F28227'"));
        assertThat(g.hasGlobal("REPLICATION SLAVE")).isTrue();
        assertThat(g.hasGlobal("REPLICATION CLIENT")).as("BINLOG MONITOR is MariaDB's name").isTrue();
        assertThat(g.hasOnSchema("SELECT", "shop")).isTrue();
        assertThat(g.hasGlobal("INSERT")).isFalse();
        assertThat(g.roles()).isEmpty();
        assertThat(g.rolesNote()).isEmpty();
    }

    @Test
    void mysql8SchemaGrantsDynamicPrivilegesAndRoles() {
        Grants g = Grants.parse(List.of(
                "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `dms`@`10.0.%`",
                "GRANT XA_RECOVER_ADMIN,REPLICATION_SLAVE_ADMIN ON *.* TO `dms`@`10.0.%`",
                "GRANT SELECT ON `shop`.* TO `dms`@`10.0.%`",
                "GRANT SELECT (`id`, `name`), INSERT (`id`) ON `billing`.`invoices` TO `dms`@`10.0.%`",
                "GRANT SELECT ON `mysql`.`user` TO `dms`@`10.0.%`",
                "GRANT `reporting`@`%`,`dms_role`@`%` TO `dms`@`10.0.%`"));
        assertThat(g.hasGlobal("REPLICATION CLIENT")).isTrue();
        assertThat(g.hasGlobal("XA_RECOVER_ADMIN")).isTrue();
        assertThat(g.hasOnSchema("SELECT", "shop")).isTrue();
        assertThat(g.hasOnSchema("SELECT", "billing")).as("a column grant is not a schema grant").isFalse();
        assertThat(g.hasOnTable("SELECT", "mysql", "user")).isTrue();
        assertThat(g.hasOnTable("SELECT", "mysql", "db")).isFalse();
        assertThat(g.roles()).containsExactly("reporting@%", "dms_role@%");
        assertThat(g.rolesNote()).isEqualTo(" (roles granted: reporting@%, dms_role@%; SHOW GRANTS does not show their privileges)");
    }

    @Test
    void schemaNamesAreLikePatternsUnlessEscaped() {
        Grants g = Grants.parse(List.of("GRANT ALL PRIVILEGES ON `awsdms\\_control`.* TO `dms`@`%`",
                "GRANT SELECT, INSERT ON `shop_%`.* TO `dms`@`%`"));
        assertThat(g.hasOnSchema("ALL PRIVILEGES", "awsdms_control")).isTrue();
        assertThat(g.hasOnSchema("CREATE", "awsdms_control")).isTrue();
        assertThat(g.hasOnSchema("SELECT", "awsdmsXcontrol")).isFalse();
        assertThat(g.hasOnSchema("INSERT", "shop_eu")).isTrue();
        assertThat(g.hasOnSchema("INSERT", "shop")).isFalse();
    }

    @Test
    void allPrivilegesOnStarStarCoversEverythingAndRoutineGrantsAreIgnored() {
        Grants g = Grants.parse(List.of("GRANT ALL PRIVILEGES ON *.* TO `cutover`@`%` WITH GRANT OPTION",
                "GRANT EXECUTE ON PROCEDURE `shop`.`p` TO `cutover`@`%`", "GRANT PROXY ON ''@'%' TO 'root'@'localhost' WITH GRANT OPTION"));
        assertThat(g.hasGlobal("REPLICATION SLAVE")).isTrue();
        assertThat(g.hasOnSchema("CREATE TEMPORARY TABLES", "anything")).isTrue();
        assertThat(g.roles()).isEmpty();
        assertThat(g.rolesNote()).isEmpty();
    }

    @Test
    void mariadbRoleGrant() {
        Grants g = Grants.parse(List.of("GRANT USAGE ON *.* TO `dms`@`%`", "GRANT `migration` TO `dms`@`%`"));
        assertThat(g.roles()).containsExactly("migration");
        assertThat(g.hasGlobal("SELECT")).isFalse();
    }
}
