package io.cutover.core.ports;

import java.util.List;
import java.util.Map;

/**
 * Cutover's own CloudWatch metrics: the one list of names the functions publish through {@link Metrics} and
 * template.yaml's dashboard graphs ({@code DashboardMetricsTest} in local/ fails when the dashboard names a metric,
 * namespace or dimension that is not here). Every metric is published under the single dimension
 * {@value #DIMENSION} (the dashboard's {@code SEARCH('{Cutover,MigrationId} …')} matches exactly that dimension set).
 */
public final class CutoverMetrics {
    /** POWERTOOLS_METRICS_NAMESPACE in template.yaml's Globals (EmfMetrics reads it from the environment). */
    public static final String NAMESPACE = "Cutover";
    public static final String DIMENSION = "MigrationId";

    /** DMS's CDC lag as Cutover judges it: the larger of CDCLatencySource and CDCLatencyTarget (CDC polls). */
    public static final String CDC_LAG_SECONDS = "CdcLagSeconds";
    /** Tables of a validation pass whose counts and checksums match / differ (the pass's verdict). */
    public static final String VALIDATION_TABLES_MATCHED = "ValidationTablesMatched";
    public static final String VALIDATION_TABLES_MISMATCHED = "ValidationTablesMismatched";
    /** Blockers and warnings of a readiness run. */
    public static final String READINESS_BLOCKERS = "ReadinessBlockers";
    public static final String READINESS_WARNINGS = "ReadinessWarnings";

    /** Every metric name the functions publish. */
    public static final List<String> PUBLISHED = List.of(CDC_LAG_SECONDS, VALIDATION_TABLES_MATCHED,
            VALIDATION_TABLES_MISMATCHED, READINESS_BLOCKERS, READINESS_WARNINGS);

    private CutoverMetrics() {}

    /** The dimensions every Cutover metric carries. */
    public static Map<String, String> dimensions(String migrationId) {
        return Map.of(DIMENSION, migrationId);
    }
}
