package io.cutover.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Notification;
import io.cutover.core.ports.approval.Approval;
import io.cutover.core.ports.approval.ApprovalStatus;
import io.cutover.local.approval.ApprovalLinks;
import io.cutover.local.approval.HttpApprover;
import io.cutover.local.asl.AslExecution;
import io.cutover.local.asl.AslValidator;
import io.cutover.local.asl.ExecutionEvent;
import io.cutover.local.asl.ExecutionResult;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real ASL gate (lambda:invoke.waitForTaskToken) run by the local interpreter, the real request handler, and
 * decisions taken over HTTP on the local approval page: the callback handler answers the running execution
 * through the same DriverCallbacks.
 */
class ApprovalStateMachineTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private LocalApprovals local = new LocalApprovals(600);
    private final HttpApprover approver = new HttpApprover();

    @AfterEach
    void close() {
        local.close();
    }

    @Test
    void theGateAslIsValid() {
        AslValidator.Result result = AslValidator.validate(LocalApprovals.gateAsl());
        assertThat(result.valid()).as(result.output()).isTrue();
    }

    @Test
    void openingTheLinkResumesNothingAndApprovingOnThePageDoes() throws Exception {
        try (AslExecution execution = local.runner.start(LocalApprovals.input("orders-eu", 600))) {
            Notification message = local.awaitRequest(execution, 0, WAIT);
            ApprovalLinks links = ApprovalLinks.of(message);
            assertThat(links.approve()).startsWith(local.server.url() + "/approvals/");

            // mail scanners and link previews: GET and HEAD, several times
            for (int i = 0; i < 3; i++) {
                HttpApprover.Page page = approver.open(links.approve());
                assertThat(page.status()).isEqualTo(200);
                assertThat(page.body()).contains("shop.orders").contains("shop.&lt;script&gt;").doesNotContain("<script");
                approver.open(links.reject());
            }
            Thread.sleep(500);
            assertThat(execution.isDone()).as("opening links must not resume the execution").isFalse();

            HttpApprover.Page decided = approver.decide(links.approve(), "approve", "Ana Lima", "lag is 0.8 s");
            assertThat(decided.status()).isEqualTo(200);
            assertThat(decided.body()).contains("Approved");

            ExecutionResult result = execution.await(WAIT);
            assertThat(result.succeeded()).as(result.toString()).isTrue();
            assertThat(result.statesEntered()).containsExactly("Freeze approval", "Approved");
            JsonNode approval = result.output().path("approval");
            assertThat(approval.path("decision").asText()).isEqualTo("APPROVED");
            assertThat(approval.path("gate").asText()).isEqualTo("FREEZE");
            assertThat(approval.path("decidedBy").asText()).isEqualTo("Ana Lima");
            assertThat(approval.path("comment").asText()).isEqualTo("lag is 0.8 s");
            assertThat(approval.path("sourceIp").asText()).isEqualTo("127.0.0.1");
        }
        HttpApprover.Page replay = approver.decide(ApprovalLinks.of(local.server.inbox().messages().get(0).notification()).approve(),
                "approve", "Mallory", null);
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.body()).contains("Already decided").contains("approved by Ana Lima");
    }

    @Test
    void rejectingFailsTheTaskWithTheNamedErrorTheStateMachineCatches() throws Exception {
        try (AslExecution execution = local.runner.start(LocalApprovals.input("orders-eu", 600))) {
            ApprovalLinks links = ApprovalLinks.of(local.awaitRequest(execution, 0, WAIT));

            HttpApprover.Page decided = approver.decide(links.reject(), "reject", "Bo", "row counts differ");
            assertThat(decided.status()).isEqualTo(200);
            assertThat(decided.body()).contains("Rejected");

            ExecutionResult result = execution.await(WAIT);
            assertThat(result.succeeded()).as(result.toString()).isTrue();
            assertThat(result.statesEntered()).containsExactly("Freeze approval", "Rejected: stop");
            assertThat(result.output().path("outcome").asText()).isEqualTo("REJECTED");
            assertThat(result.output().at("/rejection/Error").asText()).isEqualTo("Cutover.ApprovalRejected");
            JsonNode cause = Json.parse(result.output().at("/rejection/Cause").asText());
            assertThat(cause.path("decidedBy").asText()).isEqualTo("Bo");
            assertThat(cause.path("comment").asText()).isEqualTo("row counts differ");
            assertThat(result.eventsOfType("StateCaught")).isNotEmpty();
        }
    }

    @Test
    void theLinkExpiresNoLaterThanTheTaskTimesOutAndTheSafePathIsTaken() throws Exception {
        int timeout = 3;
        local.close();
        local = new LocalApprovals(timeout);
        try (AslExecution execution = local.runner.start(LocalApprovals.input("orders-eu", timeout))) {
            ApprovalLinks links = ApprovalLinks.of(local.awaitRequest(execution, 0, WAIT));
            assertThat(approver.open(links.approve()).status()).isEqualTo(200);

            ExecutionResult result = execution.await(WAIT);
            assertThat(result.statesEntered()).containsExactly("Freeze approval", "Nobody decided: stop");
            assertThat(result.output().at("/timeout/Error").asText()).isEqualTo("States.Timeout");

            ExecutionEvent entered = result.eventsOfType("StateEntered").get(0);
            Approval stored = local.server.store().find(LinkId.of(links.approve())).orElseThrow();
            assertThat(stored.expiresAt()).as("the link dies before the state machine stops waiting")
                    .isBefore(Instant.ofEpochMilli(entered.timestamp()).plusSeconds(timeout));

            HttpApprover.Page late = approver.decide(links.approve(), "approve", "Ana", null);
            assertThat(late.status()).isEqualTo(410);
            assertThat(late.body()).contains("This link has expired").contains("Nothing was decided");
            assertThat(local.server.store().find(stored.approvalId()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
        }
    }

    /** The approval id in a link. */
    static final class LinkId {
        static String of(String link) {
            String path = java.net.URI.create(link).getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }
}
