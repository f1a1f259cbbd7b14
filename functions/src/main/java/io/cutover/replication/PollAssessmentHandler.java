package io.cutover.replication;

import io.cutover.core.handler.Inputs;
import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Ports;
import io.cutover.replication.AssessmentDecision.Finding;
import io.cutover.core.ports.Replication.TaskRef;
import java.util.List;

/**
 * Polls the assessment run: FAILED items block (decision FAILED naming them), WARNING items are listed and the
 * migration goes on. The whole result goes to the artifacts store once the run has finished.
 */
public class PollAssessmentHandler extends TaskHandler<PollAssessmentHandler.Input, PollAssessmentHandler.Result> {
    static final int MAX_LISTED = 20;

    public record Input(MigrationConfig config, TaskRef task, int attempt) {}

    public record Result(@NonNull PollDecision decision, @NonNull List<Finding> blocking, @NonNull List<Finding> warnings, int passed, int total,
                         String resultsKey) {}

    public PollAssessmentHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public PollAssessmentHandler(Ports ports) {
        super(Input.class, ports);
    }

    @Override
    protected Result handle(Input input) {
        TaskRef task = Inputs.required(input.task(), "$.task", "the task of the create-task step");
        ReplicationPolls.Assessment a = new ReplicationPolls(ports).assessment(input.config(), task, input.attempt());
        AssessmentDecision.Outcome outcome = a.outcome();
        return new Result(outcome.decision(), outcome.blocking().stream().limit(MAX_LISTED).toList(),
                outcome.warnings().stream().limit(MAX_LISTED).toList(), outcome.passed(), outcome.total(), a.resultsKey());
    }
}
