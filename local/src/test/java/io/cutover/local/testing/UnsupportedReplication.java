package io.cutover.local.testing;

import io.cutover.core.ports.Replication;
import java.util.List;

/**
 * A DMS port whose every call fails. Test doubles extend it and override only the calls their test expects, so
 * that a call the test did not plan for fails at once, naming the call, instead of answering something made up.
 */
public abstract class UnsupportedReplication implements Replication {

    private static UnsupportedOperationException unexpected(String call) {
        return new UnsupportedOperationException("this test double does not answer " + call);
    }

    @Override public EndpointPair ensureEndpoints(EndpointSpec spec) { throw unexpected("ensureEndpoints"); }
    @Override public void setTargetInitStatements(String targetEndpointArn, String initStatements) { throw unexpected("setTargetInitStatements"); }
    @Override public void startConnectionTests(String arn, EndpointPair endpoints) { throw unexpected("startConnectionTests"); }
    @Override public List<ConnectionStatus> connectionStatus(String arn, EndpointPair endpoints) { throw unexpected("connectionStatus"); }
    @Override public TaskRef ensureTask(TaskDefinition definition) { throw unexpected("ensureTask"); }
    @Override public void startAssessment(TaskRef task, AssessmentSpec spec) { throw unexpected("startAssessment"); }
    @Override public AssessmentStatus assessment(TaskRef task) { throw unexpected("assessment"); }
    @Override public void start(TaskRef task, StartMode mode) { throw unexpected("start"); }
    @Override public TaskProgress progress(TaskRef task) { throw unexpected("progress"); }
    @Override public CdcSample cdcSample(TaskRef task) { throw unexpected("cdcSample"); }
    @Override public void stop(TaskRef task) { throw unexpected("stop"); }
    @Override public Checkpoint checkpoint(TaskRef task) { throw unexpected("checkpoint"); }
}
