package io.cutover.approval;

import static io.cutover.approval.ApprovalFixture.TOKEN;
import static io.cutover.approval.ApprovalFixture.formFor;
import static io.cutover.approval.ApprovalFixture.formFromPage;
import static io.cutover.approval.ApprovalFixture.link;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.error.InputValidationException;
import io.cutover.core.error.TransientAwsException;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Notification;
import io.cutover.core.ports.TaskCallbacks;
import io.cutover.core.ports.approval.Approval;
import io.cutover.core.ports.approval.ApprovalStatus;
import io.cutover.core.ports.approval.Gate;
import io.cutover.core.ports.memory.MemoryApprovalStore;
import io.cutover.testing.CapturedStdout;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;

/** Request → message → page → decision, through the real handlers (bytes in, bytes out) on in-memory ports. */
class ApprovalFlowTest {
    private final ApprovalFixture f = new ApprovalFixture();

    @Test
    void theMessageSaysWhichMigrationWhichGateTheEvidenceWhatEachAnswerDoesAndUntilWhen() {
        ApprovalRequested requested = f.request();
        Notification message = f.lastMessage();

        assertThat(requested.notified()).isTrue();
        assertThat(message.event()).isEqualTo("WAITING_FOR_APPROVAL");
        assertThat(message.migrationId()).isEqualTo("orders-eu");
        assertThat(message.subject()).contains("orders-eu").contains("freeze writes on the source");
        assertThat(message.body())
                .contains("Migration:  orders-eu")
                .contains("gate FREEZE")
                .contains("exec-42").contains("6 Freeze approval")
                .contains("Decide by:  2026-11-24 23:59 UTC (in 3 h 59 min)")
                .contains("If you approve: Cutover sets the source read-only")
                .contains("If you reject: The migration stops here")
                .contains("If nobody decides in time:")
                .contains("Readiness checks").contains("Summary: 12 checks: 0 blockers, 1 warning")
                .contains("CDC lag").contains("Seconds: 1.5")
                .contains("Drain proof").contains("Proven: yes")
                .contains("Row counts").contains("shop.orders | 1200 | 1200")
                .contains("Opening a link changes nothing");
        assertThat(link(message, "approve")).startsWith("https://approvals.example.com/approvals/" + requested.approvalId() + "?");
        assertThat(link(message, "reject")).contains("action=reject");
    }

    @Test
    void theLinksGoToTheApproversOnlyAndTheNotificationTopicGetsANoticeWithoutThem() {
        ApprovalRequested requested = f.request();

        assertThat(f.approvers.sent()).singleElement().satisfies(m -> {
            assertThat(m.event()).isEqualTo("WAITING_FOR_APPROVAL");
            assertThat(link(m, "approve")).contains(requested.approvalId());
        });
        Notification notice = f.notifications.sent().get(0);
        assertThat(f.notifications.sent()).hasSize(1);
        assertThat(notice.event()).isEqualTo("APPROVAL_REQUESTED");
        assertThat(notice.subject()).contains("orders-eu").contains("waiting for the approvers to freeze writes on the source");
        assertThat(notice.body()).contains("gate FREEZE").contains("exec-42")
                .contains("Decide by:  2026-11-24 23:59 UTC").contains("If approved: Cutover sets the source read-only")
                .contains("this message carries none");
        // nothing on the notification topic that could decide: no link, no approval id, no signature, no token
        for (Notification n : f.notifications.sent()) {
            assertThat(n.body() + n.subject()).doesNotContain("http").doesNotContain("/approvals/")
                    .doesNotContain("sig=").doesNotContain(requested.approvalId()).doesNotContain(TOKEN);
        }
    }

    @Test
    void aNotificationTopicThatFailsDoesNotFailTheGateOrResendTheLinks() {
        ApprovalFixture failing = new ApprovalFixture(new io.cutover.core.ports.memory.RecordingCallbacks(),
                new MemoryApprovalStore(), n -> {
                    throw new TransientAwsException("publishing to the notification topic: throttled", null);
                });
        ApprovalRequested requested = failing.request();

        assertThat(requested.notified()).isTrue();
        assertThat(failing.approvers.sent()).hasSize(1);
    }

    @Test
    void theLinkExpiresNoLaterThanTheGatesTimeoutAndTheReminderIsBeforeIt() {
        ApprovalRequested freeze = f.request();
        // default freeze timeout 4 h, minus a margin of at most a minute
        Duration left = Duration.between(ApprovalFixture.START, freeze.expiresAt());
        assertThat(left).isLessThanOrEqualTo(Duration.ofHours(4)).isGreaterThanOrEqualTo(Duration.ofHours(4).minusMinutes(1));
        assertThat(freeze.remindAt()).isEqualTo(freeze.expiresAt().minusSeconds(900));

        ObjectNode cutover = ApprovalFixture.requestPayload("CUTOVER", TOKEN + "-2", null);
        ((ObjectNode) cutover.get("config")).putObject("approval").put("cutoverTimeoutSeconds", 120).put("reminderBeforeExpirySeconds", 300);
        ApprovalRequested c = f.request(cutover);
        assertThat(Duration.between(ApprovalFixture.START, c.expiresAt())).isBetween(Duration.ofSeconds(114), Duration.ofSeconds(120));
        assertThat(c.remindAt()).as("a reminder that would come before the request is dropped").isNull();
        assertThat(f.lastMessage().body()).contains("If you reject: Cutover rolls back").contains("the DMS task is stopped")
                .contains("rollback window (24 h)");
    }

    @Test
    void theRollbackGateExpiresWithTheRollbackWindowAndSaysWhatIsNotCopiedBack() {
        ObjectNode rollback = ApprovalFixture.requestPayload("ROLLBACK", TOKEN + "-rb", null);
        ((ObjectNode) rollback.get("config")).putObject("cutover").put("rollbackWindowHours", 0.5);
        ApprovalRequested r = f.request(rollback);
        // the window is 30 min: the link dies with it (minus a margin of 1/20, at most a minute)
        assertThat(Duration.between(ApprovalFixture.START, r.expiresAt())).isBetween(Duration.ofSeconds(1740), Duration.ofSeconds(1800));
        Notification message = f.lastMessage();
        assertThat(message.subject()).contains("roll back to the source, or keep Aurora?").doesNotContain("approve");
        assertThat(message.body()).contains("gate ROLLBACK")
                .contains("If you choose Roll back to the source: Cutover restores the source's previous read_only settings")
                .contains("NOT copied back")
                .contains("If you choose Keep Aurora: The rollback window closes now")
                .contains("\nRoll back to the source: https://").contains("\nKeep Aurora: https://")
                .doesNotContain("If you approve").doesNotContain("\nApprove:")
                .contains("If nobody decides in time: The rollback window ends as planned");
        assertThat(Gate.ROLLBACK.timeoutSeconds(Json.convert(ApprovalFixture.config("m"), io.cutover.core.config.MigrationConfig.class)))
                .as("the default window: 24 h").isEqualTo(86_400);
    }

    @Test
    void openingALinkShowsTheEvidenceAndButtonsAndChangesNothing() {
        f.request();
        String approve = link(f.lastMessage(), "approve");

        for (int i = 0; i < 3; i++) {   // a scanner, a preview, the person
            HttpApiResponse page = f.get(approve);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Freeze writes on the source for migration orders-eu?")
                    .contains("<button type=\"submit\" name=\"action\" value=\"approve\"")
                    .contains("<button type=\"submit\" name=\"action\" value=\"reject\"")
                    .contains("shop.orders").contains("12 checks: 0 blockers, 1 warning")
                    .doesNotContain("<script");
        }
        var head = f.call(ApprovalFixture.httpEvent("HEAD", approve, null, Map.of()));
        assertThat(head.statusCode()).isEqualTo(200);

        assertThat(f.recorded().calls()).as("GET never calls back").isEmpty();
        Approval stored = f.store.find(approvalId(approve)).orElseThrow();
        assertThat(stored.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(stored.decision()).isNull();
    }

    /** The page may be opened hours after the figures were measured: it says how old the request and each timed figure are. */
    @Test
    void thePageSaysHowOldTheFiguresAreAndThatTheLagIsReadAgainBeforeTheFreeze() {
        ObjectNode evidence = ApprovalFixture.evidence();
        ((ObjectNode) evidence.get("lag")).putObject("sample").put("at", ApprovalFixture.START.minusSeconds(600).toString())
                .put("sourceLatencySeconds", 1.5);
        f.request(ApprovalFixture.requestPayload("FREEZE", TOKEN, evidence));
        f.clock.advance(Duration.ofMinutes(30));

        HttpApiResponse page = f.get(link(f.lastMessage(), "approve"));

        assertThat(page.body()).contains("How old these figures are")
                .contains("Gathered when the request was sent, 2026-11-24 20:00 UTC (30 min old)")
                .contains("2026-11-24 19:50 UTC (40 min old)")
                .contains("The lag is read again after your decision, before the freeze");
    }

    @Test
    void pagesForbidScriptsFramingCachingAndForeignReferrers() {
        f.request();
        HttpApiResponse page = f.get(link(f.lastMessage(), "approve"));
        assertThat(page.headers()).containsEntry("Cache-Control", "no-store")
                .containsEntry("X-Frame-Options", "DENY")
                .containsEntry("Referrer-Policy", "same-origin")
                .containsEntry("Content-Type", "text/html; charset=utf-8");
        assertThat(page.headers().get("Content-Security-Policy"))
                .startsWith("default-src 'none'; style-src 'sha256-")
                .contains("form-action 'self'").contains("frame-ancestors 'none'");
        assertThat(page.body()).contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    }

    @Test
    void approvingSendsTaskSuccessWithWhoDecidedAndUsesUpTheToken() {
        ApprovalRequested requested = f.request();
        String approve = link(f.lastMessage(), "approve");
        HttpApiResponse page = f.get(approve);

        HttpApiResponse result = f.post(approve, formFromPage(page, "approve", "Ana Lima", "lag is fine"));

        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).contains("Approved").contains("Thank you, Ana Lima").contains("Cutover sets the source read-only");
        assertThat(f.recorded().calls()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("success");
            assertThat(c.taskToken()).isEqualTo(TOKEN);
            JsonNode output = Json.parse(c.outputOrError());
            assertThat(output.path("decision").asText()).isEqualTo("APPROVED");
            assertThat(output.path("gate").asText()).isEqualTo("FREEZE");
            assertThat(output.path("approvalId").asText()).isEqualTo(requested.approvalId());
            assertThat(output.path("decidedBy").asText()).isEqualTo("Ana Lima");
            assertThat(output.path("comment").asText()).isEqualTo("lag is fine");
            assertThat(output.path("sourceIp").asText()).isEqualTo("203.0.113.7");
            assertThat(output.path("decidedAt").asText()).isEqualTo("2026-11-24T20:00:00Z");
        });
        Approval stored = f.store.find(requested.approvalId()).orElseThrow();
        assertThat(stored.status()).isEqualTo(ApprovalStatus.DECIDED);
        assertThat(stored.taskToken()).as("the token is removed once used").isNull();
        assertThat(stored.decision().userAgent()).isEqualTo("Mozilla/5.0 (test)");
    }

    @Test
    void theFreezePageOffersTheCutoverInAdvanceAndItsChoiceReachesTheTaskAndTheRecord() {
        ApprovalRequested requested = f.request();
        String approve = link(f.lastMessage(), "approve");
        HttpApiResponse page = f.get(approve);
        assertThat(page.body()).contains("name=\"cutoverInAdvance\" value=\"yes\"")
                .contains("Freeze, and cut over as soon as the drain and validation are clean");

        Map<String, String> form = formFromPage(page, "approve", "Ana Lima", null);
        form.put("cutoverInAdvance", "yes");
        HttpApiResponse result = f.post(approve, form);

        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).contains("approved in advance");
        JsonNode output = Json.parse(f.recorded().calls().get(0).outputOrError());
        assertThat(output.path("cutoverInAdvance").isBoolean()).isTrue();
        assertThat(output.path("cutoverInAdvance").asBoolean()).isTrue();
        assertThat(f.store.find(requested.approvalId()).orElseThrow().decision().cutoverInAdvance()).isTrue();
    }

    @Test
    void withoutTheBoxTheFreezeApprovalSaysTheCutoverGateStaysAndOnlyTheFreezePageHasTheBox() {
        ApprovalRequested requested = f.request();
        String approve = link(f.lastMessage(), "approve");
        f.post(approve, formFromPage(f.get(approve), "approve", "Ana Lima", null));
        JsonNode output = Json.parse(f.recorded().calls().get(0).outputOrError());
        assertThat(output.path("cutoverInAdvance").isBoolean()).as("always written for an approved freeze").isTrue();
        assertThat(output.path("cutoverInAdvance").asBoolean()).isFalse();
        assertThat(f.store.find(requested.approvalId()).orElseThrow().decision().cutoverInAdvance()).isFalse();

        ApprovalFixture other = new ApprovalFixture();
        other.request(ApprovalFixture.requestPayload("CUTOVER", TOKEN, ApprovalFixture.evidence()));
        String cutover = link(other.lastMessage(), "approve");
        HttpApiResponse page = other.get(cutover);
        assertThat(page.body()).doesNotContain("cutoverInAdvance");
        Map<String, String> form = formFromPage(page, "approve", "Ana Lima", null);
        form.put("cutoverInAdvance", "yes"); // a hand-made POST: the cutover gate's output carries no such choice
        other.post(cutover, form);
        assertThat(Json.parse(other.recorded().calls().get(0).outputOrError()).has("cutoverInAdvance")).isFalse();
    }

    @Test
    void rejectingFromTheApproveLinksPageSendsTaskFailureWithTheNamedError() {
        f.request();
        String approve = link(f.lastMessage(), "approve");
        HttpApiResponse result = f.post(approve, formFromPage(f.get(approve), "reject", "Bo", "numbers look off"));

        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).contains("Rejected").contains("The migration stops here");
        assertThat(f.recorded().calls()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("failure");
            assertThat(c.outputOrError()).isEqualTo("Cutover.ApprovalRejected");
            JsonNode cause = Json.parse(c.cause());
            assertThat(cause.path("decision").asText()).isEqualTo("REJECTED");
            assertThat(cause.path("decidedBy").asText()).isEqualTo("Bo");
            assertThat(cause.path("comment").asText()).isEqualTo("numbers look off");
        });
    }

    @Test
    void aReplayedOrSecondDecisionIsRefusedAndChangesNothing() {
        f.request();
        String approve = link(f.lastMessage(), "approve");
        Map<String, String> form = formFromPage(f.get(approve), "approve", "Ana", null);
        assertThat(f.post(approve, form).statusCode()).isEqualTo(200);

        HttpApiResponse replay = f.post(approve, form);
        Map<String, String> other = new HashMap<>(form);
        other.put("action", "reject");
        other.put("name", "Mallory");
        HttpApiResponse reject = f.post(approve, other);
        HttpApiResponse reopen = f.get(approve);

        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.body()).contains("Already decided").contains("approved by Ana");
        assertThat(reject.statusCode()).isEqualTo(409);
        assertThat(reopen.statusCode()).isEqualTo(409);
        assertThat(reopen.body()).doesNotContain("<form");
        assertThat(f.recorded().calls()).hasSize(1);
        assertThat(f.store.find(approvalId(approve)).orElseThrow().decision().decidedBy()).isEqualTo("Ana");
    }

    @Test
    void anExpiredLinkGetsAClearPageAndChangesNothing() {
        ApprovalRequested requested = f.request();
        String approve = link(f.lastMessage(), "approve");
        Map<String, String> form = formFromPage(f.get(approve), "approve", "Ana", null);

        f.clock.set(requested.expiresAt());
        HttpApiResponse page = f.get(approve);
        HttpApiResponse post = f.post(approve, form);

        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(page.body()).contains("This link has expired").contains("Nothing was decided")
                .contains("Same as a rejection: the migration stops and nothing is frozen.");
        assertThat(post.statusCode()).isEqualTo(410);
        assertThat(f.recorded().calls()).isEmpty();
        assertThat(f.store.find(requested.approvalId()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    void aDecisionNeedsANameAndTheFormComesBackWithWhatWasTyped() {
        f.request();
        String approve = link(f.lastMessage(), "approve");
        HttpApiResponse result = f.post(approve, formFromPage(f.get(approve), "approve", "   ", "my comment"));

        assertThat(result.statusCode()).isEqualTo(400);
        assertThat(result.body()).contains("Enter your name").contains("my comment").contains("<form");
        assertThat(f.recorded().calls()).isEmpty();
        assertThat(f.store.find(approvalId(approve)).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    void aFormPostedFromAnotherSiteIsRefused() {
        f.request();
        String approve = link(f.lastMessage(), "approve");
        Map<String, String> form = formFromPage(f.get(approve), "approve", "Ana", null);
        for (String origin : new String[] {"https://evil.example", "null"}) {
            HttpApiResponse result = f.post(approve, form, Map.of("origin", origin));
            assertThat(result.statusCode()).isEqualTo(403);
            assertThat(result.body()).contains("another site");
        }
        assertThat(f.recorded().calls()).isEmpty();
        // no Origin header at all (curl, old browsers): the signed form data is what counts
        assertThat(f.post(approve, form, Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void otherMethodsAreRefused() {
        f.request();
        HttpApiResponse put = f.call(ApprovalFixture.httpEvent("PUT", link(f.lastMessage(), "approve"), "x=1", Map.of()));
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers()).containsEntry("Allow", "GET, HEAD, POST");
        assertThat(f.recorded().calls()).isEmpty();
    }

    @Test
    void whenTheExecutionStoppedWaitingTheDecisionIsRecordedAndThePageSaysSo() {
        ApprovalFixture gone = new ApprovalFixture(new FailingCallbacks(TaskDoesNotExistException.builder()
                .message("Task Timed Out: 'Provided task does not exist anymore'").build()));
        gone.request();
        String approve = link(gone.lastMessage(), "approve");
        HttpApiResponse result = gone.post(approve, formFor(approve, "approve", "Ana", null));

        assertThat(result.statusCode()).isEqualTo(410);
        assertThat(result.body()).contains("no longer waiting");
        Approval stored = gone.store.find(approvalId(approve)).orElseThrow();
        assertThat(stored.status()).isEqualTo(ApprovalStatus.NO_LONGER_WAITING);
        assertThat(stored.taskToken()).isNull();
        assertThat(gone.post(approve, formFor(approve, "approve", "Ana", null)).statusCode()).isEqualTo(410);
    }

    /**
     * Issue 16: a failure that leaves it unknown whether the decision arrived keeps the claim: the same decision can be
     * sent again, a contradicting one never (before, the claim was released and a Reject could follow an Approve that
     * Step Functions had received).
     */
    @Test
    void whenDeliveryCannotBeConfirmedOnlyTheSameDecisionCanBeSentAgain() {
        FailingCallbacks flaky = new FailingCallbacks(new TransientAwsException("SendTaskSuccess failed after retries "
                + "(InternalFailure, HTTP 500) for " + TOKEN, null));
        ApprovalFixture f2 = new ApprovalFixture(flaky);
        f2.request();
        String approve = link(f2.lastMessage(), "approve");
        String reject = link(f2.lastMessage(), "reject");
        HttpApiResponse first;
        String logs;
        try (CapturedStdout captured = CapturedStdout.start()) {
            first = f2.post(approve, formFor(approve, "approve", "Ana", null));
            logs = captured.text();
        }
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.body()).contains("could not be confirmed").contains("press Approve").contains("the other button is refused");
        assertThat(logs).contains("the claim is kept").doesNotContain(TOKEN);
        Approval stored = f2.store.find(approvalId(approve)).orElseThrow();
        assertThat(stored.status()).isEqualTo(ApprovalStatus.DECIDING);
        assertThat(stored.decision().decidedBy()).isEqualTo("Ana");

        flaky.failure = null;
        HttpApiResponse contradicting = f2.post(reject, formFor(reject, "reject", "Bob", "no"));
        assertThat(contradicting.statusCode()).isEqualTo(409);
        assertThat(flaky.delivered).as("no second, contradicting decision reached Step Functions").isZero();

        HttpApiResponse tooSoon = f2.post(approve, formFor(approve, "approve", "Ana", null));
        assertThat(tooSoon.statusCode()).as("the first request may still be delivering").isEqualTo(409);
        f2.clock.advance(Duration.ofSeconds(61));
        HttpApiResponse again = f2.post(approve, formFor(approve, "approve", "Ana", null));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("Approved");
        assertThat(flaky.delivered).isEqualTo(1);
        assertThat(f2.store.find(approvalId(approve)).orElseThrow().status()).isEqualTo(ApprovalStatus.DECIDED);
    }

    /**
     * Issue 16: SendTaskSuccess delivered, its answer lost, the retry answered TaskTimedOut ("the task associated with the
     * token has already been closed"): while the gate's timeout cannot have passed, that is this decision's doing, and
     * it is recorded as delivered, not as "no longer waiting, nothing changed".
     */
    @Test
    void aRetryAnsweredTaskClosedAfterAnUnansweredAttemptRecordsTheDecisionThatWasDelivered() {
        FailingCallbacks retried = new FailingCallbacks(new io.cutover.core.ports.TaskCallbacks.PossiblyDeliveredException(
                "SendTaskSuccess: Step Functions no longer knows the task, after an earlier attempt whose answer was lost",
                software.amazon.awssdk.services.sfn.model.TaskTimedOutException.builder().message("Task Timed Out").build()));
        ApprovalFixture f2 = new ApprovalFixture(retried);
        f2.request();
        String approve = link(f2.lastMessage(), "approve");
        HttpApiResponse result = f2.post(approve, formFor(approve, "approve", "Ana", null));
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).contains("Approved").contains("confirmed on a retry").doesNotContain("Nothing was changed");
        assertThat(f2.store.find(approvalId(approve)).orElseThrow().status()).isEqualTo(ApprovalStatus.DECIDED);

        // the same, but an unconfirmed first delivery and a retry of the same decision that finds the task closed
        FailingCallbacks flaky = new FailingCallbacks(new TransientAwsException("SendTaskSuccess could not reach AWS", null));
        ApprovalFixture f3 = new ApprovalFixture(flaky);
        f3.request();
        String approve3 = link(f3.lastMessage(), "approve");
        assertThat(f3.post(approve3, formFor(approve3, "approve", "Ana", null)).statusCode()).isEqualTo(503);
        flaky.failure = TaskDoesNotExistException.builder().message("Task Timed Out: 'Provided task does not exist anymore'").build();
        f3.clock.advance(Duration.ofSeconds(61));
        HttpApiResponse second = f3.post(approve3, formFor(approve3, "approve", "Ana", null));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(f3.store.find(approvalId(approve3)).orElseThrow().status()).isEqualTo(ApprovalStatus.DECIDED);
    }

    @Test
    void aTaskClosedAfterAnUnansweredAttemptNearTheTimeoutSaysItMayHaveArrived() {
        FailingCallbacks retried = new FailingCallbacks(new io.cutover.core.ports.TaskCallbacks.PossiblyDeliveredException("lost",
                software.amazon.awssdk.services.sfn.model.TaskTimedOutException.builder().message("Task Timed Out").build()));
        ApprovalFixture f2 = new ApprovalFixture(retried);
        ApprovalRequested requested = f2.request();
        String approve = link(f2.lastMessage(), "approve");
        f2.clock.set(requested.expiresAt().minus(Duration.ofMinutes(1)));
        HttpApiResponse result = f2.post(approve, formFor(approve, "approve", "Ana", null));
        assertThat(result.statusCode()).isEqualTo(410);
        assertThat(result.body()).contains("either that attempt delivered it").doesNotContain("Nothing was changed");
        assertThat(f2.store.find(approvalId(approve)).orElseThrow().status()).isEqualTo(ApprovalStatus.NO_LONGER_WAITING);
    }

    @Test
    void theRequestIsIdempotentForTheSameTaskToken() {
        ApprovalRequested first = f.request();
        f.clock.advance(Duration.ofSeconds(30));
        ApprovalRequested retried = f.request();

        assertThat(retried.approvalId()).isEqualTo(first.approvalId());
        assertThat(retried.expiresAt()).isEqualTo(first.expiresAt());
        assertThat(f.approvers.sent()).hasSize(2);
        assertThat(link(f.approvers.sent().get(1), "approve")).isEqualTo(link(f.approvers.sent().get(0), "approve"));
    }

    @Test
    void aRetriedRequestAfterTheDecisionSendsNothing() {
        f.request();
        String approve = link(f.lastMessage(), "approve");
        f.post(approve, formFor(approve, "approve", "Ana", null));
        ApprovalRequested again = f.request();
        assertThat(again.notified()).isFalse();
        assertThat(f.approvers.sent()).hasSize(1);
    }

    @Test
    void badRequestPayloadsNameTheFieldAndStoreNothing() {
        ObjectNode noToken = ApprovalFixture.requestPayload("FREEZE", TOKEN, null);
        noToken.remove("taskToken");
        noToken.put("evidence", "lag is 0");
        assertThatThrownBy(() -> f.request(noToken)).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("$.taskToken").hasMessageContaining("waitForTaskToken")
                .hasMessageContaining("$.evidence");
        ObjectNode badGate = ApprovalFixture.requestPayload("LUNCH", TOKEN, null);
        assertThatThrownBy(() -> f.request(badGate)).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("$.gate").hasMessageNotContaining(TOKEN);
        assertThat(f.approvers.sent()).isEmpty();
        assertThat(f.store.find(new LinkSigner(ApprovalFixture.SIGNING_KEY).approvalId(TOKEN))).isEmpty();
    }

    static String approvalId(String link) {
        String path = java.net.URI.create(link).getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Callbacks that fail with {@code failure} until it is cleared. */
    static final class FailingCallbacks implements TaskCallbacks {
        volatile RuntimeException failure;
        volatile int delivered;

        FailingCallbacks(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public void succeed(String taskToken, String outputJson) {
            attempt();
        }

        @Override
        public void fail(String taskToken, String error, String cause) {
            attempt();
        }

        @Override
        public void heartbeat(String taskToken) {
            attempt();
        }

        private void attempt() {
            if (failure != null) {
                throw new IllegalStateException("SendTaskSuccess failed: " + failure.getMessage(), failure);
            }
            delivered++;
        }
    }

}
