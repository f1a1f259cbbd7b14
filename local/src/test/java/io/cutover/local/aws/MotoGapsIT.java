package io.cutover.local.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.local.Project;
import io.cutover.core.aws.DmsCdcMetrics;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Each {@link AwsGap} is a gap of moto: proven here, so that the list (and the table of docs/development.md) stays
 * true. When a moto upgrade fills a gap, its proof fails: move the call into the contract suite and drop the gap.
 */
class MotoGapsIT {
    private static final String DMS = "AmazonDMSv20160101";
    private static MotoServer moto;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    @ParameterizedTest
    @EnumSource(AwsGap.class)
    void motoStillLacksIt(AwsGap gap) throws IOException {
        switch (gap) {
            case DMS_TASK_TIMESTAMPS -> {
                JsonNode task = ok(dms("CreateReplicationTask", Map.of("ReplicationTaskIdentifier", AwsAdaptersContract.unique("t"),
                        "SourceEndpointArn", "arn:aws:dms:eu-west-1:123456789012:endpoint:S",
                        "TargetEndpointArn", "arn:aws:dms:eu-west-1:123456789012:endpoint:T",
                        "ReplicationInstanceArn", "arn:aws:dms:eu-west-1:123456789012:rep:R",
                        "MigrationType", "full-load-and-cdc", "TableMappings", "{\"rules\":[]}")));
                // the JSON protocol's timestamps are epoch seconds (numbers): https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
                assertThat(task.at("/ReplicationTask/ReplicationTaskCreationDate").isTextual()).isTrue();
            }
            case DMS_MODIFY_ENDPOINT -> assertNotImplemented(dms("ModifyEndpoint", Map.of("EndpointArn", "arn:x")));
            case DMS_TABLE_STATISTICS -> assertNotImplemented(dms("DescribeTableStatistics", Map.of("ReplicationTaskArn", "arn:x")));
            case DMS_ASSESSMENT_RUNS -> {
                assertNotImplemented(dms("StartReplicationTaskAssessmentRun", Map.of("ReplicationTaskArn", "arn:x",
                        "ServiceAccessRoleArn", "arn:r", "ResultLocationBucket", "b", "AssessmentRunName", "n")));
                assertNotImplemented(dms("DescribeReplicationTaskAssessmentRuns", Map.of()));
                assertNotImplemented(dms("DescribeReplicationTaskIndividualAssessments", Map.of()));
            }
            case DMS_DESCRIBE_NOT_FOUND -> {
                JsonNode none = ok(dms("DescribeEndpoints", Map.of("Filters",
                        List.of(Map.of("Name", "endpoint-arn", "Values", List.of("arn:aws:dms:eu-west-1:123456789012:endpoint:NONE"))))));
                assertThat(none.path("Endpoints").size()).as("an empty answer where DMS has ResourceNotFoundFault").isZero();
                assertThat(ok(dms("DescribeConnections", Map.of("Filters", List.of(Map.of("Name", "endpoint-arn",
                        "Values", List.of("arn:aws:dms:eu-west-1:123456789012:endpoint:NONE")))))).path("Connections").size()).isZero();
                assertThat(ok(dms("DescribeReplicationTasks", Map.of("Filters", List.of(Map.of("Name", "replication-task-id",
                        "Values", List.of("none")))))).path("ReplicationTasks").size()).isZero();
            }
            case DMS_ENDPOINT_ALREADY_EXISTS -> {
                Map<String, Object> endpoint = Map.of("EndpointIdentifier", AwsAdaptersContract.unique("e"), "EndpointType", "source",
                        "EngineName", "mysql");
                ok(dms("CreateEndpoint", endpoint));
                assertThat(dms("CreateEndpoint", endpoint).statusCode()).as("the second create of one identifier").isEqualTo(200);
            }
            case CLOUDWATCH_SEARCH_EXPRESSION -> {
                CloudWatchClient cloudWatch = moto.clients().build(CloudWatchClient.builder(), "CLOUDWATCH");
                String task = AwsAdaptersContract.unique("TASK").toUpperCase();
                List<Dimension> dimensions = List.of(Dimension.builder().name("ReplicationInstanceIdentifier").value("ri").build(),
                        Dimension.builder().name("ReplicationTaskIdentifier").value(task).build());
                Instant now = Instant.now();
                cloudWatch.putMetricData(p -> p.namespace("AWS/DMS").metricData(MetricDatum.builder().metricName("CDCLatencySource")
                        .dimensions(dimensions).value(4.0).timestamp(now.minusSeconds(30)).build()));
                var exact = cloudWatch.getMetricData(r -> r.startTime(now.minusSeconds(300)).endTime(now.plusSeconds(60))
                        .metricDataQueries(q -> q.id("exact").metricStat(s -> s.period(60).stat("Maximum").metric(m -> m
                                .namespace("AWS/DMS").metricName("CDCLatencySource").dimensions(dimensions)))));
                assertThat(exact.metricDataResults().get(0).values()).as("the series exists").containsExactly(4.0);
                assertThat(new DmsCdcMetrics(cloudWatch, Clock.systemUTC()).latest(task).sourceLatencySeconds())
                        .as("but the SEARCH expression finds nothing").isNull();
            }
            case SFN_TASK_FAILURE_CAUSE -> {
                SfnClient sfn = moto.clients().build(SfnClient.builder(), "SFN");
                SqsClient sqs = moto.clients().build(SqsClient.builder(), "SQS");
                String queue = sqs.createQueue(q -> q.queueName(AwsAdaptersContract.unique("tokens"))).queueUrl();
                String machine = sfn.createStateMachine(c -> c.name(AwsAdaptersContract.unique("m")).roleArn("arn:aws:iam::123456789012:role/r")
                        .definition("{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\","
                                + "\"Parameters\":{\"QueueUrl\":\"" + queue + "\",\"MessageBody\":{\"t.$\":\"$$.Task.Token\"}},\"End\":true}}}"))
                        .stateMachineArn();
                String execution = sfn.startExecution(s -> s.stateMachineArn(machine)).executionArn();
                String token = poll(() -> sqs.receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(1)).messages().stream()
                        .map(m -> Json.parse(m.body()).path("t").asText()).findFirst().orElse(null));
                sfn.sendTaskFailure(f -> f.taskToken(token).error("E").cause("the cause"));
                var done = poll(() -> {
                    var d = sfn.describeExecution(r -> r.executionArn(execution));
                    return d.status() == ExecutionStatus.RUNNING ? null : d;
                });
                assertThat(done.error()).isEqualTo("E");
                assertThat(done.cause()).as("the cause sent with SendTaskFailure").isNull();
            }
            case RDS_SNAPSHOT_PROGRESS -> {
                RdsClient rds = moto.clients().build(RdsClient.builder(), "RDS");
                String cluster = AwsAdaptersContract.unique("c");
                rds.createDBCluster(c -> c.dbClusterIdentifier(cluster).engine("aurora-mysql").masterUsername("admin")
                        .masterUserPassword("contract-test-only-1"));
                var snapshot = rds.createDBClusterSnapshot(c -> c.dbClusterIdentifier(cluster)
                        .dbClusterSnapshotIdentifier(AwsAdaptersContract.unique("s"))).dbClusterSnapshot();
                assertThat(snapshot.status()).as("never 'creating'").isEqualTo("available");
            }
            case RDS_RESTORABLE_TIME_LAG -> {
                RdsClient rds = moto.clients().build(RdsClient.builder(), "RDS");
                String cluster = AwsAdaptersContract.unique("c");
                rds.createDBCluster(c -> c.dbClusterIdentifier(cluster).engine("aurora-mysql").masterUsername("admin")
                        .masterUserPassword("contract-test-only-1"));
                var described = rds.describeDBClusters(d -> d.dbClusterIdentifier(cluster)).dbClusters().get(0);
                assertThat(described.latestRestorableTime()).as("restorable at once to a time after the cluster's creation: "
                        + "Aurora's trails the present while its log records are uploaded; moto's is the present")
                        .isAfterOrEqualTo(described.clusterCreateTime());
            }
            case DYNAMODB_CONCURRENT_CONDITIONAL_WRITES -> {
                // A race does not reproduce on demand, so what is proven is its cause, in moto's own code: its server
                // handles requests on threads, and its DynamoDB backend takes no lock around a condition and its write.
                java.nio.file.Path site = MotoServer.executable().getParent().getParent().resolve("lib");
                java.nio.file.Path moto;
                try (var dirs = Files.list(site)) {
                    moto = dirs.map(d -> d.resolve("site-packages/moto")).filter(Files::isDirectory).findFirst().orElseThrow();
                }
                assertThat(Files.readString(moto.resolve("server.py"))).contains("threaded=True");
                try (var files = Files.walk(moto.resolve("dynamodb"))) {
                    assertThat(files.filter(f -> f.toString().endsWith(".py")).map(MotoGapsIT::read))
                            .noneMatch(code -> code.contains("Lock(") || code.contains("with self.lock"));
                }
            }
            case CLOUDWATCH_EMF -> {
                String group = "/aws/lambda/" + AwsAdaptersContract.unique("cutover");
                ok(moto.awsJson("logs", "Logs_20140328", "CreateLogGroup", Json.write(Map.of("logGroupName", group))));
                ok(moto.awsJson("logs", "Logs_20140328", "CreateLogStream", Json.write(Map.of("logGroupName", group, "logStreamName", "s"))));
                String emf = Json.write(Map.of("_aws", Map.of("Timestamp", Instant.now().toEpochMilli(), "CloudWatchMetrics",
                                List.of(Map.of("Namespace", "CutoverGapProof", "Dimensions", List.of(List.of("MigrationId")),
                                        "Metrics", List.of(Map.of("Name", "ReadinessBlockers", "Unit", "Count"))))),
                        "MigrationId", "orders-eu", "ReadinessBlockers", 2));
                ok(moto.awsJson("logs", "Logs_20140328", "PutLogEvents", Json.write(Map.of("logGroupName", group, "logStreamName", "s",
                        "logEvents", List.of(Map.of("timestamp", Instant.now().toEpochMilli(), "message", emf))))));
                CloudWatchClient cloudWatch = moto.clients().build(CloudWatchClient.builder(), "CLOUDWATCH");
                assertThat(cloudWatch.listMetrics(l -> l.namespace("CutoverGapProof")).metrics())
                        .as("no metric extracted from the EMF log line").isEmpty();
            }
        }
    }

    /** docs/development.md's table of operations only the stubs cover is this list, row for row. */
    @Test
    void theDevelopmentGuideListsEveryGap() throws IOException {
        List<String> lines = Files.readAllLines(Project.root().resolve("docs/development.md"));
        int heading = lines.indexOf("### What moto lacks: calls only the stubs cover");
        assertThat(heading).as("docs/development.md has the heading '### What moto lacks: calls only the stubs cover'").isNotNegative();
        List<String> rows = new ArrayList<>();
        for (int i = heading + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            String line = lines.get(i);
            if (line.startsWith("|") && !line.startsWith("| Service") && !line.startsWith("|--") && !line.startsWith("| ---")) {
                List<String> cells = Arrays.stream(line.split("\\|")).map(String::strip).toList();
                rows.add(cells.get(1) + " | " + cells.get(2).replace("`", "") + " | " + cells.get(4).replace("`", ""));
            }
        }
        assertThat(rows).containsExactlyInAnyOrderElementsOf(Arrays.stream(AwsGap.values())
                .map(g -> g.service() + " | " + g.operation() + " | " + g.coveredBy()).toList());
    }

    private static String read(java.nio.file.Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> dms(String operation, Map<String, Object> body) {
        return moto.awsJson("dms", DMS, operation, Json.write(body));
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().isBlank() ? Json.object() : Json.parse(response.body());
    }

    /** moto answers an operation it does not implement with HTTP 500 (a Python NotImplementedError). */
    private static void assertNotImplemented(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
    }

    private static <T> T poll(java.util.function.Supplier<T> value) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            T v = value.get();
            if (v != null) {
                return v;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out");
    }
}
