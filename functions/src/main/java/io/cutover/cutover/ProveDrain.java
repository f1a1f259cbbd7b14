package io.cutover.cutover;

import io.cutover.core.Heartbeat;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.error.SafetyCheckFailedException;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.replication.CdcLagMetric;

/**
 * "5.2 Prove that CDC drained" (a poll): reads the freeze's marker, looks for it on the target, samples DMS, and
 * decides with {@link DrainProof}. The poll's memory (previous sample, hold start) and the evidence live in the
 * artifacts ({@code cutover/drain.json}). The sample's lag goes to the dashboard ({@code CdcLagSeconds}) as in the
 * catch-up poll.
 */
public final class ProveDrain {
    /** The evidence artifact ({@code cutover/drain.json}): the marker, the last decision and the poll's memory. */
    public record DrainEvidence(FreezeRecord.Marker marker, PollDecision decision, Double drainSeconds, DrainProof.State state) {}

    private final Ports ports;

    public ProveDrain(Ports ports) {
        this.ports = ports;
    }

    public PollDecision poll(CutoverRequest input) {
        var config = input.config();
        CutoverArtifacts store = new CutoverArtifacts(ports.artifacts(), config.migrationId());
        FreezeRecord record = store.freezeRecord()
                .filter(r -> r.status() == FreezeRecord.Status.FROZEN && r.marker() != null)
                .orElseThrow(() -> new SafetyCheckFailedException("no frozen source with a drain marker is recorded for "
                        + config.migrationId() + ": run the freeze first"));
        DrainProof.State previous = store.get("drain.json", DrainEvidence.class).map(DrainEvidence::state).orElse(null);
        CdcSample sample = ports.replication().cdcSample(input.task());
        CdcLagMetric.publish(ports.metrics(), config.migrationId(), sample);
        boolean visible;
        try (Database target = ports.databases().open(DatabaseRole.TARGET, config.target())) {
            visible = !target.query("SELECT marker_id FROM " + Heartbeat.qualifiedName() + " WHERE marker_id = ?",
                    record.marker().markerId()).isEmpty();
        }
        DrainProof.Result result = new DrainProof(config.cutover()).decide(input.attempt(), record.marker(), previous, sample,
                visible, ports.clock().instant());
        store.put("drain.json", new DrainEvidence(record.marker(), result.decision(), result.drainSeconds(), result.state()));
        return result.decision();
    }
}
