package io.cutover.cutover;

import io.cutover.core.catalog.BinlogPosition;
import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.replication.ReplicationPosition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * "5.4 Record the rollback position", before the task is stopped: the source's binlog file / position / GTID state
 * now (frozen, drained), where the DMS task is ({@link ReplicationPosition}: status, recovery checkpoint, CDC
 * counters), and the evidence they rest on (freeze record, drain proof, validation reports) in one artifact,
 * {@code cutover/rollback-position.json}. A reverse replication or a manual fallback starts from here.
 */
public class RecordRollbackPositionHandler extends TaskHandler<CutoverRequest, RecordRollbackPositionHandler.Recorded> {

    /** The artifact. */
    public record RollbackPosition(String migrationId, Instant recordedAt, String server, BinlogPosition source,
                                   ReplicationPosition dms, FreezeRecord freeze, ProveDrainHandler.DrainEvidence drain,
                                   List<String> validationReportKeys, List<String> warnings) {}

    /**
     * The handler's result. The state machine selects only {@code positionMatchesFreeze}, {@code artifactKey} and
     * {@code summary} (always set): a selector naming a field that can be null fails the execution.
     */
    public record Recorded(String binlogFile, Long binlogPosition, String gtid, String dmsTaskStatus, String dmsRecoveryCheckpoint,
                           long cdcInserts, long cdcUpdates, long cdcDeletes, long cdcDdls,
                           boolean positionMatchesFreeze, @NonNull String artifactKey, @NonNull String summary) {}

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
        ReplicationPosition dms = ReplicationPosition.read(ports.replication(), input.task());
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
        if (!"running".equals(dms.taskStatus())) {
            warnings.add("the DMS task is " + dms.taskStatus() + ", not running: its checkpoint and counters are where it "
                    + "stopped, which may be before the freeze");
        }
        String key = store.put("rollback-position.json", new RollbackPosition(config.migrationId(), ports.clock().instant(), server,
                position, dms, freeze.orElse(null), drain.orElse(null), reports, warnings));
        String gtid = position.gtidExecuted() != null ? position.gtidExecuted() : position.gtidBinlogPos();
        String summary = "rollback position " + position.describe() + "; " + dms.describe()
                + (warnings.isEmpty() ? "" : "; " + warnings.size() + " warning(s): " + String.join(" | ", warnings));
        CdcSample cdc = dms.cdc();
        return new Recorded(position.file(), position.position(), gtid, dms.taskStatus(), dms.recoveryCheckpoint(),
                cdc == null ? 0 : cdc.inserts(), cdc == null ? 0 : cdc.updates(), cdc == null ? 0 : cdc.deletes(),
                cdc == null ? 0 : cdc.ddls(), matches, key, summary);
    }
}
