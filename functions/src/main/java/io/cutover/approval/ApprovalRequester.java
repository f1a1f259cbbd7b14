package io.cutover.approval;

import io.cutover.core.error.InputValidationException;
import io.cutover.core.error.InputValidationException.FieldError;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.approval.Approval;
import io.cutover.core.ports.approval.ApprovalAction;
import io.cutover.core.ports.approval.ApprovalStatus;
import io.cutover.core.ports.approval.Gate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks people for a decision: keeps the task token in the store (with the expiry), sends the message with the
 * signed approve and reject links to the approvers' channel only ({@link Ports#approvalNotifier()}), then a notice
 * without links to the notification topic. Idempotent: a retried request with the same token finds the same
 * approval id and sends the same links again.
 */
public final class ApprovalRequester {
    /** The most the link's expiry is kept before the state's timeout: Lambda start-up and retries eat into it. */
    static final long MAX_MARGIN_SECONDS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(ApprovalRequester.class);

    private final Ports ports;

    public ApprovalRequester(Ports ports) {
        this.ports = ports;
    }

    public ApprovalRequested request(ApprovalRequest request) {
        validate(request);
        LinkSigner signer = ApprovalEnvironment.signer(ports);
        String baseUrl = ApprovalEnvironment.baseUrl(ports);
        Instant now = ports.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        var config = request.config();
        Gate gate = request.gate();

        Instant expiresAt = expiry(now, gate.timeoutSeconds(config));
        Instant remindAt = reminderTime(now, expiresAt, config.approval().reminderBeforeExpirySeconds());
        Approval approval = new Approval(signer.approvalId(request.taskToken()), gate, config.migrationId(),
                request.executionName(), request.stateName(), request.taskToken(), request.evidence(),
                gate.consequences(config), now, expiresAt, remindAt, null, ApprovalStatus.PENDING, null);

        Approval stored = ports.approvals().createIfAbsent(approval);
        if (stored.status() != ApprovalStatus.PENDING) {
            LOG.warn("approval {} ({}) was already {}; no message sent", stored.approvalId(), gate, stored.status());
            return new ApprovalRequested(stored.approvalId(), gate, stored.expiresAt(), stored.remindAt(), false);
        }
        String approve = signer.link(stored.approvalId(), ApprovalAction.APPROVE, stored.expiresAt()).url(baseUrl);
        String reject = signer.link(stored.approvalId(), ApprovalAction.REJECT, stored.expiresAt()).url(baseUrl);
        ports.approvalNotifier().publish(ApprovalMessages.request(stored, approve, reject, now));
        notifyFollowers(stored, now);
        LOG.info("approval {} requested: gate {}, expires {}, reminder {}", stored.approvalId(), gate, stored.expiresAt(),
                stored.remindAt() == null ? "none" : stored.remindAt());
        return new ApprovalRequested(stored.approvalId(), gate, stored.expiresAt(), stored.remindAt(), true);
    }

    /**
     * The notice is for whoever follows the migration; the gate waits on the links, which went out already. A notice
     * that cannot be sent is logged, not failed: a retry would send the approvers the links a second time.
     */
    private void notifyFollowers(Approval approval, Instant now) {
        try {
            ports.notifier().publish(ApprovalMessages.notice(approval, now));
        } catch (RuntimeException e) {
            LOG.warn("approval {} ({}): the links were sent, the notice to the notification topic was not: {}",
                    approval.approvalId(), approval.gate(), e.toString());
        }
    }

    /**
     * The link dies no later than the state machine stops waiting: {@code TimeoutSeconds} counts from the task's
     * start, a little before this Lambda runs, so the link keeps a margin of 1/20 of the timeout (at least a
     * second, at most a minute) for Lambda start-up.
     */
    static Instant expiry(Instant now, int timeoutSeconds) {
        long margin = Math.max(1, Math.min(MAX_MARGIN_SECONDS, timeoutSeconds / 20));
        return now.plusSeconds(timeoutSeconds - margin);
    }

    /** {@code reminderBeforeExpiry} seconds before the expiry; none when 0 or when that moment has passed already. */
    static Instant reminderTime(Instant now, Instant expiresAt, int reminderBeforeExpiry) {
        if (reminderBeforeExpiry <= 0) {
            return null;
        }
        Instant at = expiresAt.minusSeconds(reminderBeforeExpiry);
        return at.isAfter(now) ? at : null;
    }

    private static void validate(ApprovalRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.taskToken() == null || request.taskToken().isBlank()) {
            errors.add(new FieldError("$.taskToken", "is required: pass \"taskToken.$\": \"$$.Task.Token\" "
                    + "(the task must use lambda:invoke.waitForTaskToken)"));
        }
        if (request.gate() == null) {
            errors.add(new FieldError("$.gate", "is required: one of " + List.of(Gate.values())));
        }
        if (request.config() == null) {
            errors.add(new FieldError("$.config", "is required: pass \"config.$\": \"$.config\""));
        } else if (request.config().migrationId() == null || request.config().migrationId().isBlank()) {
            errors.add(new FieldError("$.config.migrationId", "is required"));
        }
        if (request.evidence() != null && !request.evidence().isNull() && !request.evidence().isObject()) {
            errors.add(new FieldError("$.evidence", "must be an object of sections (readiness, lag, drain, validation, "
                    + "rowCounts, …), not " + request.evidence().getNodeType()));
        }
        if (!errors.isEmpty()) {
            throw new InputValidationException(errors);
        }
    }
}
