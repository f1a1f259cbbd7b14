package io.cutover.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.ports.CutoverMetrics;
import io.cutover.core.ports.memory.RecordingMetrics;
import io.cutover.core.ports.Replication.CdcSample;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lag a CDC poll publishes for the dashboard: what the decision judges, and nothing when it is unknown. */
class CdcLagMetricTest {
    private static final Instant AT = Instant.parse("2026-11-24T02:00:00Z");
    private final RecordingMetrics metrics = new RecordingMetrics();

    @Test
    void theLargerOfSourceAndTargetLatencyUnderTheMigrationId() {
        CdcLagMetric.publish(metrics, "orders-prod", new CdcSample(AT, 4.0, 2.5, 10, 0, 0, 0, 0L));
        assertThat(metrics.published()).singleElement().satisfies(m -> {
            assertThat(m.dimensions()).isEqualTo(Map.of(CutoverMetrics.DIMENSION, "orders-prod"));
            assertThat(m.values()).isEqualTo(Map.of(CutoverMetrics.CDC_LAG_SECONDS, 4.0));
        });
    }

    @Test
    void anUnknownLatencyIsNotPublishedAsZero() {
        CdcLagMetric.publish(metrics, "orders-prod", new CdcSample(AT, null, null, 10, 0, 0, 0, null));
        CdcLagMetric.publish(metrics, "orders-prod", new CdcSample(AT, 0.0, null, 10, 0, 0, 0, null));
        assertThat(metrics.published()).isEmpty();
    }
}
