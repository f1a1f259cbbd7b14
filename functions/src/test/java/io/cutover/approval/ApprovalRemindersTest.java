package io.cutover.approval;

import static io.cutover.approval.ApprovalFixture.TOKEN;
import static io.cutover.approval.ApprovalFixture.formFor;
import static io.cutover.approval.ApprovalFixture.link;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Notification;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApprovalRemindersTest {
    private final ApprovalFixture f = new ApprovalFixture();

    private JsonNode runReminders() {
        return ApprovalFixture.invoke(new RemindApprovalsHandler(f.ports), Json.parse("{\"id\":\"cdc6\",\"detail-type\":\"Scheduled Event\"}"),
                "RemindApprovalsFunction");
    }

    @Test
    void oneReminderGoesOutBeforeExpiryWithTheSameLinks() {
        ApprovalRequested requested = f.request();
        Notification request = f.lastMessage();

        f.clock.set(requested.remindAt().minusSeconds(1));
        assertThat(runReminders().path("reminded").asInt()).isZero();

        f.clock.set(requested.remindAt().plusSeconds(30));
        JsonNode result = runReminders();
        assertThat(result.path("reminded").asInt()).isEqualTo(1);
        assertThat(result.path("approvalIds").get(0).asText()).isEqualTo(requested.approvalId());
        Notification reminder = f.lastMessage();
        assertThat(reminder.event()).isEqualTo("APPROVAL_REMINDER");
        assertThat(reminder.subject()).startsWith("Reminder: Cutover orders-eu").contains("in 15 min");
        assertThat(reminder.body()).startsWith("REMINDER").contains("Row counts");
        assertThat(link(reminder, "approve")).isEqualTo(link(request, "approve"));
        assertThat(reminder.body()).doesNotContain(TOKEN);

        f.clock.advance(Duration.ofMinutes(5));
        assertThat(runReminders().path("reminded").asInt()).as("once only").isZero();
        assertThat(f.approvers.sent()).hasSize(2);
        // the reminder, with its links, went to the approvers only: the notification topic has the request's notice
        assertThat(f.notifications.sent()).extracting(Notification::event).containsExactly("APPROVAL_REQUESTED");
    }

    @Test
    void decidedExpiredOrReminderlessApprovalsAreNotReminded() {
        ApprovalRequested decided = f.request();
        String approve = link(f.lastMessage(), "approve");
        f.post(approve, formFor(approve, "approve", "Ana", null));

        ObjectNode noReminder = ApprovalFixture.requestPayload("CUTOVER", TOKEN + "-b", null);
        ((ObjectNode) noReminder.get("config")).putObject("approval").put("reminderBeforeExpirySeconds", 0);
        assertThat(f.request(noReminder).remindAt()).isNull();

        f.clock.set(decided.remindAt().plusSeconds(1));
        assertThat(runReminders().path("reminded").asInt()).isZero();
        f.clock.set(decided.expiresAt().plusSeconds(1));
        assertThat(runReminders().path("reminded").asInt()).isZero();
        assertThat(f.approvers.sent()).hasSize(2);
    }

    /** The operator's command invokes the reminder function with {"resend": id, "requestedBy": arn}. */
    @Test
    void aResendSendsTheSameLinksAgainNowAndNothingOnceDecided() {
        ApprovalRequested requested = f.request();
        Notification request = f.lastMessage();
        ObjectNode payload = Json.object().put("resend", requested.approvalId()).put("requestedBy", "arn:aws:iam::1:user/ana\nFAKE: line");

        JsonNode result = ApprovalFixture.invoke(new RemindApprovalsHandler(f.ports), payload, "RemindApprovalsFunction");

        assertThat(result.path("resent").asText()).isEqualTo("SENT");
        Notification again = f.lastMessage();
        assertThat(again.event()).isEqualTo(ApprovalMessages.EVENT_RESENT);
        assertThat(again.body()).contains("at the request of arn:aws:iam::1:user/ana FAKE: line").doesNotContain(TOKEN);
        assertThat(link(again, "approve")).isEqualTo(link(request, "approve"));
        assertThat(link(again, "reject")).isEqualTo(link(request, "reject"));
        assertThat(f.notifications.sent()).extracting(Notification::event).containsExactly("APPROVAL_REQUESTED");

        String approve = link(request, "approve");
        assertThat(f.post(approve, formFor(approve, "approve", "Ana", null)).statusCode()).isEqualTo(200);
        assertThat(ApprovalFixture.invoke(new RemindApprovalsHandler(f.ports), payload, "RemindApprovalsFunction")
                .path("resent").asText()).isEqualTo("NOT_WAITING");
        assertThat(ApprovalFixture.invoke(new RemindApprovalsHandler(f.ports), Json.object().put("resend", "AAAAAAAAAAAAAAAAAAAAAA"),
                "RemindApprovalsFunction").path("resent").asText()).isEqualTo("NOT_FOUND");
        assertThat(f.approvers.sent()).hasSize(2);
    }
}
