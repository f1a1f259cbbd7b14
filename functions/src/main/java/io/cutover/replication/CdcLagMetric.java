package io.cutover.replication;

import io.cutover.core.ports.CutoverMetrics;
import io.cutover.core.ports.Metrics;
import io.cutover.core.ports.Replication.CdcSample;
import java.util.Map;

/**
 * Publishes the lag of a CDC sample as {@link CutoverMetrics#CDC_LAG_SECONDS} (the dashboard's "Cutover lag"): the
 * lag {@link CdcLagDecision} judges, so the graph shows what the state machine waits on. Nothing is published while
 * DMS reports no latency (idle, or CDC not started): a gap in the graph means unknown, never 0.
 */
public final class CdcLagMetric {
    private CdcLagMetric() {}

    public static void publish(Metrics metrics, String migrationId, CdcSample sample) {
        Double lag = CdcLagDecision.lagSeconds(sample);
        if (lag != null) {
            metrics.publish(CutoverMetrics.dimensions(migrationId), Map.of(CutoverMetrics.CDC_LAG_SECONDS, lag));
        }
    }
}
