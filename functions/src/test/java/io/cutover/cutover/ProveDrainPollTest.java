package io.cutover.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.Row;
import io.cutover.core.db.ServerInfo;
import io.cutover.core.json.Json;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.poll.PollDecision.Outcome;
import io.cutover.core.ports.Databases;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.cutover.FreezeRecord.Marker;
import io.cutover.cutover.FreezeRecord.Status;
import java.sql.Connection;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The drain poll looks for the marker inside the handler, every {@value SourceFreeze#MARKER_POLL_MILLIS} ms, instead of
 * returning and waiting for the state machine's next poll: a marker applied while the poll runs proves the drain in
 * that same poll, with the two CDC samples the counters are compared on.
 */
class ProveDrainPollTest {
    private static final Instant NOW = Instant.parse("2026-11-24T02:10:00Z");

    private final MemoryArtifacts artifacts = new MemoryArtifacts();
    private final AtomicBoolean applied = new AtomicBoolean();
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicInteger samples = new AtomicInteger();
    private final StubReplication dms = new StubReplication() {
        @Override
        public CdcSample cdcSample(TaskRef task) {
            samples.incrementAndGet();
            return new CdcSample(NOW, null, null, 100, 0, 0, 0, 0L);
        }
    };
    private final MigrationConfig config = Json.convert(Json.parse("""
            {"migrationId": "orders-prod", "source": {"secretId": "cutover/source"}, "target": {"secretId": "cutover/target"},
             "schemas": ["shop"]}"""), MigrationConfig.class);

    /** The target: the marker row appears once {@link #applied} is set, as DMS would apply it. */
    private final class Target implements Database {
        @Override public DatabaseRole role() { return DatabaseRole.TARGET; }
        @Override public ServerInfo server() { return ServerInfo.of("8.0.36", "MySQL Community Server - GPL", null); }
        @Override public Map<String, String> globalVariables(Collection<String> names) { return Map.of(); }
        @Override public int update(String sql, Object... params) { throw new UnsupportedOperationException(sql); }
        @Override public Connection jdbc() { throw new UnsupportedOperationException(); }
        @Override public void close() {}

        @Override
        public List<Row> query(String sql, Object... params) {
            assertThat(sql).startsWith("SELECT marker_id FROM");
            if (lookups.incrementAndGet() == 3) {
                applied.set(true); // DMS applies the marker while the poll is waiting for it
            }
            return applied.get() ? List.of(new Row(Map.of("marker_id", params[0]))) : List.of();
        }
    }

    private final InMemoryPorts ports = InMemoryPorts.builder().artifacts(artifacts).replication(dms).clock(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC))
            .databases(new Databases() {
                @Override public Database open(DatabaseRole role, MigrationConfig.Endpoint endpoint) { return new Target(); }
                @Override public Database open(DatabaseRole role, String secretId, MigrationConfig.Endpoint endpoint) { return new Target(); }
            }).build();

    @Test
    void aMarkerAppliedWhileThePollWaitsProvesTheDrainInThatPoll() {
        new CutoverArtifacts(artifacts, config.migrationId()).saveFreezeRecord(new FreezeRecord("orders-prod", "exec-1", "MySQL 8.4.3",
                "MYSQL", false, false, NOW, Status.FROZEN, new Marker("drain:exec-1", NOW), null, List.of(), null));
        PollDecision decision = new ProveDrainHandler(ports).handle(new CutoverRequest(config, "5.2 Prove that CDC drained", "exec-1",
                "arn:aws:dms:eu-west-1:123456789012:task:ABC", "cutover-orders-prod", null));
        assertThat(decision.outcome()).isEqualTo(Outcome.DONE);
        assertThat(decision.attempt()).isEqualTo(1); // no wait of the state machine in between
        assertThat(lookups.get()).isEqualTo(3);     // looked again until it was there, then stopped looking
        assertThat(samples.get()).isEqualTo(2);     // the counters compared on two samples taken in the same poll
        assertThat(decision.reason()).contains("drained: marker on the target");
    }
}
