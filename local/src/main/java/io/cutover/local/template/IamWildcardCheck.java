package io.cutover.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * No identity-policy statement allows an action on {@code Resource: '*'} unless the action supports no
 * resource-level permissions at all (the service authorization reference lists no resource type for it) and
 * is on the allow-list below, with the reason; some entries also require a condition that narrows them.
 * Wildcard actions ({@code dms:Describe*}, {@code s3:*}) are never allowed on '*'.
 */
public final class IamWildcardCheck implements TemplateCheck {
    /** An action allowed on Resource '*', why, and the condition key the statement must then use (or null). */
    public record Allowed(String action, String reason, String requiredConditionKey) {}

    /** The allow-list. Add an action only with the reason its service gives no resource-level permission. */
    public static final Map<String, Allowed> ALLOW_LIST = index(List.of(
            // Step Functions logging to CloudWatch Logs (vended logs): the log-delivery actions have no
            // resource type (Step Functions developer guide, "IAM policies for logging to CloudWatch Logs").
            new Allowed("logs:CreateLogDelivery", "vended log delivery of the state machines; no resource type", null),
            new Allowed("logs:GetLogDelivery", "vended log delivery of the state machines; no resource type", null),
            new Allowed("logs:UpdateLogDelivery", "vended log delivery of the state machines; no resource type", null),
            new Allowed("logs:DeleteLogDelivery", "vended log delivery of the state machines; no resource type", null),
            new Allowed("logs:ListLogDeliveries", "vended log delivery of the state machines; no resource type", null),
            // X-Ray: trace segments are not resources (AWSXrayWriteOnlyAccess uses '*' too).
            new Allowed("xray:PutTraceSegments", "X-Ray trace segments are not resources", null),
            new Allowed("xray:PutTelemetryRecords", "X-Ray telemetry is not a resource", null),
            new Allowed("xray:GetSamplingRules", "X-Ray sampling rules are read account-wide", null),
            new Allowed("xray:GetSamplingTargets", "X-Ray sampling targets are read account-wide", null),
            // CloudWatch metrics: PutMetricData has no resource type; the namespace condition confines it.
            new Allowed("cloudwatch:PutMetricData", "metrics are not resources; confined to Cutover's namespace",
                    "cloudwatch:namespace"),
            // GetMetricData reads metrics by query (the DMS CDC latency of one task); the CloudWatch permissions
            // reference lists no resource type for it and says to use '*'.
            new Allowed("cloudwatch:GetMetricData", "metric queries are not resources (CloudWatch permissions reference)", null),
            // DMS describe calls select what they return with Filters in the request (replication-task-arn, …),
            // not with a resource in the authorization. NOT VERIFIED here: the resource-type column of the DMS
            // service authorization reference could not be read in full; check it before relying on an entry.
            new Allowed("dms:DescribeReplicationInstances", "DMS List action without resource type (filters in the request)", null),
            new Allowed("dms:DescribeEndpoints", "DMS List action without resource type (filters in the request)", null),
            new Allowed("dms:DescribeReplicationTasks", "DMS List action without resource type (filters in the request)", null),
            new Allowed("dms:DescribeConnections", "DMS List action without resource type (filters in the request)", null),
            new Allowed("dms:DescribeCertificates", "DMS List action without resource type (filters in the request)", null),
            new Allowed("dms:DescribeReplicationTaskAssessmentRuns", "DMS List action without resource type (filters in the request)", null),
            new Allowed("dms:DescribeReplicationTaskIndividualAssessments", "DMS List action without resource type (filters in the request)", null)));

    private static Map<String, Allowed> index(List<Allowed> entries) {
        Map<String, Allowed> map = new LinkedHashMap<>();
        entries.forEach(e -> map.put(e.action(), e));
        return map;
    }

    @Override
    public List<String> problems(SamTemplate template) {
        List<String> problems = new ArrayList<>();
        for (IamPolicies.Statement s : IamPolicies.all(template)) {
            if (!s.allows() || !IamPolicies.strings(s.body().get("Resource")).contains("*")) {
                continue;
            }
            String at = s.owner() + ": statement " + s.label();
            if (s.body().containsKey("NotAction")) {
                problems.add(at + " uses NotAction on Resource '*'");
            }
            for (String action : s.actions()) {
                Allowed allowed = ALLOW_LIST.get(action);
                if (allowed == null) {
                    problems.add(at + " allows " + action + " on Resource '*': scope it to ARNs (or, if the action has no"
                            + " resource type, add it to IamWildcardCheck.ALLOW_LIST with the reason)");
                } else if (allowed.requiredConditionKey() != null && !hasConditionKey(s.body().get("Condition"), allowed.requiredConditionKey())) {
                    problems.add(at + " allows " + action + " on Resource '*' without a " + allowed.requiredConditionKey() + " condition");
                }
            }
        }
        return problems;
    }

    private static boolean hasConditionKey(Object condition, String key) {
        if (condition instanceof Map<?, ?> operators) {
            for (Object keys : operators.values()) {
                if (keys instanceof Map<?, ?> m && m.containsKey(key)) {
                    return true;
                }
            }
        }
        return false;
    }
}
