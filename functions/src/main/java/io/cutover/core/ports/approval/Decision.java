package io.cutover.core.ports.approval;

import java.time.Instant;

/**
 * Who decided what, when and from where. {@code decisionId} is random per POST: it identifies the claim, so
 * that only the request that claimed an approval can complete or release it. {@code cutoverInAdvance}: at the freeze
 * gate, the approver chose "Freeze, and cut over as soon as the drain and validation are clean" (the cutover approval
 * given in advance; meaningful only with an approval of the FREEZE gate).
 */
public record Decision(
        String decisionId,
        ApprovalAction action,
        String decidedBy,
        String comment,
        String sourceIp,
        String userAgent,
        Instant decidedAt,
        boolean cutoverInAdvance) {

    /** A decision without the cutover approval given in advance (every gate but an approved freeze). */
    public Decision(String decisionId, ApprovalAction action, String decidedBy, String comment, String sourceIp, String userAgent,
                    Instant decidedAt) {
        this(decisionId, action, decidedBy, comment, sourceIp, userAgent, decidedAt, false);
    }
}
