package io.cutover.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.Databases;
import io.cutover.core.db.Row;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.core.ports.memory.RecordingMetrics;
import io.cutover.cutover.FreezeRecord.Marker;
import io.cutover.cutover.FreezeRecord.Status;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.testing.ScriptedDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The drain poll samples DMS after the freeze: its lag continues the dashboard's "Cutover lag" graph. */
class ProveDrainMetricsTest {
    private static final Instant NOW = Instant.parse("2026-11-24T02:10:00Z");

    private final MemoryArtifacts artifacts = new MemoryArtifacts();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final StubReplication dms = new StubReplication();
    private final InMemoryPorts ports = InMemoryPorts.builder().artifacts(artifacts).replication(dms).metrics(metrics)
            .databases(new Databases() {
                @Override public Database open(DatabaseRole role, MigrationConfig.Endpoint endpoint) {
                    return new ScriptedDatabase(role).answer("SELECT marker_id FROM", List.of(new Row(Map.of("marker_id", "drain:exec-1"))));
                }

                @Override public Database open(DatabaseRole role, String secretId, MigrationConfig.Endpoint endpoint) {
                    return open(role, endpoint);
                }
            }).build();
    private final MigrationConfig config = Json.convert(Json.parse("""
            {"migrationId": "orders-prod", "source": {"secretId": "cutover/source"}, "target": {"secretId": "cutover/target"},
             "schemas": ["shop"]}"""), MigrationConfig.class);
    private final CutoverRequest request = new CutoverRequest(config, "5.2 Prove that CDC drained", "exec-1",
            "arn:aws:dms:eu-west-1:123456789012:task:ABC", "cutover-orders-prod", null);

    private void frozen() {
        new CutoverArtifacts(artifacts, config.migrationId()).saveFreezeRecord(new FreezeRecord("orders-prod", "exec-1", "MySQL 8.4.3",
                "MYSQL", false, false, NOW, Status.FROZEN, new Marker("drain:exec-1", NOW), null, List.of(), null));
    }

    @Test
    void eachDrainSamplePublishesItsLag() {
        frozen();
        dms.sample = new CdcSample(NOW, 0.0, 2.0, 100, 0, 0, 0, 0L);
        new ProveDrainHandler(ports).handle(request);
        assertThat(metrics.published()).singleElement().satisfies(m -> {
            assertThat(m.dimensions()).isEqualTo(Map.of("MigrationId", "orders-prod"));
            assertThat(m.values()).isEqualTo(Map.of("CdcLagSeconds", 2.0));
        });
    }

    @Test
    void anIdleTaskWithoutLatencyPublishesNothing() {
        frozen();
        dms.sample = new CdcSample(NOW, null, null, 100, 0, 0, 0, null);
        new ProveDrainHandler(ports).handle(request);
        assertThat(metrics.published()).isEmpty();
    }
}
