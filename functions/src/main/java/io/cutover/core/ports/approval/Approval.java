package io.cutover.core.ports.approval;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A request for a person's decision, as kept server side. The task token lives only here (and in the
 * Step Functions request that created it): never in a link, a message, a page or a log line, and it is
 * removed once used. {@link #toString()} hides it. Times are whole seconds.
 *
 * @param remindAt   when to remind the approvers (null: no reminder)
 * @param remindedAt when the reminder went out (null: not yet)
 * @param decision   null while PENDING
 */
public record Approval(
        String approvalId,
        Gate gate,
        String migrationId,
        String executionName,
        String stateName,
        String taskToken,
        JsonNode evidence,
        Consequences consequences,
        Instant createdAt,
        Instant expiresAt,
        Instant remindAt,
        Instant remindedAt,
        ApprovalStatus status,
        Decision decision) {

    public Approval {
        Objects.requireNonNull(approvalId, "approvalId");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(status, "status");
    }

    /**
     * How long before the expiry the waiting task is certainly still waiting: the approval is stored moments after the
     * task started (its expiry counts from then, the task's timeout from the task's start), so the task's own timeout
     * comes a little earlier than {@link #expiresAt}; the Lambda that stores it runs for at most a few minutes.
     */
    static final java.time.Duration TIMEOUT_MARGIN = java.time.Duration.ofMinutes(5);

    /** The gate's own timeout cannot have passed at {@code now}: a closed task was closed by a decision or a stop. */
    public boolean gateCannotHaveTimedOut(Instant now) {
        return now.isBefore(expiresAt.minus(TIMEOUT_MARGIN));
    }

    /**
     * How long a claim is held by the request delivering it: the approval function answers within API Gateway's
     * 30-second integration limit (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html),
     * so a claim older than this is no longer being delivered: its delivery failed unconfirmed.
     */
    static final java.time.Duration DELIVERY_TIME = java.time.Duration.ofSeconds(60);

    /**
     * An unconfirmed delivery may be retried, with the same decision, until the expiry: once the request that
     * claimed it has certainly ended ({@link #DELIVERY_TIME}), never while it may still be delivering.
     */
    public boolean isOpenForDelivery(Instant now) {
        return status == ApprovalStatus.DECIDING && decision != null && decision.decidedAt() != null
                && !now.isBefore(decision.decidedAt().plus(DELIVERY_TIME)) && now.isBefore(expiresAt);
    }

    /** A decision can still be taken: pending and not expired at {@code now}. */
    public boolean isOpen(Instant now) {
        return status == ApprovalStatus.PENDING && now.isBefore(expiresAt);
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public Approval withStatus(ApprovalStatus newStatus, Decision newDecision) {
        return new Approval(approvalId, gate, migrationId, executionName, stateName, taskToken, evidence, consequences,
                createdAt, expiresAt, remindAt, remindedAt, newStatus, newDecision);
    }

    public Approval withoutToken() {
        return new Approval(approvalId, gate, migrationId, executionName, stateName, null, evidence, consequences,
                createdAt, expiresAt, remindAt, remindedAt, status, decision);
    }

    public Approval withRemindedAt(Instant when) {
        return new Approval(approvalId, gate, migrationId, executionName, stateName, taskToken, evidence, consequences,
                createdAt, expiresAt, remindAt, when, status, decision);
    }

    @Override
    public String toString() {
        return "Approval[" + approvalId + ", " + gate + ", migration " + migrationId + ", " + status
                + ", expires " + expiresAt + ", taskToken " + (taskToken == null ? "removed" : "hidden") + "]";
    }
}
