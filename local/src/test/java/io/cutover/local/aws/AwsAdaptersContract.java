package io.cutover.local.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.ports.approval.Approval;
import io.cutover.core.ports.approval.ApprovalAction;
import io.cutover.core.ports.approval.ApprovalStatus;
import io.cutover.core.ports.approval.ApprovalStore;
import io.cutover.core.ports.approval.ClaimResult;
import io.cutover.core.ports.approval.Consequences;
import io.cutover.core.ports.approval.Decision;
import io.cutover.core.ports.approval.Gate;
import io.cutover.approval.TaskGoneAccess;
import io.cutover.core.aws.AwsClients;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.Env;
import io.cutover.core.config.DmsTls;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Artifacts;
import io.cutover.core.ports.Notification;
import io.cutover.core.ports.Secrets;
import io.cutover.core.ports.TaskCallbacks;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.RecordingCallbacks;
import io.cutover.local.Project;
import io.cutover.local.template.SamTemplate;
import io.cutover.core.aws.DmsCdcMetrics;
import io.cutover.core.ports.Replication;
import io.cutover.core.ports.Replication.EndpointPair;
import io.cutover.core.ports.Replication.EndpointSpec;
import io.cutover.core.ports.Replication.TaskDefinition;
import io.cutover.core.ports.Replication.TaskRef;
import io.cutover.core.error.ReplicationConflictException;
import io.cutover.replication.TableMappings;
import io.cutover.replication.TaskSettings;
import io.cutover.core.error.SnapshotConflictException;
import io.cutover.core.ports.Snapshots;
import io.cutover.core.ports.Snapshots.SnapshotStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;
import software.amazon.awssdk.services.databasemigration.model.Endpoint;
import software.amazon.awssdk.services.databasemigration.model.Filter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Every AWS adapter of Cutover, built by {@link AwsPorts} from an environment as template.yaml gives the functions,
 * with the real SDK v2 clients against an AWS emulator ({@link #backend()}): moto's server in every build
 * ({@link AwsAdaptersMotoIT}), LocalStack with {@code -Plocalstack} ({@link AwsAdaptersLocalStackIT}).
 *
 * <p>The WireMock stub tests of the functions module assert requests against responses written from the API
 * references by the same hands that wrote the adapters; this suite is the independent check of both shapes: an
 * emulator written by others parses what the SDK sends and answers what it answers. Where the emulator lacks an
 * operation or a behaviour ({@link AwsGap}) the test says so and ends; MotoGapsIT proves each of moto's gaps.
 */
public abstract class AwsAdaptersContract {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** The emulator; started once per concrete class. */
    protected abstract AwsBackend backend();

    /** A name no earlier test used on this backend (bucket, topic, table, cluster, task …). */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private AwsPorts ports(Map<String, String> env) {
        return new AwsPorts(backend().clients(env));
    }

    private AwsClients clients() {
        return backend().clients();
    }

    private static <T> T await(String what, Supplier<Optional<T>> poll) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> value = poll.get();
            if (value.isPresent()) {
                return value.get();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out after " + PATIENCE.toSeconds() + " s waiting for " + what);
    }

    // ---- S3 -------------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("S3 artifacts (S3Artifacts: PutObject, GetObject)")
    class S3Artifacts {
        private final String bucket = unique("cutover-artifacts");
        private S3Client s3;
        private Artifacts artifacts;

        @BeforeEach
        void bucket() {
            s3 = clients().build(S3Client.builder().forcePathStyle(true), "S3");
            s3.createBucket(b -> b.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint(
                    BucketLocationConstraint.fromValue(AwsBackend.REGION))));
            artifacts = ports(Map.of(Env.ARTIFACTS_BUCKET, bucket)).artifacts();
        }

        @Test
        void anArtifactIsStoredUnderItsKeyWithItsContentTypeAndReadBack() {
            String key = Artifacts.key("orders-eu", "readiness", "report 1.json");
            byte[] body = "{\"blockers\":[\"bl-no-binlog\"],\"note\":\"é ✓\"}".getBytes(StandardCharsets.UTF_8);

            String location = artifacts.put(key, body, "application/json");

            assertThat(location).isEqualTo("s3://" + bucket + "/" + key);
            assertThat(artifacts.get(key)).hasValueSatisfying(read -> assertThat(read).isEqualTo(body));
            var head = s3.headObject(h -> h.bucket(bucket).key(key));
            assertThat(head.contentType()).isEqualTo("application/json");
            assertThat(head.contentLength()).isEqualTo(body.length);
        }

        @Test
        void writingAgainReplacesTheObject() {
            String key = Artifacts.key("orders-eu", "cutover", "snapshot.json");
            artifacts.putJson(key, Map.of("attempt", 1));
            artifacts.putJson(key, Map.of("attempt", 2));
            assertThat(artifacts.getJson(key, JsonNode.class)).hasValueSatisfying(j -> assertThat(j.path("attempt").asInt()).isEqualTo(2));
        }

        @Test
        void aKeyNobodyWroteIsEmptyNotAnError() {
            assertThat(artifacts.get(Artifacts.key("orders-eu", "never", "written.json"))).isEmpty();
        }

        @Test
        void aBucketThatDoesNotExistIsAnErrorNamingTheObject() {
            Artifacts elsewhere = ports(Map.of(Env.ARTIFACTS_BUCKET, unique("cutover-missing"))).artifacts();
            assertThatThrownBy(() -> elsewhere.put("migrations/x/a.json", new byte[] {1}, "application/json"))
                    .hasMessageContaining("writing s3://cutover-missing-").hasMessageContaining("NoSuchBucket");
        }
    }

    // ---- SNS ------------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("SNS notifier (SnsNotifier: Publish), read back through an SQS subscription")
    class SnsNotifier {
        private SqsClient sqs;
        private String queueUrl;
        private io.cutover.core.ports.Notifier notifier;

        @BeforeEach
        void topicWithAQueue() {
            var sns = clients().build(software.amazon.awssdk.services.sns.SnsClient.builder(), "SNS");
            String topicArn = sns.createTopic(t -> t.name(unique("cutover-notifications"))).topicArn();
            sqs = clients().build(SqsClient.builder(), "SQS");
            queueUrl = sqs.createQueue(q -> q.queueName(unique("cutover-inbox"))).queueUrl();
            String queueArn = sqs.getQueueAttributes(a -> a.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            sns.subscribe(s -> s.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
            notifier = ports(Map.of(Env.NOTIFICATION_TOPIC_ARN, topicArn)).notifier();
        }

        /** The SNS envelope of the next message on the queue (raw delivery off: Subject, Message, MessageAttributes). */
        private JsonNode delivered() {
            Message m = await("a message on the subscribed queue", () -> sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                    .waitTimeSeconds(1).maxNumberOfMessages(1)).messages().stream().findFirst());
            return Json.parse(m.body());
        }

        @Test
        void subjectBodyAndTheEventAttributesArriveAsPublished() {
            notifier.publish(new Notification("orders-eu", "BLOCKED", "Cutover orders-eu: blocked", "2 blockers:\n- bl-no-binlog"));

            JsonNode envelope = delivered();
            assertThat(envelope.path("Type").asText()).isEqualTo("Notification");
            assertThat(envelope.path("Subject").asText()).isEqualTo("Cutover orders-eu: blocked");
            assertThat(envelope.path("Message").asText()).isEqualTo("2 blockers:\n- bl-no-binlog");
            assertThat(envelope.at("/MessageAttributes/event/Value").asText()).isEqualTo("BLOCKED");
            assertThat(envelope.at("/MessageAttributes/event/Type").asText()).isEqualTo("String");
            assertThat(envelope.at("/MessageAttributes/migrationId/Value").asText()).isEqualTo("orders-eu");
        }

        @Test
        void aLongSubjectWithNonAsciiCharactersIsAcceptedShortenedToTheLimit() {
            String subject = "Cutover orders-eu: blocked — " + "x".repeat(150);
            notifier.publish(new Notification("orders-eu", "BLOCKED", subject, "body"));

            String delivered = delivered().path("Subject").asText();
            assertThat(delivered).hasSize(100).startsWith("Cutover orders-eu: blocked ? xxx").endsWith("~");
        }
    }

    // ---- Step Functions -------------------------------------------------------------------------------------

    @Nested
    @DisplayName("Step Functions task callbacks (SfnTaskCallbacks: SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat)")
    class StepFunctionsCallbacks {
        private SfnClient sfn;
        private SqsClient sqs;
        private String queueUrl;
        private String executionArn;
        private TaskCallbacks callbacks;

        /** An execution waiting in a .waitForTaskToken task that sends its token to a queue, as an approval gate waits. */
        @BeforeEach
        void waitingExecution() {
            sfn = clients().build(SfnClient.builder(), "SFN");
            sqs = clients().build(SqsClient.builder(), "SQS");
            queueUrl = sqs.createQueue(q -> q.queueName(unique("cutover-tokens"))).queueUrl();
            String definition = Json.write(Json.parse("""
                    {"StartAt": "Wait for the approval", "States": {"Wait for the approval": {
                      "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                      "Parameters": {"QueueUrl": "%s", "MessageBody": {"token.$": "$$.Task.Token"}},
                      "HeartbeatSeconds": 600, "TimeoutSeconds": 900, "End": true}}}""".formatted(queueUrl)));
            String machine = sfn.createStateMachine(c -> c.name(unique("cutover-gate")).definition(definition)
                    .roleArn("arn:aws:iam::123456789012:role/cutover-contract")).stateMachineArn();
            executionArn = sfn.startExecution(s -> s.stateMachineArn(machine).input("{}")).executionArn();
            callbacks = ports(Map.of()).callbacks();
        }

        private String token() {
            Message m = await("the task token on the queue", () -> sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                    .waitTimeSeconds(1).maxNumberOfMessages(1)).messages().stream().findFirst());
            return Json.parse(m.body()).path("token").asText();
        }

        private DescribeExecutionResponse finished() {
            return await("the execution to finish", () -> {
                DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(executionArn));
                return d.status() == ExecutionStatus.RUNNING ? Optional.empty() : Optional.of(d);
            });
        }

        @Test
        void successDeliversTheOutputToTheWaitingTask() {
            String token = token();
            callbacks.heartbeat(token);
            callbacks.succeed(token, "{\"decision\":\"APPROVE\",\"decidedBy\":\"dba@example.com\"}");

            DescribeExecutionResponse done = finished();
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(Json.parse(done.output()).path("decision").asText()).isEqualTo("APPROVE");
        }

        @Test
        void failureEndsTheTaskWithTheError() {
            callbacks.fail(token(), "Cutover.Rejected", "rejected by dba@example.com: lag too high");

            DescribeExecutionResponse done = finished();
            assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(done.error()).isEqualTo("Cutover.Rejected");
        }

        @Test
        void failureCarriesTheCause() {
            backend().assumeEmulates(AwsGap.SFN_TASK_FAILURE_CAUSE);
            callbacks.fail(token(), "Cutover.Rejected", "rejected by dba@example.com: lag too high");

            assertThat(finished().cause()).isEqualTo("rejected by dba@example.com: lag too high");
        }

        /**
         * local/cutover-approve end to end on the emulator: the gate's approval in a DynamoDB table, `list` finds it, `approve`
         * claims it and answers the waiting execution with SendTaskSuccess, recording the caller's ARN from STS and channel cli.
         */
        @Test
        void theOperatorsCommandListsAndDecidesTheWaitingGate() {
            DynamoDbClient dynamo = clients().build(DynamoDbClient.builder(), "DYNAMODB");
            String table = unique("cutover-approvals");
            dynamo.createTable(c -> c.tableName(table)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("approvalId").attributeType("S").build())
                    .keySchema(KeySchemaElement.builder().attributeName("approvalId").keyType("HASH").build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            AwsPorts ports = ports(Map.of(Env.APPROVALS_TABLE, table));
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            ports.approvals().createIfAbsent(new Approval("AAAAAAAAAAAAAAAAAAAAAA", Gate.FREEZE, "orders-eu", "exec-1",
                    "5.2 Freeze approval", token(), Json.parse("{\"lag\": {\"seconds\": 1}}"),
                    new Consequences("freeze", "stop", "stop"), now, now.plusSeconds(3600), null, null, ApprovalStatus.PENDING, null));
            java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
            var command = new io.cutover.local.approval.ApproveCommand(ports, (id, who) -> {
                throw new AssertionError("no resend here");
            }, () -> io.cutover.local.approval.ApproveCommand.callerIdentity(clients()),
                    new java.io.PrintStream(printed, true, StandardCharsets.UTF_8), new java.io.StringReader(""));

            assertThat(command.run("list")).isZero();
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("AAAAAAAAAAAAAAAAAAAAAA").contains("FREEZE");
            assertThat(command.run("approve", "AAAAAAAAAAAAAAAAAAAAAA", "--yes", "--comment", "lag 1 s")).as(printed.toString(StandardCharsets.UTF_8))
                    .isZero();

            DescribeExecutionResponse done = finished();
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            JsonNode output = Json.parse(done.output());
            assertThat(output.path("channel").asText()).isEqualTo("cli");
            assertThat(output.path("decidedBy").asText()).matches("arn:aws:(sts|iam)::[0-9]{12}:\\S+");
            assertThat(ports.approvals().find("AAAAAAAAAAAAAAAAAAAAAA").orElseThrow().status()).isEqualTo(ApprovalStatus.DECIDED);
            assertThat(command.run("reject", "AAAAAAAAAAAAAAAAAAAAAA", "--yes")).as("decided once").isEqualTo(1);
        }

        @Test
        void aTokenNobodyWaitsForAnyMoreIsTaskGone() {
            String token = token();
            callbacks.succeed(token, "{}");
            finished();

            assertThatThrownBy(() -> callbacks.succeed(token, "{}")).satisfies(e -> assertThat(TaskGoneAccess.isTaskGone(e))
                    .as("a second decision for a finished task is 'no longer waiting' (%s)", e).isTrue());
            assertThatThrownBy(() -> callbacks.fail("not-a-token-" + UUID.randomUUID(), "Cutover.Rejected", "x"))
                    .satisfies(e -> assertThat(TaskGoneAccess.isTaskGone(e)).as("an unknown token (%s)", e).isTrue());
        }
    }

    // ---- DynamoDB -------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("DynamoDB approval store (DynamoDbApprovalStore: conditional PutItem/UpdateItem, GetItem, Scan; TTL)")
    class DynamoDbApprovals {
        private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        private final String table = unique("cutover-approvals");
        private DynamoDbClient dynamo;
        private ApprovalStore store;

        /** The table as template.yaml's ApprovalsTable defines it: key schema, attribute types, TTL attribute. */
        @BeforeEach
        @SuppressWarnings("unchecked")
        void tableFromTheTemplate() {
            Map<String, Object> p = SamTemplate.read(Project.template()).properties("ApprovalsTable");
            List<AttributeDefinition> attributes = ((List<Map<String, String>>) p.get("AttributeDefinitions")).stream()
                    .map(a -> AttributeDefinition.builder().attributeName(a.get("AttributeName")).attributeType(a.get("AttributeType")).build())
                    .toList();
            List<KeySchemaElement> key = ((List<Map<String, String>>) p.get("KeySchema")).stream()
                    .map(k -> KeySchemaElement.builder().attributeName(k.get("AttributeName")).keyType(k.get("KeyType")).build())
                    .toList();
            String ttlAttribute = ((Map<String, Object>) p.get("TimeToLiveSpecification")).get("AttributeName").toString();
            dynamo = clients().build(DynamoDbClient.builder(), "DYNAMODB");
            dynamo.createTable(c -> c.tableName(table).attributeDefinitions(attributes).keySchema(key)
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            dynamo.updateTimeToLive(u -> u.tableName(table).timeToLiveSpecification(t -> t.attributeName(ttlAttribute).enabled(true)));
            store = ports(Map.of(Env.APPROVALS_TABLE, table)).approvals();
        }

        private Approval approval(String id, String token) {
            ObjectNodeEvidence evidence = new ObjectNodeEvidence();
            return new Approval(id, Gate.CUTOVER, "orders-eu", "exec-1", "11 Cutover approval", token, evidence.json(),
                    new Consequences("stop DMS", "unfreeze", "unfreeze too"), NOW, NOW.plusSeconds(3600),
                    NOW.plusSeconds(2700), null, ApprovalStatus.PENDING, null);
        }

        private Decision decision(String id, ApprovalAction action) {
            return new Decision(id, action, "dba@example.com", "lag 0 s", "203.0.113.7", "Mozilla/5.0", NOW.plusSeconds(60));
        }

        @Test
        void anApprovalIsStoredOnceWithItsTokenAndATtlInEpochSecondsOnTheTemplatesTtlAttribute() {
            Approval stored = store.createIfAbsent(approval("a-1", "token-1"));
            Approval retried = store.createIfAbsent(approval("a-1", "token-2"));

            assertThat(stored.taskToken()).isEqualTo("token-1");
            assertThat(retried.taskToken()).as("a retried create keeps what is stored").isEqualTo("token-1");
            assertThat(store.find("a-1")).hasValueSatisfying(a -> {
                assertThat(a.taskToken()).isEqualTo("token-1");
                assertThat(a.evidence()).isEqualTo(new ObjectNodeEvidence().json());
                assertThat(a.expiresAt()).isEqualTo(NOW.plusSeconds(3600));
            });
            var ttl = dynamo.describeTimeToLive(d -> d.tableName(table)).timeToLiveDescription();
            assertThat(ttl.timeToLiveStatus()).isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);
            // TTL needs a Number holding epoch seconds (DynamoDB TTL: "Unix epoch time format in seconds")
            AttributeValue deleteAfter = dynamo.getItem(g -> g.tableName(table).key(Map.of("approvalId", AttributeValue.fromS("a-1"))))
                    .item().get(ttl.attributeName());
            assertThat(deleteAfter.n()).isEqualTo(Long.toString(NOW.plusSeconds(3600).plus(Duration.ofDays(30)).getEpochSecond()));
            assertThat(store.find("never-created")).isEmpty();
        }

        @Test
        void aSecondClaimIsRefusedWithTheApprovalAsStoredWithoutItsToken() {
            store.createIfAbsent(approval("a-7", "token-7"));

            ClaimResult first = store.claim("a-7", decision("d-1", ApprovalAction.APPROVE), NOW.plusSeconds(60));
            ClaimResult second = store.claim("a-7", decision("d-2", ApprovalAction.REJECT), NOW.plusSeconds(61));

            assertThat(first).isInstanceOfSatisfying(ClaimResult.Claimed.class, c -> {
                assertThat(c.approval().taskToken()).isEqualTo("token-7");
                assertThat(c.approval().decision().decisionId()).isEqualTo("d-1");
            });
            assertThat(second).isInstanceOfSatisfying(ClaimResult.Refused.class, r -> {
                assertThat(r.reason()).isEqualTo(ClaimResult.Reason.ALREADY_DECIDED);
                assertThat(r.current().decision().decisionId()).as("the item as stored, from the failed condition").isEqualTo("d-1");
                assertThat(r.current().taskToken()).isNull();
            });
        }

        @Test
        void exactlyOneOfManyRacingClaimsWinsAndTheOthersSeeItDecided() throws Exception {
            backend().assumeEmulates(AwsGap.DYNAMODB_CONCURRENT_CONDITIONAL_WRITES);
            store.createIfAbsent(approval("a-2", "token-2"));
            int racers = 6;
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ClaimResult>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String decisionId = "d-" + i;
                Callable<ClaimResult> claim = () -> {
                    start.await();
                    return store.claim("a-2", decision(decisionId, ApprovalAction.APPROVE), NOW.plusSeconds(60));
                };
                results.add(pool.submit(claim));
            }
            start.countDown();
            List<ClaimResult> outcomes = new ArrayList<>();
            for (Future<ClaimResult> f : results) {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            }
            pool.shutdown();

            assertThat(outcomes).filteredOn(r -> r instanceof ClaimResult.Claimed).hasSize(1);
            assertThat(outcomes).filteredOn(r -> r instanceof ClaimResult.Refused refused
                    && refused.reason() == ClaimResult.Reason.ALREADY_DECIDED && refused.current().taskToken() == null).hasSize(racers - 1);
            ClaimResult.Claimed winner = (ClaimResult.Claimed) outcomes.stream().filter(r -> r instanceof ClaimResult.Claimed).findFirst().orElseThrow();
            assertThat(winner.approval().taskToken()).isEqualTo("token-2");
            assertThat(winner.approval().status()).isEqualTo(ApprovalStatus.DECIDING);
        }

        /**
         * local/cutover-approve and the page decide through one path (ApprovalCallback.decide) on this table: whichever
         * claims first wins and is delivered, the other is refused and changes nothing; the waiting gates are listed
         * without their tokens, and a decided one is no longer listed.
         */
        @Test
        void aCommandDecisionAndALinkClickOnOneGateTheFirstWinsAndTheWaitingListFollows() {
            store.createIfAbsent(approval("a-8", "token-8"));
            store.createIfAbsent(approval("a-9", "token-9"));
            assertThat(store.waiting(NOW.plusSeconds(30))).extracting(Approval::approvalId).contains("a-8", "a-9")
                    .hasSize(2);
            assertThat(store.waiting(NOW.plusSeconds(30))).allSatisfy(a -> assertThat(a.taskToken()).isNull());
            RecordingCallbacks callbacks = new RecordingCallbacks();
            var decide = new io.cutover.approval.ApprovalCallback(InMemoryPorts.builder().approvals(store).callbacks(callbacks)
                    .build());
            Decision command = new Decision("d-cli", ApprovalAction.APPROVE, "arn:aws:iam::123456789012:user/ana", null, null,
                    "cutover-approve", NOW.plusSeconds(60), Decision.CLI);
            Decision click = new Decision("d-link", ApprovalAction.REJECT, "Bo", null, "203.0.113.7", "Mozilla/5.0",
                    NOW.plusSeconds(61));

            var first = decide.decide("a-8", command, NOW.plusSeconds(60));
            var second = decide.decide("a-8", click, NOW.plusSeconds(61));

            assertThat(first.outcome()).isEqualTo(io.cutover.approval.ApprovalCallback.Outcome.DELIVERED);
            assertThat(second.outcome()).isEqualTo(io.cutover.approval.ApprovalCallback.Outcome.ALREADY_DECIDED);
            assertThat(callbacks.calls()).singleElement().satisfies(c -> {
                assertThat(c.kind()).isEqualTo("success");
                assertThat(c.taskToken()).isEqualTo("token-8");
            });
            Approval stored = store.find("a-8").orElseThrow();
            assertThat(stored.status()).isEqualTo(ApprovalStatus.DECIDED);
            assertThat(stored.decision().channel()).isEqualTo(Decision.CLI);
            assertThat(stored.decision().decidedBy()).isEqualTo("arn:aws:iam::123456789012:user/ana");
            assertThat(store.waiting(NOW.plusSeconds(62))).extracting(Approval::approvalId).containsExactly("a-9");
        }

        /** Who decides with local/cutover-approve: the ARN STS GetCallerIdentity answers for the credentials in use. */
        @Test
        void theCommandsCallerIsTheArnThatStsAnswers() {
            assertThat(io.cutover.local.approval.ApproveCommand.callerIdentity(clients()))
                    .matches("arn:aws:(sts|iam)::[0-9]{12}:\\S+");
        }

        @Test
        void anExpiredApprovalCannotBeClaimedAndAnUnknownOneIsNotFound() {
            store.createIfAbsent(approval("a-3", "token-3"));

            ClaimResult late = store.claim("a-3", decision("d-late", ApprovalAction.APPROVE), NOW.plusSeconds(3600));
            ClaimResult unknown = store.claim("nobody", decision("d-x", ApprovalAction.APPROVE), NOW);

            assertThat(late).isInstanceOfSatisfying(ClaimResult.Refused.class, r -> assertThat(r.reason()).isEqualTo(ClaimResult.Reason.EXPIRED));
            assertThat(unknown).isInstanceOfSatisfying(ClaimResult.Refused.class, r -> assertThat(r.reason()).isEqualTo(ClaimResult.Reason.NOT_FOUND));
            assertThat(store.find("a-3").orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
        }

        @Test
        void onlyTheClaimHolderFinishesOrReleasesAndFinishingRemovesTheToken() {
            store.createIfAbsent(approval("a-4", "token-4"));
            store.createIfAbsent(approval("a-5", "token-5"));
            store.claim("a-4", decision("d-4", ApprovalAction.APPROVE), NOW.plusSeconds(60));
            store.claim("a-5", decision("d-5", ApprovalAction.REJECT), NOW.plusSeconds(60));

            assertThat(store.finish("a-4", "someone-else", ApprovalStatus.DECIDED, NOW.plusSeconds(61))).isFalse();
            assertThat(store.finish("a-4", "d-4", ApprovalStatus.DECIDED, NOW.plusSeconds(61))).isTrue();
            assertThat(store.release("a-5", "someone-else")).isFalse();
            assertThat(store.release("a-5", "d-5")).isTrue();

            Approval finished = store.find("a-4").orElseThrow();
            assertThat(finished.status()).isEqualTo(ApprovalStatus.DECIDED);
            assertThat(finished.taskToken()).isNull();
            assertThat(finished.decision().decidedBy()).isEqualTo("dba@example.com");
            Approval released = store.find("a-5").orElseThrow();
            assertThat(released.status()).isEqualTo(ApprovalStatus.PENDING);
            assertThat(released.decision()).isNull();
            assertThat(released.taskToken()).isEqualTo("token-5");
        }

        @Test
        void remindersAreFoundWithoutTheirTokensAndMarkedOnce() {
            store.createIfAbsent(approval("a-6", "token-6"));
            Instant remindTime = NOW.plusSeconds(2800);

            List<Approval> due = store.dueForReminder(remindTime);

            assertThat(due).extracting(Approval::approvalId).containsExactly("a-6");
            assertThat(due.get(0).taskToken()).isNull();
            assertThat(store.dueForReminder(NOW)).isEmpty();
            assertThat(store.markReminded("a-6", remindTime)).isTrue();
            assertThat(store.markReminded("a-6", remindTime.plusSeconds(5))).isFalse();
            assertThat(store.dueForReminder(remindTime.plusSeconds(10))).isEmpty();
        }

        @Test
        void aMissingTableIsAConfigurationErrorNamingIt() {
            ApprovalStore nowhere = ports(Map.of(Env.APPROVALS_TABLE, "cutover-no-such-table")).approvals();
            assertThatThrownBy(() -> nowhere.find("a-1")).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("cutover-no-such-table");
        }
    }

    /** The evidence an approval page shows: a small JSON document. */
    private record ObjectNodeEvidence() {
        JsonNode json() {
            return Json.parse("{\"lagSeconds\":0,\"tables\":{\"shop.orders\":{\"source\":420,\"target\":420}}}");
        }
    }

    // ---- Secrets Manager ------------------------------------------------------------------------------------

    @Nested
    @DisplayName("Secrets Manager (SecretsManagerSecrets: GetSecretValue)")
    class SecretsManager {
        private SecretsManagerClient client;
        private Secrets secrets;

        @BeforeEach
        void client() {
            client = clients().build(SecretsManagerClient.builder(), "SECRETS_MANAGER");
            secrets = ports(Map.of()).secrets();
        }

        @Test
        void aSecretStringIsReadByNameAndByArn() {
            String name = unique("cutover/source");
            String json = "{\"username\":\"cutover\",\"password\":\"p@ss w0rd\",\"host\":\"db.example.com\",\"port\":3306}";
            String arn = client.createSecret(c -> c.name(name).secretString(json)).arn();

            assertThat(secrets.secretString(name)).isEqualTo(json);
            assertThat(secrets.secretString(arn)).isEqualTo(json);
        }

        @Test
        void aMissingSecretIsAConfigurationErrorAndABinaryOneIsRefused() {
            String missing = unique("cutover/missing");
            assertThatThrownBy(() -> secrets.secretString(missing)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("secret " + missing + " does not exist");

            String binary = unique("cutover/binary");
            client.createSecret(c -> c.name(binary).secretBinary(software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[] {1, 2})));
            assertThatThrownBy(() -> secrets.secretString(binary)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("has no SecretString");
        }
    }

    // ---- The application switch -------------------------------------------------------------------------------

    @Nested
    @DisplayName("Application endpoints (AwsApplicationEndpoints: GetParameter, PutParameter, GetSecretValue, PutSecretValue, "
            + "ListResourceRecordSets, ChangeResourceRecordSets) and the switch over them")
    class ApplicationEndpoints {
        private software.amazon.awssdk.services.ssm.SsmClient ssm;
        private SecretsManagerClient secretsManager;
        private software.amazon.awssdk.services.route53.Route53Client route53;
        private io.cutover.core.ports.ApplicationEndpoints endpoints;

        @BeforeEach
        void serviceClients() {
            ssm = clients().build(software.amazon.awssdk.services.ssm.SsmClient.builder(), "SSM");
            secretsManager = clients().build(SecretsManagerClient.builder(), "SECRETS_MANAGER");
            route53 = clients().build(software.amazon.awssdk.services.route53.Route53Client.builder(), "ROUTE_53");
            endpoints = ports(Map.of()).applicationEndpoints();
        }

        @Test
        void aParameterIsReadAndOverwrittenKeepingItsTypeAMissingOneIsEmptyASecureStringRefused() {
            String name = "/" + unique("orders") + "/db/host";
            ssm.putParameter(r -> r.name(name).value("mysql-prod.internal").type(software.amazon.awssdk.services.ssm.model.ParameterType.STRING));

            assertThat(endpoints.parameter(name)).contains("mysql-prod.internal");
            endpoints.putParameter(name, "orders.cluster-abc." + AwsBackend.REGION + ".rds.amazonaws.com");
            var after = ssm.getParameter(r -> r.name(name)).parameter();
            assertThat(after.value()).isEqualTo("orders.cluster-abc." + AwsBackend.REGION + ".rds.amazonaws.com");
            assertThat(after.type()).isEqualTo(software.amazon.awssdk.services.ssm.model.ParameterType.STRING);
            assertThat(after.version()).isEqualTo(2L);

            assertThat(endpoints.parameter("/" + unique("missing"))).isEmpty();
            String secure = "/" + unique("secure");
            ssm.putParameter(r -> r.name(secure).value("s3cr3t-value").type(software.amazon.awssdk.services.ssm.model.ParameterType.SECURE_STRING));
            assertThatThrownBy(() -> endpoints.parameter(secure)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("SecureString").hasMessageNotContaining("s3cr3t");
        }

        @Test
        void aSecretsEndpointFieldIsChangedInANewVersionKeepingTheOthers() {
            String name = unique("orders/app-db");
            secretsManager.createSecret(c -> c.name(name)
                    .secretString("{\"username\":\"app\",\"password\":\"p@ss\",\"host\":\"mysql-prod.internal\",\"port\":3306}"));

            assertThat(endpoints.secretField(name, "host")).contains("mysql-prod.internal");
            endpoints.putSecretField(name, "host", "aurora.example");
            JsonNode after = Json.parse(secretsManager.getSecretValue(r -> r.secretId(name)).secretString());
            assertThat(after.get("host").asText()).isEqualTo("aurora.example");
            assertThat(after.get("password").asText()).isEqualTo("p@ss");
            assertThat(after.get("port").asInt()).isEqualTo(3306);
            assertThat(secretsManager.listSecretVersionIds(r -> r.secretId(name)).versions()).hasSize(2);
        }

        @Test
        void aRecordIsUpsertedReadFromItsNameAndTypeAndDeleted() {
            String zoneName = unique("orders") + ".example.com";
            String zone = route53.createHostedZone(r -> r.name(zoneName).callerReference(unique("ref"))).hostedZone().id();
            String record = "db." + zoneName;

            assertThat(endpoints.dnsRecord(zone, record, "CNAME")).isEmpty();
            endpoints.upsertDnsRecord(zone, new io.cutover.core.ports.ApplicationEndpoints.DnsRecord(record, "CNAME", 60,
                    List.of("mysql-prod.internal")));
            var read = endpoints.dnsRecord(zone, record, "CNAME").orElseThrow();
            assertThat(read.ttl()).isEqualTo(60);
            assertThat(read.values()).containsExactly("mysql-prod.internal");
            assertThat(read.name()).isEqualToIgnoringCase(record + ".");
            assertThat(endpoints.dnsRecord(zone, "other." + zoneName, "CNAME")).isEmpty();

            endpoints.upsertDnsRecord(zone, new io.cutover.core.ports.ApplicationEndpoints.DnsRecord(record, "CNAME", 30,
                    List.of("aurora.example")));
            assertThat(endpoints.dnsRecord(zone, record, "CNAME").orElseThrow().values()).containsExactly("aurora.example");

            endpoints.deleteDnsRecord(zone, endpoints.dnsRecord(zone, record, "CNAME").orElseThrow());
            assertThat(endpoints.dnsRecord(zone, record, "CNAME")).isEmpty();
        }

        @Test
        void theSwitchAndItsReversalOverTheRealAdapters() {
            String name = "/" + unique("orders") + "/db/host";
            ssm.putParameter(r -> r.name(name).value("mysql-prod.internal").type(software.amazon.awssdk.services.ssm.model.ParameterType.STRING));
            String zoneName = unique("orders") + ".example.com";
            String zone = route53.createHostedZone(r -> r.name(zoneName).callerReference(unique("ref"))).hostedZone().id();
            endpoints.upsertDnsRecord(zone, new io.cutover.core.ports.ApplicationEndpoints.DnsRecord("db." + zoneName, "CNAME", 300,
                    List.of("mysql-prod.internal")));
            var config = Json.convert(Json.parse(("""
                    {"migrationId": "orders", "source": {"secretId": "s"}, "target": {"secretId": "t"}, "schemas": ["orders"],
                     "switch": {"parameter": {"name": "%s", "value": "aurora.example"},
                                "route53": {"hostedZoneId": "%s", "recordName": "db.%s", "value": "aurora.example"}}}""")
                    .formatted(name, zone, zoneName)), io.cutover.core.config.MigrationConfig.class);
            var ports = io.cutover.core.ports.memory.InMemoryPorts.builder().applicationEndpoints(endpoints).build();
            var appSwitch = new io.cutover.cutover.ApplicationSwitch(ports);

            appSwitch.perform(config, "exec-1", null);
            assertThat(ssm.getParameter(r -> r.name(name)).parameter().value()).isEqualTo("aurora.example");
            assertThat(endpoints.dnsRecord(zone, "db." + zoneName, "CNAME").orElseThrow().ttl()).isEqualTo(60);

            appSwitch.reverse(config, "exec-1");
            assertThat(ssm.getParameter(r -> r.name(name)).parameter().value()).isEqualTo("mysql-prod.internal");
            var back = endpoints.dnsRecord(zone, "db." + zoneName, "CNAME").orElseThrow();
            assertThat(back.values()).containsExactly("mysql-prod.internal");
            assertThat(back.ttl()).isEqualTo(300);
        }
    }

    // ---- RDS ------------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("RDS cluster snapshots (RdsSnapshots: CreateDBClusterSnapshot, DescribeDBClusterSnapshots)")
    class RdsClusterSnapshots {
        private final String cluster = unique("orders-aurora");
        private RdsClient rds;
        private Snapshots snapshots;

        @BeforeEach
        void cluster() {
            rds = clients().build(RdsClient.builder(), "RDS");
            rds.createDBCluster(c -> c.dbClusterIdentifier(cluster).engine("aurora-mysql").masterUsername("admin")
                    .masterUserPassword("contract-test-only-1"));
            snapshots = ports(Map.of()).snapshots();
        }

        private Snapshots.SnapshotRequest request(String clusterId, String snapshotId) {
            return new Snapshots.SnapshotRequest(clusterId, snapshotId, List.of("shop"),
                    Map.of("cutover:migration-id", "orders-eu", "cutover:purpose", "pre-switch"));
        }

        @Test
        void aSnapshotIsCreatedTaggedAndFoundAgainByARetry() {
            String id = unique("cutover-orders-eu-pre-switch");

            SnapshotStatus first = snapshots.create(request(cluster, id));
            SnapshotStatus retry = snapshots.create(request(cluster, id));

            assertThat(first.created()).isTrue();
            assertThat(first.snapshotId()).isEqualTo(id);
            assertThat(first.clusterIdentifier()).isEqualTo(cluster);
            assertThat(first.location()).startsWith("arn:aws:rds:" + AwsBackend.REGION + ":").endsWith(":cluster-snapshot:" + id);
            assertThat(retry.created()).as("the snapshot that already exists is adopted, not a second one").isFalse();
            assertThat(retry.snapshotId()).isEqualTo(id);
            SnapshotStatus available = await("the snapshot to be available", () ->
                    snapshots.describe(cluster, id).filter(SnapshotStatus::isAvailable));
            assertThat(available.createdAt()).isNotNull();
            DBClusterSnapshot described = rds.describeDBClusterSnapshots(d -> d.dbClusterSnapshotIdentifier(id)).dbClusterSnapshots().get(0);
            assertThat(described.tagList()).extracting(t -> t.key() + "=" + t.value())
                    .contains("cutover:migration-id=orders-eu", "cutover:purpose=pre-switch");
        }

        @Test
        void aSnapshotOfAnotherClusterUnderTheSameIdentifierIsAConflictNotAdopted() {
            String other = unique("other-aurora");
            rds.createDBCluster(c -> c.dbClusterIdentifier(other).engine("aurora-mysql").masterUsername("admin")
                    .masterUserPassword("contract-test-only-1"));
            String id = unique("cutover-orders-eu-pre-switch");
            snapshots.create(request(other, id));

            assertThatThrownBy(() -> snapshots.create(request(cluster, id))).isInstanceOf(SnapshotConflictException.class)
                    .hasMessageContaining("is not a snapshot of cluster " + cluster);
        }

        @Test
        void theClustersBackupsAreReadWithTheirRetentionAndLatestRestorableTime() {
            String kept = unique("kept-aurora");
            rds.createDBCluster(c -> c.dbClusterIdentifier(kept).engine("aurora-mysql").masterUsername("admin")
                    .masterUserPassword("contract-test-only-1").backupRetentionPeriod(3));

            Snapshots.ClusterBackups backups = snapshots.backups(kept).orElseThrow();

            assertThat(backups.clusterIdentifier()).isEqualTo(kept);
            assertThat(backups.retentionDays()).isEqualTo(3);
            assertThat(backups.latestRestorableTime()).as("DescribeDBClusters' LatestRestorableTime").isNotNull();
            assertThat(snapshots.backups(unique("no-such-cluster"))).isEmpty();
        }

        @Test
        void anUnknownClusterIsAConfigurationErrorAndAnUnknownSnapshotIsAbsent() {
            assertThatThrownBy(() -> snapshots.create(request(unique("no-such-cluster"), unique("cutover-x-pre-switch"))))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("target.clusterIdentifier");
            assertThat(snapshots.describe(cluster, unique("cutover-never-taken"))).isEmpty();
        }
    }

    // ---- CloudWatch -----------------------------------------------------------------------------------------

    @Nested
    @DisplayName("CloudWatch CDC metrics the lag polls read (DmsCdcMetrics: GetMetricData)")
    class CloudWatchCdcMetrics {
        private CloudWatchClient cloudWatch;
        private DmsCdcMetrics metrics;

        @BeforeEach
        void client() {
            cloudWatch = clients().build(CloudWatchClient.builder(), "CLOUDWATCH");
            metrics = new DmsCdcMetrics(cloudWatch, Clock.systemUTC());
        }

        @Test
        void aTaskWithoutDatapointsReadsAsUnknownNeverZero() {
            DmsCdcMetrics.Latest latest = metrics.latest(unique("TASKNODATA").toUpperCase());
            assertThat(latest.sourceLatencySeconds()).isNull();
            assertThat(latest.targetLatencySeconds()).isNull();
            assertThat(latest.incomingChanges()).isNull();
        }

        @Test
        void theLatestDatapointOfEachMetricOfTheTaskIsRead() {
            backend().assumeEmulates(AwsGap.CLOUDWATCH_SEARCH_EXPRESSION);
            String task = unique("TASK").toUpperCase();
            Instant now = Instant.now();
            List<Dimension> dimensions = List.of(Dimension.builder().name("ReplicationInstanceIdentifier").value("cutover-dms").build(),
                    Dimension.builder().name("ReplicationTaskIdentifier").value(task).build());
            cloudWatch.putMetricData(p -> p.namespace("AWS/DMS").metricData(
                    MetricDatum.builder().metricName("CDCLatencySource").dimensions(dimensions).value(7.0).timestamp(now.minusSeconds(150)).build(),
                    MetricDatum.builder().metricName("CDCLatencySource").dimensions(dimensions).value(2.0).timestamp(now.minusSeconds(30)).build(),
                    MetricDatum.builder().metricName("CDCLatencyTarget").dimensions(dimensions).value(3.0).timestamp(now.minusSeconds(30)).build(),
                    MetricDatum.builder().metricName("CDCIncomingChanges").dimensions(dimensions).value(41.6).timestamp(now.minusSeconds(30)).build()));

            DmsCdcMetrics.Latest latest = await("the datapoints", () -> Optional.of(metrics.latest(task))
                    .filter(l -> l.sourceLatencySeconds() != null));
            assertThat(latest.sourceLatencySeconds()).isEqualTo(2.0);
            assertThat(latest.targetLatencySeconds()).isEqualTo(3.0);
            assertThat(latest.incomingChanges()).isEqualTo(42L);
        }
    }

    // ---- DMS ------------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("DMS (DmsReplication: endpoints, connection tests, task lifecycle)")
    class DmsReplicationAdapter {
        private static final String CERT = "arn:aws:dms:eu-west-1:123456789012:cert:RDSGLOBALBUNDLE";
        private static final String SOURCE_CERT = "arn:aws:dms:eu-west-1:123456789012:cert:ORDERS-SOURCE-CA";
        private static final String ROLE = "arn:aws:iam::123456789012:role/cutover-dms-secrets";
        private DatabaseMigrationClient dms;
        private Replication replication;
        private String instanceArn;
        private final String prefix = unique("cutover-orders");

        @BeforeEach
        void replicationInstance() {
            dms = clients().build(DatabaseMigrationClient.builder(), "DATABASE_MIGRATION_SERVICE");
            instanceArn = backend().createReplicationInstance(unique("cutover-dms"));
            replication = ports(Map.of()).replication();
        }

        private EndpointSpec spec(String sourceTimezone) {
            return new EndpointSpec(prefix, null, null, "cutover/orders-source-dms", "cutover/orders-target-dms", ROLE,
                    new DmsTls(DatabaseRole.SOURCE, "verify-full", SOURCE_CERT), new DmsTls(DatabaseRole.TARGET, "verify-full", CERT),
                    sourceTimezone, "SET FOREIGN_KEY_CHECKS=0");
        }

        private Endpoint described(String arn) {
            return dms.describeEndpoints(d -> d.filters(Filter.builder().name("endpoint-arn").values(arn).build())).endpoints().get(0);
        }

        private TaskDefinition task(EndpointPair endpoints, List<String> schemas) {
            return new TaskDefinition(prefix, instanceArn, endpoints, "full-load-and-cdc", TableMappings.build(schemas),
                    TaskSettings.defaults().toJson());
        }

        @Test
        void endpointsAreCreatedWithSecretsTlsTimeZoneAndInitStatementsAndFoundAgainByARetry() {
            EndpointPair created = replication.ensureEndpoints(spec("Europe/Paris"));
            EndpointPair again = replication.ensureEndpoints(spec("Europe/Paris"));

            assertThat(again).isEqualTo(created);
            Endpoint source = described(created.sourceEndpointArn());
            assertThat(source.endpointIdentifier()).isEqualTo(prefix + "-source");
            assertThat(source.endpointTypeAsString()).isEqualToIgnoringCase("source");
            assertThat(source.engineName()).isEqualTo("mysql");
            assertThat(source.sslModeAsString()).isEqualTo("verify-full");
            assertThat(source.certificateArn()).isEqualTo(SOURCE_CERT);
            assertThat(source.mySQLSettings().secretsManagerSecretId()).isEqualTo("cutover/orders-source-dms");
            assertThat(source.mySQLSettings().secretsManagerAccessRoleArn()).isEqualTo(ROLE);
            assertThat(source.mySQLSettings().serverTimezone()).isEqualTo("Europe/Paris");
            Endpoint target = described(created.targetEndpointArn());
            assertThat(target.engineName()).isEqualTo("aurora");
            assertThat(target.endpointTypeAsString()).isEqualToIgnoringCase("target");
            assertThat(target.sslModeAsString()).isEqualTo("verify-full");
            assertThat(target.certificateArn()).isEqualTo(CERT);
            assertThat(target.mySQLSettings().afterConnectScript()).isEqualTo("SET FOREIGN_KEY_CHECKS=0");
        }

        @Test
        void anEndpointWithOtherSettingsIsAConflictAndAnEndpointGivenByArnIsCheckedNotChanged() {
            EndpointPair created = replication.ensureEndpoints(spec("UTC"));

            assertThatThrownBy(() -> replication.ensureEndpoints(spec("Europe/Paris")))
                    .isInstanceOf(ReplicationConflictException.class).hasMessageContaining("ServerTimezone");
            EndpointSpec byArn = new EndpointSpec(prefix, created.sourceEndpointArn(), created.targetEndpointArn(), null, null, null,
                    new DmsTls(DatabaseRole.SOURCE, "verify-ca", SOURCE_CERT), new DmsTls(DatabaseRole.TARGET, "verify-full", CERT),
                    "UTC", "SET FOREIGN_KEY_CHECKS=0");
            assertThatThrownBy(() -> replication.ensureEndpoints(byArn)).isInstanceOf(ReplicationConflictException.class)
                    .hasMessageContaining("its SslMode is verify-full").hasMessageContaining("Nothing was changed");
            assertThat(described(created.sourceEndpointArn()).sslModeAsString()).isEqualTo("verify-full");
        }

        @Test
        void connectionTestsRunFromTheReplicationInstanceAndReportEachEndpoint() {
            EndpointPair endpoints = replication.ensureEndpoints(spec("UTC"));

            replication.startConnectionTests(instanceArn, endpoints);

            List<Replication.ConnectionStatus> statuses = await("both connection tests to end", () -> {
                List<Replication.ConnectionStatus> now = replication.connectionStatus(instanceArn, endpoints);
                return now.stream().anyMatch(s -> s.state() == Replication.ConnectionState.TESTING) ? Optional.empty() : Optional.of(now);
            });
            assertThat(statuses).extracting(Replication.ConnectionStatus::endpointArn)
                    .containsExactly(endpoints.sourceEndpointArn(), endpoints.targetEndpointArn());
            assertThat(statuses).allSatisfy(s -> assertThat(s.state()).isNotEqualTo(Replication.ConnectionState.NOT_TESTED));
        }

        @Test
        void aTaskIsCreatedOnceStartedAndStoppedAndAnotherDefinitionIsAConflict() {
            backend().assumeEmulates(AwsGap.DMS_TASK_TIMESTAMPS);
            EndpointPair endpoints = replication.ensureEndpoints(spec("UTC"));
            TaskRef created = replication.ensureTask(task(endpoints, List.of("shop")));
            TaskRef again = replication.ensureTask(task(endpoints, List.of("shop")));

            assertThat(created.created()).isTrue();
            assertThat(again.created()).isFalse();
            assertThat(again.taskArn()).isEqualTo(created.taskArn());
            assertThatThrownBy(() -> replication.ensureTask(task(endpoints, List.of("shop", "billing"))))
                    .isInstanceOf(ReplicationConflictException.class).hasMessageContaining("TableMappings differ");

            await("the task to be ready", () -> Optional.of(replication.status(created))
                    .filter(s -> !"creating".equals(s.status())));
            replication.start(created, Replication.StartMode.START_REPLICATION);
            assertThat(await("the task to run", () -> Optional.of(replication.status(created).status())
                    .filter(s -> s.equals("running")))).isEqualTo("running");
            replication.stop(created);
            assertThat(await("the task to stop", () -> Optional.of(replication.status(created).status())
                    .filter(s -> s.equals("stopped")))).isEqualTo("stopped");
            replication.stop(created); // stopping a stopped task is not an error
        }

        @Test
        void theTargetsInitStatementsAreSwitchedInPlace() {
            backend().assumeEmulates(AwsGap.DMS_MODIFY_ENDPOINT);
            EndpointPair endpoints = replication.ensureEndpoints(spec("UTC"));

            replication.setTargetInitStatements(endpoints.targetEndpointArn(), "");

            Endpoint target = described(endpoints.targetEndpointArn());
            assertThat(target.mySQLSettings().afterConnectScript()).isEqualTo("SET FOREIGN_KEY_CHECKS=1");
            assertThat(target.mySQLSettings().secretsManagerSecretId()).as("merged, not replaced").isEqualTo("cutover/orders-target-dms");
        }

        @Test
        void progressAndCdcSamplesReadTheTablesStatistics() {
            backend().assumeEmulates(AwsGap.DMS_TASK_TIMESTAMPS);
            backend().assumeEmulates(AwsGap.DMS_TABLE_STATISTICS);
            EndpointPair endpoints = replication.ensureEndpoints(spec("UTC"));
            TaskRef task = replication.ensureTask(task(endpoints, List.of("shop")));

            Replication.TaskProgress progress = replication.progress(task);
            Replication.CdcSample sample = replication.cdcSample(task);

            assertThat(progress.status()).isNotBlank();
            assertThat(sample.inserts()).isNotNegative();
        }

        @Test
        void anAssessmentRunIsStartedOnceAndReported() {
            backend().assumeEmulates(AwsGap.DMS_TASK_TIMESTAMPS);
            backend().assumeEmulates(AwsGap.DMS_ASSESSMENT_RUNS);
            EndpointPair endpoints = replication.ensureEndpoints(spec("UTC"));
            TaskRef task = replication.ensureTask(task(endpoints, List.of("shop")));
            var spec = new Replication.AssessmentSpec(unique("cutover-assessments"), "arn:aws:iam::123456789012:role/cutover-assess", "run-1");

            replication.startAssessment(task, spec);
            replication.startAssessment(task, spec);

            assertThat(replication.assessment(task).runArn()).isNotNull();
        }
    }
}
