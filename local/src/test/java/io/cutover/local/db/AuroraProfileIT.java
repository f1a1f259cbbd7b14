package io.cutover.local.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.db.DatabaseRole;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each rule of the Aurora MySQL 3 profile (docs/local-aurora.md), on the shared target (which has the profile, as every
 * test target does) or on a server of its own where the test changes server settings. Each test fails when its rule is
 * removed from {@link AuroraProfile}.
 */
@ExtendWith(DatabaseServers.class)
class AuroraProfileIT {

    @Test
    void theSharedTargetPlaysAurora(TestDatabases db) {
        assertThat(db.target().options().isAurora()).isTrue();
        assertThat(db.source().options().isAurora()).isFalse();
    }

    @Test
    void aMyIsamTableIsRefusedAndASessionWithoutNoEngineSubstitutionGetsInnoDb(TestDatabases db) throws SQLException {
        String schema = TestDatabases.newSchema("aurora_engine");
        try (Connection c = cutover(db); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + schema);
            for (String engine : List.of("MyISAM", "Aria", "MEMORY", "CSV")) {
                assertThatThrownBy(() -> s.execute("CREATE TABLE " + schema + ".t_" + engine + " (id INT NOT NULL) ENGINE=" + engine))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1290))
                        .hasMessageContaining("NO_ENGINE_SUBSTITUTION");
            }
            s.execute("SET SESSION sql_mode = ''");
            s.execute("CREATE TABLE " + schema + ".converted (id INT PRIMARY KEY) ENGINE=MyISAM");
            assertThat(single(s, "SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + schema
                    + "' AND TABLE_NAME = 'converted'")).isEqualTo("InnoDB");
            // the master user cannot lift the rule for its own session (it needs SUPER)
            assertThatThrownBy(() -> s.execute("SET SESSION enforce_storage_engine = NULL"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1227));
            s.execute("CREATE TEMPORARY TABLE " + schema + ".scratch (id INT) ENGINE=MEMORY"); // temporary tables are not database tables
        }
    }

    @Test
    void theTargetAccountHasTheMasterUsersPrivilegesAndNoSetGlobal(TestDatabases db) throws SQLException {
        try (Connection c = cutover(db); Statement s = c.createStatement()) {
            List<String> grants = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SHOW GRANTS")) {
                while (rs.next()) {
                    grants.add(rs.getString(1));
                }
            }
            String global = grants.stream().filter(g -> g.contains(" ON *.* ")).findFirst().orElseThrow();
            assertThat(global).doesNotContain("ALL PRIVILEGES").doesNotContain("SUPER").doesNotContain("READ_ONLY ADMIN")
                    .doesNotContain("FILE").doesNotContain("SHUTDOWN").contains("SET USER").contains("WITH GRANT OPTION");
            for (String statement : List.of("SET GLOBAL max_connections = 301", "SET GLOBAL read_only = ON",
                    "SET GLOBAL lower_case_table_names = 1", "SET GLOBAL max_user_connections = 5")) {
                assertThatThrownBy(() -> s.execute(statement)).as(statement).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isIn(1227, 1238));
            }
            assertThatThrownBy(() -> s.execute("SET GLOBAL max_connections = 301"))
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1227)); // SUPER needed
        }
    }

    @Test
    void parametersChangeThroughTheParameterGroupAndLowerCaseTableNamesIsFixedAtCreation() {
        try (MariaDbServer server = MariaDbServer.start(DatabasePair.newBaseDir(),
                MariaDbOptions.target().named("aurora-pg").withAuroraProfile(new AuroraProfile(1)))) {
            assertThat(variable(server, "lower_case_table_names")).isEqualTo("1");
            assertThat(variable(server, "enforce_storage_engine")).isEqualTo("InnoDB");
            ParameterGroup group = new ParameterGroup(server);
            assertThat(group.modify("max_connections", "123")).isEqualTo(ParameterGroup.Applied.IMMEDIATELY);
            assertThat(variable(server, "max_connections")).isEqualTo("123");
            assertThat(group.modify("innodb_log_buffer_size", "33554432")).isEqualTo(ParameterGroup.Applied.AFTER_REBOOT);
            assertThat(variable(server, "innodb_log_buffer_size")).isEqualTo("33554432");
            assertThatThrownBy(() -> group.modify("lower_case_table_names", "0"))
                    .hasMessageContaining("sets it permanently when the cluster is created");
            assertThatThrownBy(() -> group.modify("enforce_storage_engine", "MyISAM")).hasMessageContaining("InnoDB only");
            assertThatThrownBy(() -> server.restart(MariaDbOptions.target().withArgs("--lower-case-table-names=0")))
                    .hasMessageContaining("lower_case_table_names is set permanently");
            assertThat(server.isRunning()).isTrue();
            server.restart(MariaDbOptions.target().withArgs("--max-connections=77")); // keeps the profile it was created with
            assertThat(variable(server, "lower_case_table_names")).isEqualTo("1");
            assertThat(variable(server, "max_connections")).isEqualTo("77");
        }
    }

    @Test
    void aPlainServerHasNoneOfTheRules() {
        MariaDbOptions plain = MariaDbOptions.target().withoutAuroraProfile();
        assertThat(plain.serverArgs()).noneMatch(a -> a.startsWith("--enforce-storage-engine"));
        assertThat(plain.installArgs()).isEmpty();
        assertThat(MariaDbOptions.target().serverArgs()).contains("--enforce-storage-engine=InnoDB", "--lower-case-table-names=0");
        assertThatThrownBy(() -> new AuroraProfile(2)).hasMessageContaining("0 or 1");
    }

    private static Connection cutover(TestDatabases db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "cutover");
        p.setProperty("password", db.pair().password(DatabaseRole.TARGET, "cutover"));
        return DriverManager.getConnection(db.target().jdbcUrl(), p);
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String variable(MariaDbServer server, String name) {
        try (Connection c = server.rootConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW GLOBAL VARIABLES LIKE '" + name + "'")) {
            return rs.next() ? rs.getString(2) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
