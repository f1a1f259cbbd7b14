package io.cutover.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** How a local execution ended, with every event in order. */
public record ExecutionResult(String status, JsonNode output, String error, String cause, List<ExecutionEvent> events) {

    public boolean succeeded() {
        return "SUCCEEDED".equals(status);
    }

    /** The names of the states entered, in order (repeated for loops and retries of a state machine). */
    public List<String> statesEntered() {
        return events.stream().filter(e -> "StateEntered".equals(e.type())).map(ExecutionEvent::stateName).toList();
    }

    public List<ExecutionEvent> eventsOfType(String type) {
        return events.stream().filter(e -> type.equals(e.type())).toList();
    }

    @Override
    public String toString() {
        return "ExecutionResult[" + status + (error != null ? ", " + error + ": " + cause : "") + ", states=" + statesEntered() + "]";
    }
}
