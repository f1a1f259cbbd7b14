package io.cutover.replication;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.TaskRef;

/**
 * "3.5 Start pre-migration assessment": starts a run named after the migration and the execution (a redrive finds its
 * run again). Skipped when {@code config.dms.assessment.enabled} is false.
 */
public class StartAssessmentHandler extends TaskHandler<StartAssessmentHandler.Input, StartAssessmentHandler.Result> {

    public record Input(MigrationConfig config, TaskRef task, String executionName) {}

    public record Result(boolean skipped, String runName) {}

    public StartAssessmentHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public StartAssessmentHandler(Ports ports) {
        super(Input.class, ports);
    }

    @Override
    protected Result handle(Input input) {
        ReplicationSetup.AssessmentStart s = new ReplicationSetup(ports).startAssessment(input.config(), input.task(), input.executionName());
        return new Result(s.skipped(), s.runName());
    }
}
