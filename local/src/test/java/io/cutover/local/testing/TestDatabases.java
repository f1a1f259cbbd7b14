package io.cutover.local.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.input.InputValidator;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.db.MariaDbServer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The shared servers as tests see them, with helpers to build configs, ports and private fixtures. */
public final class TestDatabases implements ExtensionContext.Store.CloseableResource {
    private static final AtomicInteger SCHEMA_COUNTER = new AtomicInteger();

    private final DatabasePair pair;
    private final MemorySecrets secrets;

    TestDatabases(DatabasePair pair) {
        this.pair = pair;
        this.secrets = pair.publishSecrets(new MemorySecrets());
    }

    public DatabasePair pair() {
        return pair;
    }

    public MariaDbServer source() {
        return pair.source();
    }

    public MariaDbServer target() {
        return pair.target();
    }

    /** Every user's secret of the shared pair, under {@link DatabasePair#secretId}. */
    public MemorySecrets secrets() {
        return secrets;
    }

    /** Ports whose databases are the shared servers (everything else in memory). */
    public InMemoryPorts.Builder ports() {
        return InMemoryPorts.builder().secrets(secrets);
    }

    /** A schema name no other test uses: {@code <prefix>_<n>}. */
    public static String newSchema(String prefix) {
        return prefix + "_" + SCHEMA_COUNTER.incrementAndGet();
    }

    /** A valid execution input (readiness purpose) for these servers, as the Cutover user. */
    public ObjectNode input(String migrationId, List<String> schemas) {
        return input(pair, migrationId, schemas);
    }

    public static ObjectNode input(DatabasePair pair, String migrationId, List<String> schemas) {
        ObjectNode input = Json.object();
        input.put("migrationId", migrationId);
        input.set("source", DatabasePair.endpointInput(DatabaseRole.SOURCE));
        input.set("target", DatabasePair.endpointInput(DatabaseRole.TARGET).put("clusterIdentifier", "local-target"));
        input.set("schemas", Json.tree(schemas));
        return input;
    }

    public MigrationConfig config(String migrationId, List<String> schemas) {
        return new InputValidator().validate(input(migrationId, schemas), InputValidator.Purpose.READINESS);
    }

    /** A session as the Cutover user, through the same code path the handlers use. */
    public Database open(DatabaseRole role, MigrationConfig config) {
        return ports().build().databases().open(role, role == DatabaseRole.SOURCE ? config.source() : config.target());
    }

    /**
     * A pair of servers for one test only (close it): for tests that restart servers or change global
     * settings, which must not disturb the shared pair.
     */
    public static DatabasePair startPrivatePair(MariaDbOptions source, MariaDbOptions target) {
        return DatabasePair.start(DatabasePair.newBaseDir(), source, target);
    }

    @Override
    public void close() {
        pair.close();
    }
}
