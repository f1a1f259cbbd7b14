package io.cutover.core.ports;

import java.util.Map;

/** Metrics for dashboards and alarms (CloudWatch EMF in AWS, recorded in memory in the rehearsal). */
public interface Metrics {
    /** Publishes {@code values} (name → count) under {@code dimensions} (e.g. MigrationId → orders). */
    void publish(Map<String, String> dimensions, Map<String, Double> values);
}
