package io.cutover.replication;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.aws.DmsIds;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.Inputs;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.AssessmentSpec;
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
        MigrationConfig.Assessment assessment = input.config().dms().assessment();
        if (!assessment.enabled()) {
            return new Result(true, null);
        }
        TaskRef task = Inputs.required(input.task(), "$.task", "the task of the create-task step");
        String runName = DmsIds.assessmentRunName(input.config().migrationId(), input.executionName());
        ports.replication().startAssessment(task, new AssessmentSpec(assessment.resultsBucket(), assessment.serviceRoleArn(), runName));
        return new Result(false, runName);
    }
}
