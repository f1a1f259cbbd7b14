package io.cutover.cutover;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.CdcSample;

/** "5.4 Record the rollback position", before the task is stopped: {@link SourceFreeze#recordRollbackPosition}. */
public class RecordRollbackPositionHandler extends TaskHandler<CutoverRequest, RecordRollbackPositionHandler.Recorded> {

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
        SourceFreeze.Recorded r = new SourceFreeze(ports).recordRollbackPosition(input);
        CdcSample cdc = r.dms().cdc();
        return new Recorded(r.position().file(), r.position().position(), r.gtid(), r.dms().taskStatus(), r.dms().recoveryCheckpoint(),
                cdc == null ? 0 : cdc.inserts(), cdc == null ? 0 : cdc.updates(), cdc == null ? 0 : cdc.deletes(),
                cdc == null ? 0 : cdc.ddls(), r.positionMatchesFreeze(), r.artifactKey(), r.describe());
    }
}
