package io.cutover.core.ports.approval;

import java.time.Instant;

/**
 * Who decided what, when and from where. {@code decisionId} is random per POST: it identifies the claim, so
 * that only the request that claimed an approval can complete or release it.
 */
public record Decision(
        String decisionId,
        ApprovalAction action,
        String decidedBy,
        String comment,
        String sourceIp,
        String userAgent,
        Instant decidedAt) {}
