package io.cutover.cutover;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Replication.TaskRef;

/**
 * The payload of the cutover-phase Lambdas (freeze, drain, rollback position, rollback window, unfreeze).
 * {@code taskArn} / {@code taskId} name the DMS task (drain proof, rollback position); {@code poll} is the previous
 * decision of a polling state (null on its first call).
 */
public record CutoverRequest(MigrationConfig config, String stateName, String executionName, String taskArn, String taskId,
                             PollDecision poll) {

    TaskRef task() {
        if (taskArn == null && taskId == null) {
            throw new io.cutover.core.error.InputValidationException(java.util.List.of(
                    new io.cutover.core.error.InputValidationException.FieldError("$.taskArn", "the DMS task is required here")));
        }
        return new TaskRef(taskArn, taskId, false);
    }

    int attempt() {
        return poll == null ? 1 : poll.attempt() + 1;
    }

    String execution() {
        return executionName == null || executionName.isBlank() ? "manual" : executionName;
    }
}
