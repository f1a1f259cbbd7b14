package io.cutover.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.config.MigrationConfig.Endpoint;
import io.cutover.core.config.MigrationConfig.Tls;
import io.cutover.core.config.MigrationConfig.TlsMode;
import io.cutover.core.db.jdbc.JdbcDatabases;
import io.cutover.core.error.AccessDeniedException;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Secrets;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A target secret in the format of the master user secret RDS manages (user name and password, no host) opens a real
 * session on the server the cluster lookup names; before, such a secret failed with "has no 'host' field".
 */
@ExtendWith(DatabaseServers.class)
class ManagedSecretConnectionIT {
    @Test
    void theRdsManagedSecretConnectsToTheWriterOfTheTargetsCluster(TestDatabases db) {
        MemorySecrets secrets = new MemorySecrets().put("rds!cluster-0d2d3ad9", Json.write(Json.object()
                .put("username", "cutover").put("password", db.pair().password(DatabaseRole.TARGET, "cutover"))));
        List<String> lookedUp = new ArrayList<>();
        ClusterEndpoints clusters = id -> {
            lookedUp.add(id);
            return new ClusterEndpoints.Address(db.target().host(), db.target().port());
        };
        Endpoint target = new Endpoint("rds!cluster-0d2d3ad9", new Tls(TlsMode.DISABLED, null), null, "orders-aurora");

        try (Database session = new JdbcDatabases(secrets, clusters).open(DatabaseRole.TARGET, target)) {
            assertThat(session.query("SELECT CURRENT_USER() AS u").get(0).string("u")).startsWith("cutover@");
        }
        assertThat(lookedUp).containsExactly("orders-aurora");
    }

    @Test
    void aLoginRefusedWithACachedPasswordIsRetriedOnceWithTheSecretAsItIsNow(TestDatabases db) {
        String rotated = Json.write(Json.object().put("username", "cutover")
                .put("password", db.pair().password(DatabaseRole.TARGET, "cutover")));
        String stale = Json.write(Json.object().put("username", "cutover").put("password", "before-rotation"));
        List<String> reads = new ArrayList<>();
        Secrets cachedBeforeRotation = new Secrets() {
            @Override
            public String secretString(String secretId) {
                reads.add("cached");
                return stale;
            }

            @Override
            public String currentSecretString(String secretId) {
                reads.add("current");
                return rotated;
            }
        };
        ClusterEndpoints clusters = id -> new ClusterEndpoints.Address(db.target().host(), db.target().port());
        Endpoint target = new Endpoint("rds!cluster-0d2d3ad9", new Tls(TlsMode.DISABLED, null), null, "orders-aurora");

        try (Database session = new JdbcDatabases(cachedBeforeRotation, clusters).open(DatabaseRole.TARGET, target)) {
            assertThat(session.query("SELECT 1 AS one").get(0).string("one")).isEqualTo("1");
        }
        assertThat(reads).containsExactly("cached", "current");

        // a password that is wrong both times is refused as before, once
        Secrets wrong = new MemorySecrets().put("rds!cluster-0d2d3ad9", stale);
        assertThatThrownBy(() -> new JdbcDatabases(wrong, clusters).open(DatabaseRole.TARGET, target))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("as cutover");
    }
}
