package io.cutover.local.aws;

import java.util.EnumSet;
import java.util.Set;

/**
 * An operation or a behaviour of AWS that an emulator does not reproduce, so that the calls Cutover makes of it are
 * checked only against the WireMock stubs of the functions module ({@code coveredBy}). docs/development.md lists
 * these in a table (MotoGapsIT keeps the table and this list equal, and proves each gap of moto).
 */
public enum AwsGap {
    DMS_TASK_TIMESTAMPS("DMS", "CreateReplicationTask, DescribeReplicationTasks, StartReplicationTask, StopReplicationTask",
            "answers timestamps as ISO-8601 strings with microseconds where the JSON protocol has epoch seconds: the SDK "
                    + "refuses the response", "DmsReplicationTest, DmsReplicationContractTest"),
    DMS_MODIFY_ENDPOINT("DMS", "ModifyEndpoint", "not implemented (HTTP 500)", "DmsReplicationTest"),
    DMS_TABLE_STATISTICS("DMS", "DescribeTableStatistics", "not implemented (HTTP 500)", "DmsReplicationTest"),
    DMS_ASSESSMENT_RUNS("DMS", "StartReplicationTaskAssessmentRun, DescribeReplicationTaskAssessmentRuns, "
            + "DescribeReplicationTaskIndividualAssessments", "not implemented (HTTP 500)", "DmsReplicationTest"),
    DMS_DESCRIBE_NOT_FOUND("DMS", "DescribeEndpoints, DescribeConnections, DescribeReplicationTasks matching nothing",
            "answers an empty list where DMS answers ResourceNotFoundFault", "DmsReplicationTest"),
    DMS_ENDPOINT_ALREADY_EXISTS("DMS", "CreateEndpoint with an identifier in use",
            "replaces the endpoint where DMS answers ResourceAlreadyExistsFault", "DmsReplicationTest"),
    RDS_SNAPSHOT_PROGRESS("RDS", "DescribeDBClusterSnapshots while a snapshot is taken",
            "creates cluster snapshots 'available' at once: no 'creating' state, no PercentProgress", "RdsSnapshotsTest"),
    RDS_RESTORABLE_TIME_LAG("RDS", "DescribeDBClusters' LatestRestorableTime",
            "answers the present: no lag behind it, so the wait for the restore point is never exercised", "ClusterSnapshotTest, RdsSnapshotsTest"),
    CLOUDWATCH_SEARCH_EXPRESSION("CloudWatch", "GetMetricData with a SEARCH expression",
            "answers no datapoints for series that exist", "DmsReplicationTest"),
    CLOUDWATCH_EMF("CloudWatch", "metrics published as embedded-metric-format log lines (EmfMetrics)",
            "extracts no metric from a log line: what the functions publish never reaches moto's CloudWatch",
            "EmfMetricsTest, DashboardMetricsTest"),
    DYNAMODB_CONCURRENT_CONDITIONAL_WRITES("DynamoDB", "UpdateItem with a ConditionExpression, racing on one item",
            "does not serialise them: two racing claims both passed the condition (seen in this suite)",
            "DynamoDbApprovalStoreTest"),
    SFN_TASK_FAILURE_CAUSE("Step Functions", "SendTaskFailure", "drops the cause (the execution fails with the error only)",
            "AwsAdaptersTest");

    private final String service;
    private final String operation;
    private final String missing;
    private final String coveredBy;

    AwsGap(String service, String operation, String missing, String coveredBy) {
        this.service = service;
        this.operation = operation;
        this.missing = missing;
        this.coveredBy = coveredBy;
    }

    /** What moto 5.2.6 lacks (every gap listed here: MotoGapsIT proves each). */
    static final Set<AwsGap> MOTO = EnumSet.allOf(AwsGap.class);

    public String service() {
        return service;
    }

    public String operation() {
        return operation;
    }

    public String missing() {
        return missing;
    }

    public String coveredBy() {
        return coveredBy;
    }
}
