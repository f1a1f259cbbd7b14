package io.cutover.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.db.BinlogPosition;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.Databases;
import io.cutover.core.json.Json;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.cutover.FreezeRecord.Marker;
import io.cutover.cutover.FreezeRecord.Status;
import io.cutover.cutover.RecordRollbackPositionHandler.Recorded;
import io.cutover.cutover.SourceFreeze.RollbackPosition;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.core.ports.Replication.Checkpoint;
import io.cutover.core.ports.Replication.TaskStatus;
import io.cutover.testing.ScriptedDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * "5.4 Record the rollback position" on a MySQL 8.4 source (recorded answers) and the DMS port: what runbook 5.4
 * asks to capture before the task is stopped (task status, recovery checkpoint, CDC counters, binlog position).
 */
class RollbackPositionRecordedTest {
    private static final Instant NOW = Instant.parse("2026-11-24T02:10:00Z");
    private static final String CHECKPOINT = "checkpoint:V1#27#binlog.000042:15473#0#0#*#0#0";

    private final MemoryArtifacts artifacts = new MemoryArtifacts();
    private final StubReplication dms = new StubReplication();
    private final InMemoryPorts ports = InMemoryPorts.builder().artifacts(artifacts).replication(dms)
            .databases(new Databases() {
                @Override public Database open(DatabaseRole role, MigrationConfig.Endpoint endpoint) {
                    return ScriptedDatabase.recording(role, "cutover-mysql-8.4-freeze");
                }

                @Override public Database open(DatabaseRole role, String secretId, MigrationConfig.Endpoint endpoint) {
                    return open(role, endpoint);
                }
            })
            .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    private final MigrationConfig config = Json.convert(Json.parse("""
            {"migrationId": "orders-prod", "source": {"secretId": "cutover/source"}, "target": {"secretId": "cutover/target"},
             "schemas": ["shop"]}"""), MigrationConfig.class);
    private final CutoverRequest request = new CutoverRequest(config, "5.4 Record the rollback position", "exec-1",
            "arn:aws:dms:eu-west-1:123456789012:task:ABC", "cutover-orders-prod", null);

    private void frozenAndDrained() {
        CutoverArtifacts store = new CutoverArtifacts(artifacts, config.migrationId());
        Marker marker = new Marker("drain:exec-1", NOW.minusSeconds(60));
        store.saveFreezeRecord(new FreezeRecord("orders-prod", "exec-1", "MySQL 8.4.3", "MYSQL", false, false, NOW.minusSeconds(61),
                Status.FROZEN, marker, new BinlogPosition("binlog.000042", 15473L, "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5232", null),
                List.of(), null));
        store.put("drain.json", new SourceFreeze.DrainEvidence(marker, PollDecision.done(3, "drained"), 4.0, null));
        dms.checkpoint = new Checkpoint(CHECKPOINT, null, null, "binlog.000042", 15473L);
        dms.sample = new CdcSample(NOW, null, null, 1200, 340, 15, 2, 0L);
    }

    @Test
    void recordsTheTaskStatusCheckpointCdcCountersAndTheSourceBinlogPosition() {
        frozenAndDrained();
        Recorded recorded = new RecordRollbackPositionHandler(ports).handle(request);

        assertThat(recorded.binlogFile()).isEqualTo("binlog.000042");
        assertThat(recorded.binlogPosition()).isEqualTo(15473L);
        assertThat(recorded.gtid()).isEqualTo("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5232");
        assertThat(recorded.positionMatchesFreeze()).isTrue();
        assertThat(recorded.dmsTaskStatus()).isEqualTo("running");
        assertThat(recorded.dmsRecoveryCheckpoint()).isEqualTo(CHECKPOINT);
        assertThat(List.of(recorded.cdcInserts(), recorded.cdcUpdates(), recorded.cdcDeletes(), recorded.cdcDdls()))
                .containsExactly(1200L, 340L, 15L, 2L);
        assertThat(recorded.summary()).contains("binlog.000042:15473").contains("DMS task cutover-orders-prod running")
                .contains(CHECKPOINT).contains("1200 inserts, 340 updates, 15 deletes, 2 DDL").doesNotContain("warning");

        RollbackPosition artifact = artifacts.getJson(recorded.artifactKey(), RollbackPosition.class).orElseThrow();
        assertThat(recorded.artifactKey()).isEqualTo("migrations/orders-prod/cutover/rollback-position.json");
        assertThat(artifact.recordedAt()).isEqualTo(NOW);
        assertThat(artifact.source().file()).isEqualTo("binlog.000042");
        assertThat(artifact.dms().taskId()).isEqualTo("cutover-orders-prod");
        assertThat(artifact.dms().status().status()).isEqualTo("running");
        assertThat(artifact.dms().checkpoint().sourceBinlogFile()).isEqualTo("binlog.000042");
        assertThat(artifact.dms().checkpoint().sourceBinlogPosition()).isEqualTo(15473L);
        assertThat(artifact.dms().cdc().inserts()).isEqualTo(1200);
        assertThat(artifact.warnings()).isEmpty();
    }

    @Test
    void aTaskThatIsNotRunningIsRecordedWithAWarning() {
        frozenAndDrained();
        dms.status = new TaskStatus("stopped", "Stop Reason FATAL_ERROR", "Error 1236 reading the binlog");
        Recorded recorded = new RecordRollbackPositionHandler(ports).handle(request);

        assertThat(recorded.dmsTaskStatus()).isEqualTo("stopped");
        assertThat(recorded.summary()).contains("1 warning(s)").contains("the DMS task is stopped, not running");
        RollbackPosition artifact = artifacts.getJson(recorded.artifactKey(), RollbackPosition.class).orElseThrow();
        assertThat(artifact.dms().status().lastFailureMessage()).isEqualTo("Error 1236 reading the binlog");
        assertThat(artifact.warnings()).singleElement().asString().contains("not running");
    }
}
