package io.cutover.approval;

import io.cutover.core.ports.Ports;
import io.cutover.core.ports.approval.Approval;
import io.cutover.core.ports.approval.ApprovalAction;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one reminder per pending approval, {@code config.approval.reminderBeforeExpirySeconds} before its link
 * expires, with the same links, to the approvers' channel only. Run on a schedule (every few minutes) rather than inside the state machine: a
 * Parallel branch waiting for the reminder time would hold the execution after an early decision.
 */
public final class ApprovalReminders {
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalReminders.class);

    private final Ports ports;

    public ApprovalReminders(Ports ports) {
        this.ports = ports;
    }

    /** What {@link #resend} did. */
    public enum Resent { SENT, NOT_FOUND, NOT_WAITING, EXPIRED }

    /**
     * Sends a pending approval's links again, now, on the approvers' channel (the operator's command, for a message
     * lost to a spam filter or an unsubscribed approver): the same signed links, whatever reminders went out. Nothing
     * is sent for an approval that is decided, being decided or expired.
     */
    public Resent resend(String approvalId, String requestedBy) {
        String who = ApprovalCallback.clean(requestedBy, ApprovalCallback.MAX_NAME * 3);
        requestedBy = who == null ? "an operator" : who;
        Instant now = ports.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        Approval approval = ports.approvals().find(approvalId).map(Approval::withoutToken).orElse(null);
        if (approval == null) {
            return Resent.NOT_FOUND;
        }
        if (approval.isExpired(now)) {
            return Resent.EXPIRED;
        }
        if (!approval.isOpen(now)) {
            return Resent.NOT_WAITING;
        }
        LinkSigner signer = ApprovalEnvironment.signer(ports);
        String baseUrl = ApprovalEnvironment.baseUrl(ports);
        String approve = signer.link(approval.approvalId(), ApprovalAction.APPROVE, approval.expiresAt()).url(baseUrl);
        String reject = signer.link(approval.approvalId(), ApprovalAction.REJECT, approval.expiresAt()).url(baseUrl);
        ports.approvalNotifier().publish(ApprovalMessages.resent(approval, approve, reject, requestedBy, now));
        LOG.info("approval {} ({}, migration {}): links sent again at the request of {}", approval.approvalId(), approval.gate(),
                approval.migrationId(), requestedBy);
        return Resent.SENT;
    }

    /** Sends the reminders due now; returns the ids reminded. */
    public List<String> sendDue() {
        Instant now = ports.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        List<Approval> due = ports.approvals().dueForReminder(now);
        List<String> reminded = new ArrayList<>();
        if (due.isEmpty()) {
            return reminded;
        }
        LinkSigner signer = ApprovalEnvironment.signer(ports);
        String baseUrl = ApprovalEnvironment.baseUrl(ports);
        for (Approval approval : due) {
            // claim the reminder first, so that overlapping runs send it once
            if (!ports.approvals().markReminded(approval.approvalId(), now)) {
                continue;
            }
            String approve = signer.link(approval.approvalId(), ApprovalAction.APPROVE, approval.expiresAt()).url(baseUrl);
            String reject = signer.link(approval.approvalId(), ApprovalAction.REJECT, approval.expiresAt()).url(baseUrl);
            ports.approvalNotifier().publish(ApprovalMessages.reminder(approval, approve, reject, now));
            LOG.info("approval {} ({}, migration {}): reminder sent, expires {}", approval.approvalId(), approval.gate(),
                    approval.migrationId(), approval.expiresAt());
            reminded.add(approval.approvalId());
        }
        return reminded;
    }
}
