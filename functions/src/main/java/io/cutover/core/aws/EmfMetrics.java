package io.cutover.core.aws;

import io.cutover.core.ports.Metrics;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * CloudWatch metrics through Powertools' embedded metric format (a structured log line, no API call).
 * Namespace and service come from POWERTOOLS_METRICS_NAMESPACE / POWERTOOLS_SERVICE_NAME.
 */
public final class EmfMetrics implements Metrics {
    @Override
    public void publish(Map<String, String> dimensions, Map<String, Double> values) {
        MetricsFactory.getMetricsInstance().flushMetrics(m -> {
            m.addDimension(DimensionSet.of(dimensions));
            values.forEach((name, value) -> m.addMetric(name, value, MetricUnit.COUNT));
        });
    }
}
