package io.cutover.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of a local execution, as aws-local-stepfunctions reports it (StateEntered, StateExited,
 * StateFailed, StateRetried, StateCaught, Map/Parallel events, ExecutionStarted/Succeeded/Failed).
 */
public record ExecutionEvent(String type, String stateName, String stateType, JsonNode input, JsonNode output,
                             String error, String cause, long timestamp, JsonNode raw) {

    static ExecutionEvent of(JsonNode raw) {
        JsonNode state = raw.path("state");
        return new ExecutionEvent(
                raw.path("type").asText(),
                state.path("name").isMissingNode() ? null : state.path("name").asText(),
                state.path("type").isMissingNode() ? null : state.path("type").asText(),
                state.has("input") ? state.get("input") : raw.get("input"),
                state.has("output") ? state.get("output") : raw.get("output"),
                raw.has("Error") ? raw.get("Error").asText() : null,
                raw.has("Cause") ? raw.get("Cause").asText() : null,
                raw.path("timestamp").asLong(),
                raw);
    }
}
