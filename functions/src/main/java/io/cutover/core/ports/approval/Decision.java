package io.cutover.core.ports.approval;

import java.time.Instant;

/**
 * Who decided what, when and from where. {@code decisionId} is random per decision: it identifies the claim, so
 * that only the request that claimed an approval can complete or release it. {@code cutoverInAdvance}: at the freeze
 * gate, the approver chose "Freeze, and cut over as soon as the drain and validation are clean" (the cutover approval
 * given in advance; meaningful only with an approval of the FREEZE gate). {@code channel} is how the decision came:
 * {@value #LINK} (the approval page, with the name typed in, the browser's address and user agent) or {@value #CLI}
 * (the operator's command, {@code local/cutover-approve}: {@code decidedBy} is the caller's identity from STS
 * GetCallerIdentity, no address).
 */
public record Decision(
        String decisionId,
        ApprovalAction action,
        String decidedBy,
        String comment,
        String sourceIp,
        String userAgent,
        Instant decidedAt,
        boolean cutoverInAdvance,
        String channel) {
    /** A decision taken on the approval page (the link in the message). */
    public static final String LINK = "link";
    /** A decision taken with the operator's command and their own AWS credentials. */
    public static final String CLI = "cli";

    public Decision {
        if (channel == null) {
            channel = LINK;
        }
    }

    /** A decision on the approval page without the cutover approval given in advance (every gate but an approved freeze). */
    public Decision(String decisionId, ApprovalAction action, String decidedBy, String comment, String sourceIp, String userAgent,
                    Instant decidedAt) {
        this(decisionId, action, decidedBy, comment, sourceIp, userAgent, decidedAt, false, LINK);
    }

    /** A decision on the approval page ({@value #LINK}). */
    public Decision(String decisionId, ApprovalAction action, String decidedBy, String comment, String sourceIp, String userAgent,
                    Instant decidedAt, boolean cutoverInAdvance) {
        this(decisionId, action, decidedBy, comment, sourceIp, userAgent, decidedAt, cutoverInAdvance, LINK);
    }

    /** A decision through {@code channel}, without the cutover approval given in advance. */
    public Decision(String decisionId, ApprovalAction action, String decidedBy, String comment, String sourceIp, String userAgent,
                    Instant decidedAt, String channel) {
        this(decisionId, action, decidedBy, comment, sourceIp, userAgent, decidedAt, false, channel);
    }
}
