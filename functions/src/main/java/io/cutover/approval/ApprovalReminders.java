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
