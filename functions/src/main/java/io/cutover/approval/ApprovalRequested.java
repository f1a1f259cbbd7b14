package io.cutover.approval;

import io.cutover.core.ports.approval.Gate;
import java.time.Instant;

/**
 * What the request handler returns (Step Functions ignores it for a callback task; it is for logs and tests).
 * It names the approval, never its links or token.
 *
 * @param notified false when a retried request found the approval already decided and sent nothing
 */
public record ApprovalRequested(String approvalId, Gate gate, Instant expiresAt, Instant remindAt, boolean notified) {}
