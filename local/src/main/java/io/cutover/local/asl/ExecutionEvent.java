package io.cutover.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of a local execution, as aws-local-stepfunctions reports it (StateEntered, StateExited,
 * StateFailed, StateRetried, StateCaught, Map/Parallel events, ExecutionStarted/Succeeded/Failed), with the history
 * count of its execution ({@link #historyEvents()}) and, for an event of a child execution, the child's name.
 */
public record ExecutionEvent(String type, String stateName, String stateType, JsonNode input, JsonNode output,
                             String error, String cause, long timestamp, JsonNode raw) {

    /** The child execution this event belongs to (its name), or null for the execution itself. */
    public String execution() {
        return raw != null && raw.hasNonNull("execution") ? raw.get("execution").asText() : null;
    }

    /** The history events of this event's execution once it was recorded (as Step Functions counts them). */
    public int historyEvents() {
        return raw == null ? 0 : raw.path("historyEvents").asInt();
    }

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
