package io.cutover.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.precheck.framework.ServerVariables;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One server named by two secrets (two host names, two addresses) is found by what the server says it is. */
class DistinctServersTest {
    private static ServerVariables mariaDb(String host, String port, String datadir, String serverId) {
        return new ServerVariables(Map.of("hostname", host, "port", port, "datadir", datadir, "server_id", serverId));
    }

    @Test
    void mariaDbWithoutServerUuidIsComparedByHostPortDataDirectoryAndServerId() {
        assertThat(ServerComparisonChecks.distinct(mariaDb("db1", "3306", "/var/lib/mysql/", "1"), mariaDb("db1", "3306", "/var/lib/mysql/", "1"))
                .blocks()).isTrue();
        assertThat(ServerComparisonChecks.distinct(mariaDb("db1", "3306", "/data/a/", "1"), mariaDb("db1", "3307", "/data/b/", "1"))
                .blocks()).as("two servers on one host").isFalse();
    }

    @Test
    void mysqlIsComparedByServerUuid() {
        var a = new ServerVariables(Map.of("server_uuid", "3e11fa47-71ca-11e1-9e33-c80aa9429562", "hostname", "ip-10-0-0-5", "port", "3306",
                "datadir", "/rdsdbdata/db/", "server_id", "1"));
        var b = new ServerVariables(Map.of("server_uuid", "7c1f3e2a-71ca-11e1-9e33-c80aa9429562", "hostname", "ip-10-0-0-5", "port", "3306",
                "datadir", "/rdsdbdata/db/", "server_id", "1"));
        assertThat(ServerComparisonChecks.distinct(a, a).blocks()).isTrue();
        assertThat(ServerComparisonChecks.distinct(a, b).blocks()).as("same host name and port, two servers (RDS)").isFalse();
        assertThat(ServerComparisonChecks.distinct(a, a).found()).contains("the same server");
    }
}
