package io.cutover.core.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.cutover.approval.ApprovalFixture;
import io.cutover.core.config.Env;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.error.TransientAwsException;
import io.cutover.core.json.Json;
import io.cutover.core.ports.approval.Approval;
import io.cutover.core.ports.approval.ApprovalAction;
import io.cutover.core.ports.approval.ApprovalStatus;
import io.cutover.core.ports.approval.ClaimResult;
import io.cutover.core.ports.approval.Consequences;
import io.cutover.core.ports.approval.Decision;
import io.cutover.core.ports.approval.Gate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB adapter with the real SDK v2 client against a stub with DynamoDB's conditional-write semantics. */
class DynamoDbApprovalStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-24T20:00:00Z");
    private static final Instant EXPIRES = NOW.plusSeconds(3600);

    private final DynamoDbStub dynamo = new DynamoDbStub();
    private final DynamoDbApprovalStore store = store(DynamoDbStub.TABLE);

    @AfterEach
    void stop() {
        dynamo.close();
    }

    private DynamoDbApprovalStore store(String table) {
        return new DynamoDbApprovalStore(dynamo.clients().build(DynamoDbClient.builder(), "DYNAMODB"), table);
    }

    private static Approval approval(String id, String token) {
        return new Approval(id, Gate.CUTOVER, "orders-eu", "exec-1", "11 Cutover approval", token, ApprovalFixture.evidence(),
                new Consequences("stop DMS", "unfreeze", "unfreeze too"), NOW, EXPIRES, EXPIRES.minusSeconds(900), null,
                ApprovalStatus.PENDING, null);
    }

    private static Decision decision(String id, ApprovalAction action, String who) {
        return new Decision(id, action, who, "ok", "203.0.113.7", "Mozilla/5.0", NOW.plusSeconds(60));
    }

    private static RequestPatternBuilder op(String operation) {
        return postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810." + operation))
                .withHeader("Content-Type", containing("application/x-amz-json-1.0"))
                .withHeader("Authorization", containing("Credential=AKIDTEST/"));
    }

    @Test
    void createsWithAConditionalPutKeepingTheTokenAndATtl() {
        Approval stored = store.createIfAbsent(approval("id-1", "token-1"));

        assertThat(stored.taskToken()).isEqualTo("token-1");
        dynamo.server().verify(1, op("PutItem")
                .withRequestBody(matchingJsonPath("$.TableName", equalTo(DynamoDbStub.TABLE)))
                .withRequestBody(matchingJsonPath("$.ConditionExpression", equalTo("attribute_not_exists(#id)")))
                .withRequestBody(matchingJsonPath("$.ExpressionAttributeNames", equalToJson("{\"#id\":\"approvalId\"}")))
                .withRequestBody(matchingJsonPath("$.ReturnValuesOnConditionCheckFailure", equalTo("ALL_OLD")))
                .withRequestBody(matchingJsonPath("$.Item.approvalId", equalToJson("{\"S\":\"id-1\"}")))
                .withRequestBody(matchingJsonPath("$.Item.taskToken", equalToJson("{\"S\":\"token-1\"}")))
                .withRequestBody(matchingJsonPath("$.Item.status", equalToJson("{\"S\":\"PENDING\"}")))
                .withRequestBody(matchingJsonPath("$.Item.expiresAt", equalToJson("{\"N\":\"" + EXPIRES.getEpochSecond() + "\"}")))
                .withRequestBody(matchingJsonPath("$.Item.deleteAfter",
                        equalToJson("{\"N\":\"" + EXPIRES.plusSeconds(30 * 86400).getEpochSecond() + "\"}"))));
        Approval read = store.find("id-1").orElseThrow();
        assertThat(read).usingRecursiveComparison().isEqualTo(approval("id-1", "token-1"));
        dynamo.server().verify(op("GetItem").withRequestBody(equalToJson(
                "{\"TableName\":\"cutover-approvals\",\"Key\":{\"approvalId\":{\"S\":\"id-1\"}},\"ConsistentRead\":true}")));
        assertThat(store.find("nope")).isEmpty();
    }

    @Test
    void aRetriedCreateReturnsWhatIsStored() {
        store.createIfAbsent(approval("id-1", "token-1"));
        Approval retried = new Approval("id-1", Gate.CUTOVER, "orders-eu", "exec-1", null, "token-1", null, null,
                NOW.plusSeconds(30), EXPIRES.plusSeconds(30), null, null, ApprovalStatus.PENDING, null);
        Approval stored = store.createIfAbsent(retried);
        assertThat(stored.expiresAt()).isEqualTo(EXPIRES);
        assertThat(stored.createdAt()).isEqualTo(NOW);
        assertThat(dynamo.item("id-1").path("expiresAt").path("N").asText()).isEqualTo(Long.toString(EXPIRES.getEpochSecond()));
    }

    @Test
    void claimIsAConditionalUpdateThatOnlyThePendingUnexpiredApprovalPasses() {
        store.createIfAbsent(approval("id-1", "token-1"));

        ClaimResult first = store.claim("id-1", decision("d1", ApprovalAction.APPROVE, "Ana"), NOW.plusSeconds(60));
        ClaimResult second = store.claim("id-1", decision("d2", ApprovalAction.REJECT, "Bo"), NOW.plusSeconds(61));

        assertThat(first).isInstanceOfSatisfying(ClaimResult.Claimed.class, c -> {
            assertThat(c.approval().taskToken()).isEqualTo("token-1");
            assertThat(c.approval().status()).isEqualTo(ApprovalStatus.DECIDING);
            assertThat(c.approval().decision()).isEqualTo(decision("d1", ApprovalAction.APPROVE, "Ana"));
        });
        assertThat(second).isInstanceOfSatisfying(ClaimResult.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(ClaimResult.Reason.ALREADY_DECIDED);
            assertThat(r.current().decision().decidedBy()).isEqualTo("Ana");
            assertThat(r.current().taskToken()).as("a refusal never carries the token").isNull();
        });
        dynamo.server().verify(2, op("UpdateItem")
                .withRequestBody(matchingJsonPath("$.ConditionExpression", equalTo("#status = :pending AND #expiresAt > :now")))
                .withRequestBody(matchingJsonPath("$.ExpressionAttributeValues[':pending']", equalToJson("{\"S\":\"PENDING\"}")))
                .withRequestBody(matchingJsonPath("$.ReturnValues", equalTo("ALL_NEW")))
                .withRequestBody(matchingJsonPath("$.ReturnValuesOnConditionCheckFailure", equalTo("ALL_OLD")))
                .withRequestBody(matchingJsonPath("$.UpdateExpression", containing("SET #status = :deciding, #decisionId = :decisionId"))));
        assertThat(dynamo.item("id-1").path("decidedBy").path("S").asText()).isEqualTo("Ana");
        assertThat(dynamo.item("id-1").path("decisionComment").path("S").asText()).isEqualTo("ok");
    }

    @Test
    void theCutoverApprovedInAdvanceIsStoredWithTheDecisionReadBackAndReleasedWithIt() {
        store.createIfAbsent(approval("id-1", "token-1"));
        Decision inAdvance = new Decision("d1", ApprovalAction.APPROVE, "Ana", "ok", "203.0.113.7", "Mozilla/5.0", NOW.plusSeconds(60), true);

        ClaimResult claimed = store.claim("id-1", inAdvance, NOW.plusSeconds(60));

        assertThat(claimed).isInstanceOfSatisfying(ClaimResult.Claimed.class, c -> assertThat(c.approval().decision()).isEqualTo(inAdvance));
        assertThat(dynamo.item("id-1").path("cutoverInAdvance").path("BOOL").asBoolean()).isTrue();
        assertThat(store.find("id-1").orElseThrow().decision().cutoverInAdvance()).isTrue();
        assertThat(store.release("id-1", "d1")).isTrue();
        assertThat(dynamo.item("id-1").has("cutoverInAdvance")).as("released with the rest of the decision").isFalse();

        store.claim("id-1", decision("d2", ApprovalAction.APPROVE, "Bo"), NOW.plusSeconds(61));
        assertThat(dynamo.item("id-1").has("cutoverInAdvance")).as("not written when not chosen").isFalse();
        assertThat(store.find("id-1").orElseThrow().decision().cutoverInAdvance()).isFalse();
    }

    @Test
    void anExpiredOrUnknownApprovalIsRefusedAndLeftAsItWas() {
        store.createIfAbsent(approval("id-1", "token-1"));
        assertThat(store.claim("id-1", decision("d1", ApprovalAction.APPROVE, "Ana"), EXPIRES))
                .isInstanceOfSatisfying(ClaimResult.Refused.class, r -> assertThat(r.reason()).isEqualTo(ClaimResult.Reason.EXPIRED));
        assertThat(store.claim("nope", decision("d1", ApprovalAction.APPROVE, "Ana"), NOW))
                .isInstanceOfSatisfying(ClaimResult.Refused.class, r -> {
                    assertThat(r.reason()).isEqualTo(ClaimResult.Reason.NOT_FOUND);
                    assertThat(r.current()).isNull();
                });
        assertThat(dynamo.item("id-1").path("status").path("S").asText()).isEqualTo("PENDING");
        assertThat(dynamo.item("id-1").has("decisionId")).isFalse();
        assertThat(dynamo.item("nope")).isNull();
    }

    @Test
    void racingClaimsThroughTheRealClientLetExactlyOneWin() throws Exception {
        store.createIfAbsent(approval("id-1", "token-1"));
        int racers = 12;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<Future<ClaimResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                Decision d = decision("d" + i, i % 2 == 0 ? ApprovalAction.APPROVE : ApprovalAction.REJECT, "racer-" + i);
                Callable<ClaimResult> claim = () -> {
                    start.await();
                    return store.claim("id-1", d, NOW.plusSeconds(60));
                };
                results.add(pool.submit(claim));
            }
            start.countDown();
            List<ClaimResult> outcomes = new ArrayList<>();
            for (Future<ClaimResult> r : results) {
                outcomes.add(r.get(60, TimeUnit.SECONDS));
            }
            List<ClaimResult.Claimed> winners = outcomes.stream().filter(ClaimResult.Claimed.class::isInstance)
                    .map(ClaimResult.Claimed.class::cast).toList();
            assertThat(winners).hasSize(1);
            assertThat(outcomes).filteredOn(ClaimResult.Refused.class::isInstance).hasSize(racers - 1)
                    .allSatisfy(r -> assertThat(((ClaimResult.Refused) r).reason()).isEqualTo(ClaimResult.Reason.ALREADY_DECIDED));
            assertThat(dynamo.item("id-1").path("decidedBy").path("S").asText())
                    .isEqualTo(winners.get(0).approval().decision().decidedBy());
        } finally {
            pool.shutdownNow();
        }
        dynamo.server().verify(racers, op("UpdateItem"));
    }

    @Test
    void finishRemovesTheTokenAndOnlyTheClaimHolderCanFinishOrRelease() {
        store.createIfAbsent(approval("id-1", "token-1"));
        store.claim("id-1", decision("d1", ApprovalAction.APPROVE, "Ana"), NOW.plusSeconds(60));

        assertThat(store.finish("id-1", "someone-else", ApprovalStatus.DECIDED, NOW)).isFalse();
        assertThat(store.release("id-1", "someone-else")).isFalse();
        assertThat(dynamo.item("id-1").path("taskToken").path("S").asText()).isEqualTo("token-1");

        assertThat(store.finish("id-1", "d1", ApprovalStatus.DECIDED, NOW.plusSeconds(61))).isTrue();
        assertThat(dynamo.item("id-1").has("taskToken")).isFalse();
        assertThat(dynamo.item("id-1").path("status").path("S").asText()).isEqualTo("DECIDED");
        assertThat(dynamo.item("id-1").path("finishedAt").path("N").asText()).isEqualTo(Long.toString(NOW.plusSeconds(61).getEpochSecond()));
        dynamo.server().verify(op("UpdateItem")
                .withRequestBody(matchingJsonPath("$.UpdateExpression", equalTo("SET #status = :outcome, #finishedAt = :now REMOVE #taskToken")))
                .withRequestBody(matchingJsonPath("$.ConditionExpression", equalTo("#status = :deciding AND #decisionId = :decisionId"))));
        assertThat(store.find("id-1").orElseThrow().taskToken()).isNull();
    }

    @Test
    void releaseReturnsTheApprovalToPendingWithoutTheDecision() {
        store.createIfAbsent(approval("id-1", "token-1"));
        store.claim("id-1", decision("d1", ApprovalAction.APPROVE, "Ana"), NOW.plusSeconds(60));

        assertThat(store.release("id-1", "d1")).isTrue();

        Approval released = store.find("id-1").orElseThrow();
        assertThat(released.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(released.decision()).isNull();
        assertThat(released.taskToken()).isEqualTo("token-1");
        assertThat(dynamo.item("id-1").has("decidedBy")).isFalse();
        assertThat(store.claim("id-1", decision("d2", ApprovalAction.REJECT, "Bo"), NOW.plusSeconds(90)))
                .isInstanceOf(ClaimResult.Claimed.class);
    }

    @Test
    void remindersAreFoundByAScanThatNeverReadsTheTokenAndFollowsPages() {
        dynamo.scanPageSize(1);
        store.createIfAbsent(approval("due", "token-1"));
        Approval later = new Approval("later", Gate.FREEZE, "m2", "e", null, "token-2", null, null, NOW, EXPIRES,
                EXPIRES.minusSeconds(60), null, ApprovalStatus.PENDING, null);
        store.createIfAbsent(later);
        store.createIfAbsent(approval("decided", "token-3"));
        store.claim("decided", decision("d", ApprovalAction.APPROVE, "Ana"), NOW);

        List<Approval> due = store.dueForReminder(EXPIRES.minusSeconds(900));

        assertThat(due).extracting(Approval::approvalId).containsExactly("due");
        assertThat(due.get(0).taskToken()).isNull();
        assertThat(due.get(0).evidence()).isEqualTo(ApprovalFixture.evidence());
        dynamo.server().verify(3, op("Scan")
                .withRequestBody(matchingJsonPath("$.FilterExpression", equalTo(
                        "#status = :pending AND #remindAt <= :now AND #expiresAt > :now AND attribute_not_exists(#remindedAt)"))));
        assertThat(dynamo.server().getAllServeEvents()).filteredOn(e -> "DynamoDB_20120810.Scan".equals(e.getRequest().getHeader("X-Amz-Target")))
                .allSatisfy(e -> assertThat(Json.parse(e.getRequest().getBodyAsString()).path("ExpressionAttributeNames").toString())
                        .doesNotContain("taskToken"));

        assertThat(store.markReminded("due", EXPIRES.minusSeconds(900))).isTrue();
        assertThat(store.markReminded("due", EXPIRES.minusSeconds(800))).isFalse();
        assertThat(store.dueForReminder(EXPIRES.minusSeconds(700))).isEmpty();
    }

    @Test
    void theWaitingApprovalsAreFoundByAScanThatNeverReadsTheTokenAndKeepTheClaimingDecisionWithItsChannel() {
        dynamo.scanPageSize(1);
        store.createIfAbsent(approval("pending", "token-1"));
        store.createIfAbsent(approval("deciding", "token-2"));
        store.claim("deciding", new Decision("d1", ApprovalAction.APPROVE, "arn:aws:iam::123456789012:user/ana", null, null,
                "cutover-approve", NOW.plusSeconds(60), Decision.CLI), NOW.plusSeconds(60));
        store.createIfAbsent(approval("decided", "token-3"));
        store.claim("decided", decision("d2", ApprovalAction.REJECT, "Bo"), NOW.plusSeconds(60));
        store.finish("decided", "d2", ApprovalStatus.DECIDED, NOW.plusSeconds(61));

        List<Approval> waiting = store.waiting(NOW.plusSeconds(120));

        assertThat(waiting).extracting(Approval::approvalId).containsExactly("deciding", "pending");
        assertThat(waiting).allSatisfy(a -> assertThat(a.taskToken()).isNull());
        assertThat(waiting.get(0).decision().channel()).isEqualTo(Decision.CLI);
        assertThat(waiting.get(0).decision().decidedBy()).isEqualTo("arn:aws:iam::123456789012:user/ana");
        assertThat(waiting.get(1).decision()).isNull();
        dynamo.server().verify(3, op("Scan").withRequestBody(matchingJsonPath("$.FilterExpression",
                equalTo("(#status = :pending OR #status = :deciding) AND #expiresAt > :now"))));
        assertThat(dynamo.server().getAllServeEvents()).filteredOn(e -> "DynamoDB_20120810.Scan".equals(e.getRequest().getHeader("X-Amz-Target")))
                .allSatisfy(e -> assertThat(Json.parse(e.getRequest().getBodyAsString()).path("ExpressionAttributeNames").toString())
                        .doesNotContain("taskToken"));
        assertThat(store.waiting(EXPIRES)).isEmpty();
        assertThat(store.find("decided").orElseThrow().decision().channel()).isEqualTo(Decision.LINK);
        // an item written before decisions had a channel reads as a link click (the only channel there was)
        var old = new java.util.HashMap<>(DynamoDbApprovalStore.toItem(approval("old", null)
                .withStatus(ApprovalStatus.DECIDED, decision("d3", ApprovalAction.APPROVE, "Cy"))));
        assertThat(old.remove(DynamoDbApprovalStore.CHANNEL)).isNotNull();
        assertThat(DynamoDbApprovalStore.fromItem(old).decision().channel()).isEqualTo(Decision.LINK);
    }

    @Test
    void awsPortsBuildTheStoreOnTheTableNamedByApprovalsTable() {
        AwsPorts ports = new AwsPorts(dynamo.clients(Map.of(Env.APPROVALS_TABLE, DynamoDbStub.TABLE,
                Env.APPROVAL_BASE_URL, "https://approvals.example.com")));
        ports.approvals().createIfAbsent(approval("id-9", "token-9"));
        assertThat(dynamo.item("id-9")).isNotNull();
        assertThat(ports.approvals()).isSameAs(ports.approvals());
        assertThat(ports.env().required(Env.APPROVAL_BASE_URL)).isEqualTo("https://approvals.example.com");
        assertThatThrownBy(() -> new AwsPorts(dynamo.clients()).approvals()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("APPROVALS_TABLE");
    }

    @Test
    void aMissingTableIsAConfigurationErrorAndServerErrorsAreTransient() {
        assertThatThrownBy(() -> store("no-such-table").find("id-1")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("approvals table no-such-table does not exist").hasMessageContaining("APPROVALS_TABLE");

        dynamo.server().stubFor(post("/").atPriority(1).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/x-amz-json-1.0")
                .withBody("{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"Internal server error\"}")));
        assertThatThrownBy(() -> store.claim("id-1", decision("d", ApprovalAction.APPROVE, "Ana"), NOW))
                .isInstanceOf(TransientAwsException.class).hasMessageContaining("claiming approval id-1 in table cutover-approvals");
    }
}
