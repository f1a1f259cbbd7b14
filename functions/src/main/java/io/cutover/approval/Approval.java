package io.cutover.approval;

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
