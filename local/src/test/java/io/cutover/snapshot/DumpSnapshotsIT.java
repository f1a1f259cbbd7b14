package io.cutover.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.db.DatabaseRole;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Snapshots;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.snapshot.DumpSnapshots;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The rehearsal's snapshot: a consistent dump of the target, driven by the same handlers as the RDS one. */
@ExtendWith(DatabaseServers.class)
class DumpSnapshotsIT {

    @Test
    void theHandlersDumpTheTargetOnceAndReportItAvailable(TestDatabases db, @TempDir Path dir) throws Exception {
        String schema = TestDatabases.newSchema("snap");
        db.target().execute("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO " + schema + ".t VALUES (1, 'one'), (2, 'two')");
        DumpSnapshots snapshots = new DumpSnapshots(dir, db.secrets(), DatabasePair.secretId(DatabaseRole.TARGET, "cutover"), Clock.systemUTC());
        InMemoryPorts ports = db.ports().snapshots(snapshots).build();
        var config = db.config("snap-it", List.of(schema));

        var started = new CreateSnapshotHandler(ports).handle(new SnapshotRequestPayload(config, "7", "e", null));
        assertThat(started.created()).isTrue();
        assertThat(started.status()).isEqualTo("available");
        Path dump = Path.of(started.location()).resolve("dump.sql");
        String sql = Files.readString(dump);
        assertThat(sql).contains("CREATE TABLE `t`").contains("(1,'one')").contains("(2,'two')");
        assertThat(Files.list(Path.of(started.location()))).noneMatch(p -> p.getFileName().toString().endsWith(".cnf"));
        assertThat(sql).doesNotContain(db.pair().password(DatabaseRole.TARGET, "cutover"));

        var again = new CreateSnapshotHandler(ports).handle(new SnapshotRequestPayload(config, "7", "e", null));
        assertThat(again.created()).isFalse();
        assertThat(Files.getLastModifiedTime(dump)).isEqualTo(Files.getLastModifiedTime(Path.of(again.location()).resolve("dump.sql")));

        PollDecision poll = new PollSnapshotHandler(ports).handle(new SnapshotRequestPayload(config, "7", "e", null));
        assertThat(poll.outcome()).isEqualTo(PollDecision.Outcome.DONE);
        assertThat(snapshots.describe("local-target", "no-such-snapshot")).isEmpty();
    }

    @Test
    void aFailedDumpIsReportedFailed(TestDatabases db, @TempDir Path dir) {
        DumpSnapshots snapshots = new DumpSnapshots(dir, db.secrets(), DatabasePair.secretId(DatabaseRole.TARGET, "app"), Clock.systemUTC());
        var status = snapshots.create(new Snapshots.SnapshotRequest("local-target", "cutover-snap-fail-pre-switch", List.of("no_such_schema_x"), null));
        assertThat(status.isFailed()).isTrue();
        assertThat(status.failureReason()).contains("no_such_schema_x");
        var poll = new PollSnapshotHandler(db.ports().snapshots(snapshots).build())
                .handle(new SnapshotRequestPayload(db.config("snap-fail", List.of("no_such_schema_x")), "7", "e", null));
        assertThat(poll.outcome()).isEqualTo(PollDecision.Outcome.FAILED);
    }
}
