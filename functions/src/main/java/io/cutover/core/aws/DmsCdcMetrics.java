package io.cutover.core.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * A DMS task's CDC latency and backlog as CloudWatch has them (namespace AWS/DMS, metrics CDCLatencySource,
 * CDCLatencyTarget, CDCIncomingChanges, dimensions ReplicationInstanceIdentifier + ReplicationTaskIdentifier:
 * https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Monitoring.html). They are not
 * fields of DescribeReplicationTasks. One GetMetricData call reads the three; a metric without a datapoint in the
 * last five minutes is unknown (null), never 0. The task dimension is the task's resource id (the end of its ARN); a
 * SEARCH expression finds the series without needing the replication instance's name.
 */
public final class DmsCdcMetrics {
    static final Duration WINDOW = Duration.ofMinutes(5);

    /** Seconds and changes; null when CloudWatch has no datapoint in the window. */
    public record Latest(Double sourceLatencySeconds, Double targetLatencySeconds, Long incomingChanges) {}

    private final CloudWatchClient cloudWatch;
    private final Clock clock;

    public DmsCdcMetrics(CloudWatchClient cloudWatch, Clock clock) {
        this.cloudWatch = cloudWatch;
        this.clock = clock;
    }

    /** The latest datapoint of each metric of the task {@code taskResourceId} in the last five minutes. */
    public Latest latest(String taskResourceId) {
        Instant end = clock.instant();
        List<MetricDataQuery> queries = List.of(
                query("source", "CDCLatencySource", taskResourceId),
                query("target", "CDCLatencyTarget", taskResourceId),
                query("incoming", "CDCIncomingChanges", taskResourceId));
        GetMetricDataResponse response;
        try {
            response = cloudWatch.getMetricData(r -> r.startTime(end.minus(WINDOW)).endTime(end)
                    .scanBy(ScanBy.TIMESTAMP_DESCENDING).metricDataQueries(queries));
        } catch (SdkException e) {
            throw AwsErrors.translate("CloudWatch GetMetricData (AWS/DMS CDC metrics of task " + taskResourceId + ")", e);
        }
        Map<String, Double> latest = new HashMap<>();
        for (MetricDataResult result : response.metricDataResults()) {
            if (!result.values().isEmpty()) {
                latest.put(result.id(), result.values().get(0));
            }
        }
        Double incoming = latest.get("incoming");
        return new Latest(latest.get("source"), latest.get("target"), incoming == null ? null : Math.round(incoming));
    }

    private static MetricDataQuery query(String id, String metric, String taskResourceId) {
        String search = "SEARCH('{AWS/DMS,ReplicationInstanceIdentifier,ReplicationTaskIdentifier} MetricName=\"" + metric
                + "\" ReplicationTaskIdentifier=\"" + taskResourceId + "\"', 'Maximum', 60)";
        return MetricDataQuery.builder().id(id).expression("MAX(" + search + ")").returnData(true).build();
    }
}
