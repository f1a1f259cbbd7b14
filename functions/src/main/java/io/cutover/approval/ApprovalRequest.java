package io.cutover.approval;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.ports.approval.Gate;

/**
 * The payload of the request-approval task ({@code lambda:invoke.waitForTaskToken}).
 *
 * @param taskToken {@code "taskToken.$": "$$.Task.Token"}: stored server side, never shown
 * @param gate      FREEZE or CUTOVER
 * @param evidence  what the approver needs to see, an object of sections (readiness, lag, drain, validation,
 *                  rowCounts, or anything else): every field is shown, values as text
 */
public record ApprovalRequest(
        MigrationConfig config,
        String stateName,
        String executionName,
        String taskToken,
        Gate gate,
        JsonNode evidence) {

    @Override
    public String toString() {
        return "ApprovalRequest[" + gate + ", migration " + (config == null ? null : config.migrationId())
                + ", state " + stateName + ", execution " + executionName + ", taskToken hidden]";
    }
}
