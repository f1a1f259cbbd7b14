package io.cutover.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.error.ConfigurationException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import org.junit.jupiter.api.Test;

class DbCredentialsTest {
    @Test
    void readsTheRdsSecretFormat() {
        DbCredentials c = DbCredentials.fromSecret("s", """
                {"username":"admin","password":"p@ss","engine":"mysql","host":"db.example","port":"3307","dbname":"app"}""");
        assertThat(c.host()).isEqualTo("db.example");
        assertThat(c.port()).isEqualTo(3307);
        assertThat(c.dbname()).isEqualTo("app");
        assertThat(c.toString()).doesNotContain("p@ss").contains("***");
    }

    @Test
    void namesTheMissingFieldWithoutShowingTheSecret() {
        assertThatThrownBy(() -> DbCredentials.fromSecret("cutover/src", "{\"username\":\"a\",\"password\":\"zzz-top\"}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cutover/src").hasMessageContaining("'host'").hasMessageNotContaining("zzz-top");
        assertThatThrownBy(() -> DbCredentials.fromSecret("cutover/src", "password=zzz-top"))
                .isInstanceOf(ConfigurationException.class).hasMessageNotContaining("zzz-top");
    }

    @Test
    void theRdsManagedMasterSecretTakesHostAndPortFromItsCluster() {
        // RDS's managed master secret: the user name and the password, no host or port
        String managed = "{\"username\":\"cutover_admin\",\"password\":\"zzz-top\"}";
        java.util.List<String> looked = new java.util.ArrayList<>();
        ClusterEndpoints clusters = id -> {
            looked.add(id);
            return new ClusterEndpoints.Address("orders.cluster-abc.eu-west-1.rds.amazonaws.com", 3306);
        };
        DbCredentials c = DbCredentials.fromSecret("rds!cluster-1", managed, "orders-aurora", clusters);
        assertThat(c.host()).isEqualTo("orders.cluster-abc.eu-west-1.rds.amazonaws.com");
        assertThat(c.port()).isEqualTo(3306);
        assertThat(c.username()).isEqualTo("cutover_admin");
        assertThat(looked).containsExactly("orders-aurora");
        // a secret with its own host is used as it is
        DbCredentials own = DbCredentials.fromSecret("s", "{\"username\":\"a\",\"password\":\"p\",\"host\":\"h\"}", "orders-aurora", clusters);
        assertThat(own.host()).isEqualTo("h");
        assertThat(looked).hasSize(1);
        // without the cluster: a message saying what to give, never the secret
        assertThatThrownBy(() -> DbCredentials.fromSecret("rds!cluster-1", managed, null, clusters))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("target.clusterIdentifier")
                .hasMessageNotContaining("zzz-top");
        assertThat(DbCredentials.username("rds!cluster-1", managed)).isEqualTo("cutover_admin");
    }

    @Test
    void classifiesServerErrors() {
        assertThat(SqlErrors.translate(DatabaseRole.SOURCE, "x", new SQLException("Deadlock", "40001", 1213)))
                .isInstanceOf(io.cutover.core.error.TransientDatabaseException.class).hasMessageStartingWith("source: x failed: [1213]");
        assertThat(SqlErrors.translate(DatabaseRole.TARGET, "x", new SQLNonTransientConnectionException("Communications link failure", "08S01")))
                .isInstanceOf(io.cutover.core.error.TransientDatabaseException.class);
        assertThat(SqlErrors.translate(DatabaseRole.SOURCE, "x", new SQLException("Access denied; you need the SUPER privilege", "42000", 1227)))
                .isInstanceOf(io.cutover.core.error.AccessDeniedException.class);
        assertThat(SqlErrors.translate(DatabaseRole.SOURCE, "x", new SQLException("Table 'a.b' doesn't exist", "42S02", 1146)))
                .isInstanceOf(io.cutover.core.error.DatabaseException.class);
    }

    @Test
    void recognisesTheServerFlavour() {
        assertThat(ServerInfo.of("10.11.19-MariaDB-0+deb12u1", "Debian 12", null).flavor()).isEqualTo(ServerFlavor.MARIADB);
        ServerInfo aurora = ServerInfo.of("8.0.32", "Source distribution", "3.05.2");
        assertThat(aurora.flavor()).isEqualTo(ServerFlavor.AURORA_MYSQL);
        assertThat(aurora.atLeast(8, 0, 30)).isTrue();
        assertThat(aurora.atLeast(8, 1, 0)).isFalse();
        assertThat(ServerInfo.of("5.7.44-log", "MySQL Community Server (GPL)", null).describe()).isEqualTo("MySQL 5.7.44");
    }
}
