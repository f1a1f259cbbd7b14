package io.cutover.core.ports.approval;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where pending approvals (and their task tokens) are kept server side, with their expiry: DynamoDB in AWS,
 * memory locally. Every state change is atomic and conditional, so that exactly one decision wins however
 * many requests race, and nothing is decided after the expiry.
 */
public interface ApprovalStore {
    /**
     * Stores a new PENDING approval unless one with the same id exists (a retried request), and returns what is
     * stored: the new approval, or the existing one unchanged.
     */
    Approval createIfAbsent(Approval approval);

    /** The approval as stored, task token included (strongly consistent). */
    Optional<Approval> find(String approvalId);

    /**
     * Single use: moves the approval from PENDING to DECIDING with {@code decision}, only if it is PENDING and
     * {@code now} is before its expiry. The winner gets the approval with its task token; everybody else a
     * refusal saying why, and nothing changes.
     */
    ClaimResult claim(String approvalId, Decision decision, Instant now);

    /**
     * The claimed decision was delivered (DECIDED) or Step Functions no longer waits for it (NO_LONGER_WAITING):
     * the task token is removed. Only the claim holder ({@code decisionId}) can do this; false otherwise.
     */
    boolean finish(String approvalId, String decisionId, ApprovalStatus outcome, Instant now);

    /** Delivery failed for a reason worth retrying: back to PENDING, decision removed. Only the claim holder. */
    boolean release(String approvalId, String decisionId);

    /**
     * The approvals still waiting for a person at {@code now}: unexpired and PENDING, or DECIDING (a decision claimed
     * them and is being delivered, or its delivery is unconfirmed), without task tokens, oldest first. What the
     * operator's command lists.
     */
    List<Approval> waiting(Instant now);

    /** PENDING, unexpired approvals whose reminder is due at {@code now} and not sent yet (without task tokens). */
    List<Approval> dueForReminder(Instant now);

    /** Records that the reminder went out; false when another run already did it (send it once). */
    boolean markReminded(String approvalId, Instant now);
}
