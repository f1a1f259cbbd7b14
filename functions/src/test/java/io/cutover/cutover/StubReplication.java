package io.cutover.cutover;

import io.cutover.core.ports.Replication;
import java.util.List;

/** The DMS port as the cutover phase reads it (status, checkpoint, CDC samples), answering what the test sets. */
class StubReplication implements Replication {
    TaskStatus status = new TaskStatus("running", null, null);
    Checkpoint checkpoint;
    CdcSample sample;

    @Override public TaskStatus status(TaskRef task) { return status; }
    @Override public Checkpoint checkpoint(TaskRef task) { return checkpoint; }
    @Override public CdcSample cdcSample(TaskRef task) { return sample; }

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
