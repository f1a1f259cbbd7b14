package io.cutover.local.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.DbCredentials;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --source-url}/{@code --target-url}: servers the rehearsal did not start. The given account serves as the
 * functions' and the DMS account; the workload gets an account of its own, DML on the migrated schemas only, dropped
 * at the end. (The servers here are a private pair standing in for yours, reached by URL and password only.)
 */
class ExistingServersIT {

    @Test
    void theGivenAccountIsPublishedAndTheWorkloadAccountIsConfinedAndDropped() throws Exception {
        try (DatabasePair pair = TestDatabases.startPrivatePair(MariaDbOptions.source(), MariaDbOptions.target())) {
            RehearsalOptions options = RehearsalOptions.parse(
                    "--source-url", "jdbc:mysql://127.0.0.1:" + pair.source().port() + "/?sslMode=DISABLED", "--source-user", "cutover",
                    "--target-url", "jdbc:mysql://127.0.0.1:" + pair.target().port() + "/?sslMode=DISABLED", "--target-user", "cutover");
            RehearsalServers servers = RehearsalServers.connect(options.source().orElseThrow(),
                    pair.password(DatabaseRole.SOURCE, "cutover").toCharArray(), options.target().orElseThrow(),
                    pair.password(DatabaseRole.TARGET, "cutover").toCharArray());
            try (servers) {
                for (String user : List.of("cutover", "dms")) {
                    String id = DatabasePair.secretId(DatabaseRole.SOURCE, user);
                    DbCredentials c = DbCredentials.fromSecret(id, servers.secrets().secretString(id));
                    assertThat(c.username()).isEqualTo("cutover");
                    assertThat(c.port()).isEqualTo(pair.source().port());
                }
                assertThat(servers.secrets().secretString(DatabasePair.secretId(DatabaseRole.TARGET, "dms"))).contains("\"engine\":\"mariadb\"");
                assertThat(servers.version(DatabaseRole.TARGET)).contains("MariaDB");

                pair.source().execute("CREATE DATABASE mine", "CREATE TABLE mine.t (id INT PRIMARY KEY)", "CREATE DATABASE other",
                        "CREATE TABLE other.t (id INT PRIMARY KEY)");
                servers.grantWorkload(List.of("mine"));
                String appSecret = servers.secrets().secretString(DatabasePair.secretId(DatabaseRole.SOURCE, "app"));
                assertThat(appSecret).contains("\"username\":\"cutover_rehearsal_app\"");
                // the workload account's password is nowhere in the source's binary log, which the DMS account reads
                String appPassword = DbCredentials.fromSecret("app", appSecret).password();
                StringBuilder binlog = new StringBuilder();
                try (Connection root = pair.source().rootConnection(); Statement s = root.createStatement()) {
                    java.util.List<String> files = new java.util.ArrayList<>();
                    try (var rs = s.executeQuery("SHOW BINARY LOGS")) {
                        while (rs.next()) {
                            files.add(rs.getString(1));
                        }
                    }
                    for (String f : files) {
                        try (var rs = s.executeQuery("SHOW BINLOG EVENTS IN '" + f + "'")) {
                            while (rs.next()) {
                                binlog.append(rs.getString("Info")).append('\n');
                            }
                        }
                    }
                }
                // where the account may not switch the binlog off, the statement carries the hash that PASSWORD() computes
                try (Connection root = pair.source().rootConnection(); Statement s = root.createStatement();
                     var rs = s.executeQuery("SELECT PASSWORD('" + appPassword + "')")) {
                    rs.next();
                    assertThat(RehearsalServers.nativePasswordHash(appPassword)).isEqualTo(rs.getString(1));
                }
                assertThat(binlog.toString()).doesNotContain(appPassword);
                for (String user : List.of("cutover", "dms", "app")) {
                    assertThat(binlog.toString()).doesNotContain(pair.password(DatabaseRole.SOURCE, user));
                }
                try (Connection app = servers.app(); Statement s = app.createStatement()) {
                    assertThat(s.executeUpdate("INSERT INTO mine.t VALUES (1)")).isEqualTo(1);
                    assertThatThrownBy(() -> s.executeUpdate("INSERT INTO other.t VALUES (1)")).isInstanceOf(SQLException.class)
                            .hasMessageContaining("denied");
                    assertThatThrownBy(() -> s.execute("CREATE TABLE mine.u (id INT)")).isInstanceOf(SQLException.class)
                            .hasMessageContaining("denied");
                }
            }
            try (Connection root = pair.source().rootConnection()) {
                assertThat(SampleAndWorkloadIT.rows(root, "SELECT COUNT(*) FROM mysql.user WHERE user = 'cutover_rehearsal_app'"))
                        .as("the workload account is dropped at the end").containsExactly("0");
            }
        }
    }
}
