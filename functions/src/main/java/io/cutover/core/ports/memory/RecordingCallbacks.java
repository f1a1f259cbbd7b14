package io.cutover.core.ports.memory;

import io.cutover.core.ports.TaskCallbacks;
import java.util.ArrayList;
import java.util.List;

/** Records task-token callbacks instead of sending them. */
public final class RecordingCallbacks implements TaskCallbacks {
    public record Callback(String kind, String taskToken, String outputOrError, String cause) {}

    private final List<Callback> calls = new ArrayList<>();

    @Override
    public synchronized void succeed(String taskToken, String outputJson) {
        calls.add(new Callback("success", taskToken, outputJson, null));
    }

    @Override
    public synchronized void fail(String taskToken, String error, String cause) {
        calls.add(new Callback("failure", taskToken, error, cause));
    }

    @Override
    public synchronized void heartbeat(String taskToken) {
        calls.add(new Callback("heartbeat", taskToken, null, null));
    }

    public synchronized List<Callback> calls() {
        return List.copyOf(calls);
    }
}
