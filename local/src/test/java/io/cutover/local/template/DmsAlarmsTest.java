package io.cutover.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.json.Json;
import io.cutover.local.Project;
import io.cutover.core.aws.DmsIds;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alarms of the night itself (issue 21): CDC lag above the threshold for a sustained period, a DMS task that
 * failed or stopped, and the replication instance's free storage, CPU and freeable memory, each notifying the
 * notification topic, with thresholds as parameters. What each means and what to do: docs/operations.md.
 */
class DmsAlarmsTest {
    private static SamTemplate template;

    @BeforeAll
    static void read() {
        template = SamTemplate.read(Project.template());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> parameter(String name) {
        return map(template.section("Parameters").get(name));
    }

    private static List<String> created(Map<String, String> values) {
        return new ConditionEvaluator(template, values).createdResources();
    }

    private static final Map<String, String> WATCHING = Map.of("DmsReplicationInstanceIdentifier", "orders-replication");

    @Test
    void theDmsAlarmsWatchTheNamedInstanceAndNoneIsCreatedWithoutOne() {
        List<String> alarms = List.of("CdcLatencySourceAlarm", "CdcLatencyTargetAlarm", "DmsFreeStorageAlarm", "DmsCpuAlarm",
                "DmsFreeableMemoryAlarm");
        assertThat(created(WATCHING)).containsAll(alarms).contains("DmsTaskEventsRule");
        // without an instance the metric alarms would watch nothing; the task rule needs no instance
        assertThat(created(Map.of())).doesNotContainAnyElementsOf(alarms).contains("DmsTaskEventsRule");
        for (String alarm : alarms) {
            Map<String, Object> props = template.properties(alarm);
            assertThat(props).as(alarm)
                    .containsEntry("AlarmActions", List.of(Map.of("Ref", "NotificationTopic")))
                    .containsEntry("OKActions", List.of(Map.of("Ref", "NotificationTopic")))
                    .containsEntry("EvaluationPeriods", Map.of("Ref", "DmsAlarmPeriods"))
                    .containsEntry("DatapointsToAlarm", Map.of("Ref", "DmsAlarmPeriods"));
            assertThat(String.valueOf(props.get("AlarmDescription"))).as(alarm).contains("docs/operations.md");
        }
    }

    /**
     * Cutover creates the task at run time and CloudWatch names it by the id DMS draws, so the lag alarms cannot
     * name it: they watch a Metrics Insights query over the instance's tasks. A SEARCH expression would find the
     * task too, but CloudWatch refuses an alarm on one.
     */
    @Test
    void theCdcLagAlarmsWatchEveryTaskOnTheInstanceThroughAMetricsInsightsQuery() {
        for (String side : List.of("Source", "Target")) {
            Map<String, Object> props = template.properties("CdcLatency" + side + "Alarm");
            List<?> metrics = (List<?>) props.get("Metrics");
            assertThat(metrics).hasSize(1);
            Map<String, Object> query = map(metrics.get(0));
            String sql = String.valueOf(map(query.get("Expression")).get("Fn::Sub")).replaceAll("\\s+", " ").strip();
            assertThat(sql).isEqualTo("SELECT MAX(CDCLatency" + side + ") FROM SCHEMA(\"AWS/DMS\", ReplicationInstanceIdentifier, "
                    + "ReplicationTaskIdentifier) WHERE ReplicationInstanceIdentifier = '${DmsReplicationInstanceIdentifier}'");
            assertThat(sql).doesNotContain("SEARCH").doesNotContain(DmsIds.taskId("x").replace("x", ""));
            assertThat(query).containsEntry("Period", 300).containsEntry("ReturnData", true);
            assertThat(props).containsEntry("Threshold", Map.of("Ref", "CdcLagAlarmSeconds"))
                    .containsEntry("ComparisonOperator", "GreaterThanThreshold")
                    // no task yet, or an idle one: nothing to judge, not a breach
                    .containsEntry("TreatMissingData", "notBreaching");
        }
        // the dimensions the query names are those Cutover's own lag reading searches (DmsCdcMetrics)
        assertThat(template.properties("CutoverDashboard").toString())
                .contains("{AWS/DMS,ReplicationInstanceIdentifier,ReplicationTaskIdentifier} MetricName=\\\"CDCLatencySource\\\"");
    }

    @Test
    void theInstanceAlarmsCompareFreeStorageCpuAndMemoryWithTheirParametersInTheirUnits() {
        assertInstanceMetric("DmsFreeStorageAlarm", "FreeStorageSpace", "Minimum", "bytes / 1073741824", "DmsFreeStorageAlarmGiB",
                "LessThanThreshold");
        assertInstanceMetric("DmsFreeableMemoryAlarm", "FreeableMemory", "Average", "bytes / 1048576", "DmsFreeableMemoryAlarmMiB",
                "LessThanThreshold");
        Map<String, Object> cpu = template.properties("DmsCpuAlarm");
        assertThat(cpu).containsEntry("Namespace", "AWS/DMS").containsEntry("MetricName", "CPUUtilization")
                .containsEntry("Statistic", "Average").containsEntry("Period", 300)
                .containsEntry("Dimensions", List.of(Map.of("Name", "ReplicationInstanceIdentifier",
                        "Value", Map.of("Ref", "DmsReplicationInstanceIdentifier"))))
                .containsEntry("Threshold", Map.of("Ref", "DmsCpuAlarmPercent"))
                .containsEntry("ComparisonOperator", "GreaterThanThreshold")
                // an identifier that names no instance leaves the alarm INSUFFICIENT_DATA, not OK
                .containsEntry("TreatMissingData", "missing");
    }

    private static void assertInstanceMetric(String alarm, String metric, String stat, String expression, String threshold,
            String comparison) {
        Map<String, Object> props = template.properties(alarm);
        List<?> metrics = (List<?>) props.get("Metrics");
        Map<String, Object> raw = map(metrics.get(0));
        Map<String, Object> stat0 = map(raw.get("MetricStat"));
        assertThat(map(stat0.get("Metric"))).as(alarm).containsEntry("Namespace", "AWS/DMS").containsEntry("MetricName", metric)
                .containsEntry("Dimensions", List.of(Map.of("Name", "ReplicationInstanceIdentifier",
                        "Value", Map.of("Ref", "DmsReplicationInstanceIdentifier"))));
        assertThat(stat0).as(alarm).containsEntry("Stat", stat).containsEntry("Period", 300);
        assertThat(raw).containsEntry("ReturnData", false);
        Map<String, Object> converted = map(metrics.get(1));
        assertThat(converted).as(alarm).containsEntry("Expression", expression).containsEntry("ReturnData", true);
        assertThat(props).as(alarm).containsEntry("Threshold", Map.of("Ref", threshold))
                .containsEntry("ComparisonOperator", comparison).containsEntry("TreatMissingData", "missing");
    }

    @Test
    void theThresholdsAreParametersWithSensibleDefaults() {
        assertThat(parameter("CdcLagAlarmSeconds")).containsEntry("Type", "Number").containsEntry("Default", 600);
        assertThat(parameter("DmsFreeStorageAlarmGiB")).containsEntry("Default", 20);
        // 10 % of the instance the stack creates by default
        assertThat(((Number) parameter("DmsAllocatedStorage").get("Default")).intValue() / 10).isEqualTo(20);
        assertThat(parameter("DmsCpuAlarmPercent")).containsEntry("Default", 90).containsEntry("MaxValue", 100);
        assertThat(parameter("DmsFreeableMemoryAlarmMiB")).containsEntry("Default", 512);
        // a Metrics Insights alarm evaluates the latest 3 hours at most: 36 periods of 5 minutes
        assertThat(parameter("DmsAlarmPeriods")).containsEntry("Default", 3).containsEntry("MinValue", 1).containsEntry("MaxValue", 36);
        for (String p : List.of("CdcLagAlarmSeconds", "DmsAlarmPeriods", "DmsFreeStorageAlarmGiB", "DmsCpuAlarmPercent",
                "DmsFreeableMemoryAlarmMiB", "DmsReplicationInstanceIdentifier")) {
            assertThat(String.valueOf(parameter(p).get("Description"))).as(p).isNotBlank();
        }
    }

    @Test
    void theStacksOwnInstanceIsNamedByTheIdentifierTheAlarmsWatchWhichIsThenRequired() {
        assertThat(template.properties("DmsReplicationInstance"))
                .containsEntry("ReplicationInstanceIdentifier", Map.of("Ref", "DmsReplicationInstanceIdentifier"));
        Map<String, String> infrastructure = new HashMap<>(Map.of("CreateMigrationInfrastructure", "true",
                "TargetCertificateArn", "arn:aws:dms:eu-west-1:123456789012:cert:RDSGLOBALBUNDLE"));
        assertThat(new ConditionEvaluator(template, infrastructure).refusedBy())
                .singleElement().asString().startsWith("DmsReplicationInstanceIdentifier is required");
        infrastructure.putAll(WATCHING);
        assertThat(new ConditionEvaluator(template, infrastructure).refusedBy()).isEmpty();
        assertThat(new ConditionEvaluator(template, Map.of()).refusedBy()).as("an existing instance is optional").isEmpty();
    }

    @Test
    void theIdentifierParameterTakesWhatDmsStoresAndNothingElse() {
        Pattern allowed = Pattern.compile((String) parameter("DmsReplicationInstanceIdentifier").get("AllowedPattern"));
        for (String ok : List.of("", "orders-replication", "a", "rep1", "cutover-prod-dms-2")) {
            assertThat(allowed.matcher(ok).matches()).as(ok).isTrue();
        }
        // DMS stores the identifier in lower case: a capital letter would never match the metrics' dimension
        for (String refused : List.of("Orders", "1rep", "rep-", "rep--1", "-rep", "rep_1", "rep 1")) {
            assertThat(allowed.matcher(refused).matches()).as(refused).isFalse();
        }
        assertThat(parameter("DmsReplicationInstanceIdentifier")).containsEntry("MaxLength", 63);
    }

    /** DMS task events as EventBridge delivers them (events-ref-dms, DMS's CHAP_EventBridge), shortened. */
    private static Map<String, Object> event(String detailType, String category, String eventType, String message) {
        return map(Json.convert(Json.parse("""
                {"version": "0", "id": "11a11b11-222b-333a-44d4-01234a5b67890", "detail-type": "%s", "source": "aws.dms",
                 "account": "123456789012", "time": "2026-11-24T20:00:00Z", "region": "eu-west-1",
                 "resources": ["arn:aws:dms:eu-west-1:123456789012:task:ABCDEFGHIJKLMNOP"],
                 "detail": {"type": "REPLICATION_TASK", "category": "%s", "eventType": "%s", "eventId": "DMS-EVENT-0078",
                            "resourceLink": "https://console.aws.amazon.com/dms/v2/home?region=eu-west-1#taskDetails/cutover-orders",
                            "detailMessage": "%s"}}""".formatted(detailType, category, eventType, message)), Map.class));
    }

    @Test
    void aFailedOrStoppedTaskIsSentToTheNotificationTopicAndNothingElseIs() {
        Map<String, Object> rule = template.properties("DmsTaskEventsRule");
        Map<String, Object> pattern = map(rule.get("EventPattern"));
        String task = "DMS Replication Task State Change";
        assertThat(EventPatterns.matches(pattern, event(task, "Failure", "REPLICATION_TASK_FAILED", "Last Error Task error"))).isTrue();
        assertThat(EventPatterns.matches(pattern, event(task, "StateChange", "REPLICATION_TASK_STOPPED",
                "Stop Reason STOPPED_DUE_TO_LOW_DISK"))).isTrue();
        assertThat(EventPatterns.matches(pattern, event(task, "StateChange", "REPLICATION_TASK_STARTED", "started"))).isFalse();
        assertThat(EventPatterns.matches(pattern, event(task, "Creation", "REPLICATION_TASK_CREATED", "created"))).isFalse();
        assertThat(EventPatterns.matches(pattern, event("DMS Replication Instance State Change", "Failure",
                "REPLICATION_INSTANCE_FAILURE", "instance"))).isFalse();
        assertThat(rule).containsEntry("State", "ENABLED")
                .containsEntry("Targets", List.of(Map.of("Id", "NotificationTopic", "Arn", Map.of("Ref", "NotificationTopic"))));

        // EventBridge may publish to the topic (this rule only) and use its key
        List<?> topicStatements = (List<?>) map(template.properties("NotificationTopicPolicy").get("PolicyDocument")).get("Statement");
        assertThat(topicStatements).anySatisfy(s -> assertThat(map(s))
                .containsEntry("Effect", "Allow").containsEntry("Principal", Map.of("Service", "events.amazonaws.com"))
                .containsEntry("Action", "sns:Publish")
                .containsEntry("Condition", Map.of("ArnEquals", Map.of("aws:SourceArn", Map.of("Fn::GetAtt", List.of("DmsTaskEventsRule", "Arn"))))));
        List<?> keyStatements = (List<?>) map(template.properties("NotificationsKey").get("KeyPolicy")).get("Statement");
        assertThat(keyStatements).anySatisfy(s -> {
            assertThat(map(map(s).get("Principal"))).containsEntry("Service", "events.amazonaws.com");
            assertThat(IamPolicies.strings(map(s).get("Action"))).contains("kms:Decrypt", "kms:GenerateDataKey*");
        });
    }

    /** What EventBridge does with the parts of a pattern this template uses: values to match, nested fields, $or. */
    static final class EventPatterns {
        private EventPatterns() {}

        static boolean matches(Map<String, Object> pattern, Map<String, Object> event) {
            for (Map.Entry<String, Object> field : pattern.entrySet()) {
                if (field.getKey().equals("$or")) {
                    if (((List<?>) field.getValue()).stream().noneMatch(p -> matches(map(p), event))) {
                        return false;
                    }
                } else if (field.getValue() instanceof Map<?, ?> nested) {
                    if (!(event.get(field.getKey()) instanceof Map<?, ?> inner) || !matches(map(nested), map(inner))) {
                        return false;
                    }
                } else if (field.getValue() instanceof List<?> values) {
                    if (!values.stream().allMatch(v -> v instanceof String)) {
                        throw new IllegalArgumentException("a content filter this matcher does not know: " + values);
                    }
                    if (!values.contains(event.get(field.getKey()))) {
                        return false;
                    }
                } else {
                    throw new IllegalArgumentException("not an event pattern field: " + field);
                }
            }
            return true;
        }
    }
}
