package io.cutover.cutover;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.replication.Replication.Checkpoint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * "5.4 Record the rollback position": the source's binlog file / position / GTID state now (frozen, drained), the
 * DMS checkpoint, and the evidence they rest on (freeze record, drain proof, validation reports) in one artifact,
 * {@code cutover/rollback-position.json}. A reverse replication or a manual fallback starts from here.
 */
public class RecordRollbackPositionHandler extends TaskHandler<CutoverRequest, RecordRollbackPositionHandler.Recorded> {

    /** The artifact. */
    public record RollbackPosition(String migrationId, Instant recordedAt, String server, BinlogPosition source,
                                   Checkpoint dmsCheckpoint, FreezeRecord freeze, ProveDrainHandler.DrainEvidence drain,
                                   List<String> validationReportKeys, List<String> warnings) {}

    /** The state's view. */
    public record Recorded(String binlogFile, Long binlogPosition, String gtid, String dmsRecoveryCheckpoint,
                           boolean positionMatchesFreeze, String artifactKey, String summary) {}

    public RecordRollbackPositionHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public RecordRollbackPositionHandler(Ports ports) {
        super(CutoverRequest.class, ports);
    }

    @Override
    public Recorded handle(CutoverRequest input) {
        var config = input.config();
        CutoverArtifacts store = new CutoverArtifacts(ports.artifacts(), config.migrationId());
        BinlogPosition position;
        String server;
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source())) {
            position = BinlogPosition.read(source);
            server = source.server().describe();
        }
        Checkpoint checkpoint = ports.replication().checkpoint(input.task());
        Optional<FreezeRecord> freeze = store.freezeRecord();
        Optional<ProveDrainHandler.DrainEvidence> drain = store.get("drain.json", ProveDrainHandler.DrainEvidence.class);
        List<String> reports = List.of(io.cutover.cutover.validation.ValidationKeys.reportKey(config.migrationId(), "pre-freeze"),
                io.cutover.cutover.validation.ValidationKeys.reportKey(config.migrationId(), "post-freeze"))
                .stream().filter(k -> ports.artifacts().get(k).isPresent()).toList();
        java.util.ArrayList<String> warnings = new java.util.ArrayList<>();
        BinlogPosition frozenAt = freeze.map(FreezeRecord::freezePosition).orElse(null);
        boolean matches = frozenAt != null && frozenAt.file() != null && frozenAt.file().equals(position.file())
                && frozenAt.position().equals(position.position());
        if (frozenAt == null) {
            warnings.add("no freeze is recorded: this position is not a frozen point");
        } else if (!matches) {
            warnings.add("the source binlog moved from " + frozenAt.describe() + " (freeze) to " + position.describe()
                    + ": something wrote after the freeze (an account that can still write, a scheduled event, or the RDS "
                    + "heartbeat); check the binlog between the two positions");
        }
        if (drain.isEmpty() || drain.get().decision().outcome() != io.cutover.core.poll.PollDecision.Outcome.DONE) {
            warnings.add("the drain was not proven before this position was recorded");
        }
        String key = store.put("rollback-position.json", new RollbackPosition(config.migrationId(), ports.clock().instant(), server,
                position, checkpoint, freeze.orElse(null), drain.orElse(null), reports, warnings));
        String gtid = position.gtidExecuted() != null ? position.gtidExecuted() : position.gtidBinlogPos();
        String summary = "rollback position " + position.describe() + "; DMS checkpoint "
                + (checkpoint == null ? "unknown" : checkpoint.recoveryCheckpoint())
                + (warnings.isEmpty() ? "" : "; " + warnings.size() + " warning(s): " + String.join(" | ", warnings));
        return new Recorded(position.file(), position.position(), gtid, checkpoint == null ? null : checkpoint.recoveryCheckpoint(),
                matches, key, summary);
    }
}
