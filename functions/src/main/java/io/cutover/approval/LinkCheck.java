package io.cutover.approval;

import io.cutover.core.ports.approval.ApprovalAction;
import java.time.Instant;

/** What {@link LinkSigner#verify} found. Only {@link Valid} may lead to a page with buttons or a decision. */
public sealed interface LinkCheck {
    record Valid(String approvalId, ApprovalAction action, Instant expiresAt) implements LinkCheck {}

    /** A field is missing or not shaped like anything Cutover issues. */
    record Malformed(String field) implements LinkCheck {}

    /** Well formed, but the signature does not match: changed, or made up. */
    record Forged() implements LinkCheck {}

    /** Genuine, but too late. */
    record Expired(String approvalId, Instant expiresAt) implements LinkCheck {}
}
