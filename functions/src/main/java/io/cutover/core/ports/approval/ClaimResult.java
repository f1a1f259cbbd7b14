package io.cutover.core.ports.approval;

/**
 * The answer of {@link ApprovalStore#claim}: this decision won (and holds the approval, with its task token),
 * or it was refused and nothing changed.
 */
public sealed interface ClaimResult {
    /** This decision is the one: deliver it, then {@link ApprovalStore#finish} or {@link ApprovalStore#release}. */
    record Claimed(Approval approval) implements ClaimResult {}

    /** Nothing changed. {@code current} is the approval as stored (without its token), null when not found. */
    record Refused(Reason reason, Approval current) implements ClaimResult {}

    enum Reason {
        NOT_FOUND,
        EXPIRED,
        ALREADY_DECIDED
    }

    /** Why a stored approval (null: none) cannot be claimed at {@code now}. */
    static Refused refusal(Approval current, java.time.Instant now) {
        if (current == null) {
            return new Refused(Reason.NOT_FOUND, null);
        }
        Approval visible = current.withoutToken();
        if (current.status() != ApprovalStatus.PENDING) {
            return new Refused(Reason.ALREADY_DECIDED, visible);
        }
        return new Refused(Reason.EXPIRED, visible);
    }
}
