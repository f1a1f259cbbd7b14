package io.cutover.core.aws;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publishes through {@link EmfMetrics} as a Lambda function does, in a JVM of its own: {@link EmfMetricsTest} starts
 * it with the environment Powertools reads once per process (metrics enabled, Lambda's function name, namespace,
 * service), which a test cannot change inside the surefire JVM. Publishes twice, with other dimensions the second
 * time: each publication must stand alone.
 */
public final class EmfMetricsProbe {
    private EmfMetricsProbe() {}

    public static void main(String[] args) {
        EmfMetrics metrics = new EmfMetrics();
        Map<String, Double> first = new LinkedHashMap<>();
        first.put("ReadinessBlockers", 2.0);
        first.put("ReadinessWarnings", 5.0);
        metrics.publish(Map.of("MigrationId", "orders-eu"), first);
        metrics.publish(Map.of("MigrationId", "billing"), Map.of("ReadinessBlockers", 0.0));
    }
}
