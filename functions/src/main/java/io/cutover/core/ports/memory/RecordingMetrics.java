package io.cutover.core.ports.memory;

import io.cutover.core.ports.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Keeps every published metric set. */
public final class RecordingMetrics implements Metrics {
    public record Published(Map<String, String> dimensions, Map<String, Double> values) {}

    private final List<Published> published = new ArrayList<>();

    @Override
    public synchronized void publish(Map<String, String> dimensions, Map<String, Double> values) {
        published.add(new Published(Map.copyOf(dimensions), Map.copyOf(values)));
    }

    public synchronized List<Published> published() {
        return List.copyOf(published);
    }
}
