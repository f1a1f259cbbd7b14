package io.cutover.cutover;

import io.cutover.core.db.BinlogPosition;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Ports;
import io.cutover.cutover.validation.ValidationKeys;
import io.cutover.replication.ReplicationPosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * "5.4 Record the rollback position", before the task is stopped: the source's binlog file / position / GTID state
 * now (frozen, drained), where the DMS task is ({@link ReplicationPosition}: status, recovery checkpoint, CDC
 * counters), and the evidence they rest on (freeze record, drain proof, validation reports) in one artifact,
 * {@code cutover/rollback-position.json}. A reverse replication or a manual fallback starts from here. What does not
 * hold (the position moved since the freeze, the drain was not proven, the task is not running) is a warning in it.
 */
public final class RecordRollbackPosition {
    /** The artifact. */
    public record RollbackPosition(String migrationId, Instant recordedAt, String server, BinlogPosition source,
                                   ReplicationPosition dms, FreezeRecord freeze, ProveDrain.DrainEvidence drain,
                                   List<String> validationReportKeys, List<String> warnings) {}

    /** What was recorded, and where; {@link #describe()} is the state's summary. */
    public record Recorded(BinlogPosition position, ReplicationPosition dms, boolean positionMatchesFreeze, String artifactKey,
                           List<String> warnings) {
        /** The GTID state: gtid_executed (MySQL), else gtid_binlog_pos (MariaDB). */
        public String gtid() {
            return position.gtidExecuted() != null ? position.gtidExecuted() : position.gtidBinlogPos();
        }

        public String describe() {
            return "rollback position " + position.describe() + "; " + dms.describe()
                    + (warnings.isEmpty() ? "" : "; " + warnings.size() + " warning(s): " + String.join(" | ", warnings));
        }
    }

    private final Ports ports;

    public RecordRollbackPosition(Ports ports) {
        this.ports = ports;
    }

    public Recorded record(CutoverRequest input) {
        var config = input.config();
        CutoverArtifacts store = new CutoverArtifacts(ports.artifacts(), config.migrationId());
        BinlogPosition position;
        String server;
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source())) {
            position = BinlogPosition.read(source);
            server = source.server().describe();
        }
        ReplicationPosition dms = ReplicationPosition.read(ports.replication(), input.task());
        Optional<FreezeRecord> freeze = store.freezeRecord();
        Optional<ProveDrain.DrainEvidence> drain = store.get("drain.json", ProveDrain.DrainEvidence.class);
        List<String> reports = List.of(ValidationKeys.reportKey(config.migrationId(), "pre-freeze"),
                ValidationKeys.reportKey(config.migrationId(), "post-freeze"))
                .stream().filter(k -> ports.artifacts().get(k).isPresent()).toList();
        BinlogPosition frozenAt = freeze.map(FreezeRecord::freezePosition).orElse(null);
        boolean matches = frozenAt != null && frozenAt.file() != null && frozenAt.file().equals(position.file())
                && frozenAt.position().equals(position.position());
        List<String> warnings = warnings(frozenAt, position, matches, drain, dms);
        String key = store.put("rollback-position.json", new RollbackPosition(config.migrationId(), ports.clock().instant(), server,
                position, dms, freeze.orElse(null), drain.orElse(null), reports, warnings));
        return new Recorded(position, dms, matches, key, warnings);
    }

    private static List<String> warnings(BinlogPosition frozenAt, BinlogPosition position, boolean matches,
                                         Optional<ProveDrain.DrainEvidence> drain, ReplicationPosition dms) {
        List<String> warnings = new ArrayList<>();
        if (frozenAt == null) {
            warnings.add("no freeze is recorded: this position is not a frozen point");
        } else if (!matches) {
            warnings.add("the source binlog moved from " + frozenAt.describe() + " (freeze) to " + position.describe()
                    + ": something wrote after the freeze (an account that can still write, a scheduled event, or the RDS "
                    + "heartbeat); check the binlog between the two positions");
        }
        if (drain.isEmpty() || drain.get().decision().outcome() != PollDecision.Outcome.DONE) {
            warnings.add("the drain was not proven before this position was recorded");
        }
        if (!"running".equals(dms.taskStatus())) {
            warnings.add("the DMS task is " + dms.taskStatus() + ", not running: its checkpoint and counters are where it "
                    + "stopped, which may be before the freeze");
        }
        return warnings;
    }
}
