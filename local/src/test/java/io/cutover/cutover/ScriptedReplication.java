package io.cutover.cutover;

import io.cutover.replication.Replication;
import java.util.List;
import java.util.function.Supplier;

/**
 * A stand-in for the DMS port with only what the cutover phase uses: CDC samples (scripted by the test, e.g. from
 * real row counts), the checkpoint and a running status. The real adapters are written in parallel; everything database-side in the
 * tests is real.
 */
final class ScriptedReplication implements Replication {
    private final Supplier<CdcSample> samples;
    private final Checkpoint checkpoint;
    int samplesTaken;

    ScriptedReplication(Supplier<CdcSample> samples, Checkpoint checkpoint) {
        this.samples = samples;
        this.checkpoint = checkpoint;
    }

    @Override public CdcSample cdcSample(TaskRef task) {
        samplesTaken++;
        return samples.get();
    }

    @Override public Checkpoint checkpoint(TaskRef task) {
        return checkpoint;
    }

    /** The task replicates until the cutover point (these tests never stop it). */
    @Override public TaskStatus status(TaskRef task) {
        return new TaskStatus("running", null, null);
    }

    @Override public EndpointPair ensureEndpoints(EndpointSpec spec) { throw new UnsupportedOperationException(); }
    @Override public void setTargetInitStatements(String targetEndpointArn, String initStatements) { throw new UnsupportedOperationException(); }
    @Override public void startConnectionTests(String arn, EndpointPair endpoints) { throw new UnsupportedOperationException(); }
    @Override public List<ConnectionStatus> connectionStatus(String arn, EndpointPair endpoints) { throw new UnsupportedOperationException(); }
    @Override public TaskRef ensureTask(TaskDefinition definition) { throw new UnsupportedOperationException(); }
    @Override public void startAssessment(TaskRef task, AssessmentSpec spec) { throw new UnsupportedOperationException(); }
    @Override public AssessmentStatus assessment(TaskRef task) { throw new UnsupportedOperationException(); }
    @Override public void start(TaskRef task, StartMode mode) { throw new UnsupportedOperationException(); }
    @Override public TaskProgress progress(TaskRef task) { throw new UnsupportedOperationException(); }
    @Override public void stop(TaskRef task) { throw new UnsupportedOperationException(); }
}
