package io.cutover.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * How a local execution ended, with every event in order (a child execution's events too, marked with its name),
 * the number of history events it recorded as Step Functions counts them ({@code historyEvents}, at most 25,000) and
 * the child executions it started, each with its own count.
 */
public record ExecutionResult(String status, JsonNode output, String error, String cause, List<ExecutionEvent> events,
                              int historyEvents, List<ChildExecution> childExecutions) {

    /** A child execution (startExecution.sync:2): its own history, its own 25,000 events. */
    public record ChildExecution(String name, String stateMachine, String parentState, String status, int historyEvents) {}

    public ExecutionResult(String status, JsonNode output, String error, String cause, List<ExecutionEvent> events) {
        this(status, output, error, cause, events, 0, List.of());
    }

    public boolean succeeded() {
        return "SUCCEEDED".equals(status);
    }

    /** The largest history among this execution and its children. */
    public int largestHistory() {
        return Math.max(historyEvents, childExecutions.stream().mapToInt(ChildExecution::historyEvents).max().orElse(0));
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
