package io.cutover.core.ports.memory;

import io.cutover.core.ports.approval.Approval;
import io.cutover.core.ports.approval.ApprovalStatus;
import io.cutover.core.ports.approval.ApprovalStore;
import io.cutover.core.ports.approval.ClaimResult;
import io.cutover.core.ports.approval.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Approvals in memory (tests and the local rehearsal). Each change runs inside {@link ConcurrentHashMap#compute},
 * which is atomic per key: the same single-use guarantee as DynamoDB's conditional writes.
 */
public final class MemoryApprovalStore implements ApprovalStore {
    private final Map<String, Approval> approvals = new ConcurrentHashMap<>();

    @Override
    public Approval createIfAbsent(Approval approval) {
        return approvals.computeIfAbsent(approval.approvalId(), id -> approval);
    }

    @Override
    public Optional<Approval> find(String approvalId) {
        return Optional.ofNullable(approvals.get(approvalId));
    }

    @Override
    public ClaimResult claim(String approvalId, Decision decision, Instant now) {
        AtomicReference<ClaimResult> result = new AtomicReference<>();
        approvals.compute(approvalId, (id, current) -> {
            if (current != null && current.isOpen(now)) {
                Approval claimed = current.withStatus(ApprovalStatus.DECIDING, decision);
                result.set(new ClaimResult.Claimed(claimed));
                return claimed;
            }
            result.set(ClaimResult.refusal(current, now));
            return current;
        });
        return result.get();
    }

    @Override
    public boolean finish(String approvalId, String decisionId, ApprovalStatus outcome, Instant now) {
        if (outcome != ApprovalStatus.DECIDED && outcome != ApprovalStatus.NO_LONGER_WAITING) {
            throw new IllegalArgumentException("finish: outcome must be DECIDED or NO_LONGER_WAITING, not " + outcome);
        }
        AtomicBoolean done = new AtomicBoolean();
        approvals.computeIfPresent(approvalId, (id, current) -> {
            if (!heldBy(current, decisionId)) {
                return current;
            }
            done.set(true);
            return current.withStatus(outcome, current.decision()).withoutToken();
        });
        return done.get();
    }

    @Override
    public boolean release(String approvalId, String decisionId) {
        AtomicBoolean done = new AtomicBoolean();
        approvals.computeIfPresent(approvalId, (id, current) -> {
            if (!heldBy(current, decisionId)) {
                return current;
            }
            done.set(true);
            return current.withStatus(ApprovalStatus.PENDING, null);
        });
        return done.get();
    }

    @Override
    public List<Approval> waiting(Instant now) {
        List<Approval> waiting = new ArrayList<>();
        for (Approval a : approvals.values()) {
            if ((a.status() == ApprovalStatus.PENDING || a.status() == ApprovalStatus.DECIDING) && !a.isExpired(now)) {
                waiting.add(a.withoutToken());
            }
        }
        waiting.sort(Comparator.comparing(Approval::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Approval::approvalId));
        return waiting;
    }

    @Override
    public List<Approval> dueForReminder(Instant now) {
        List<Approval> due = new ArrayList<>();
        for (Approval a : approvals.values()) {
            if (a.isOpen(now) && a.remindAt() != null && !a.remindAt().isAfter(now) && a.remindedAt() == null) {
                due.add(a.withoutToken());
            }
        }
        due.sort(Comparator.comparing(Approval::remindAt));
        return due;
    }

    @Override
    public boolean markReminded(String approvalId, Instant now) {
        AtomicBoolean done = new AtomicBoolean();
        approvals.computeIfPresent(approvalId, (id, current) -> {
            if (current.status() != ApprovalStatus.PENDING || current.remindedAt() != null) {
                return current;
            }
            done.set(true);
            return current.withRemindedAt(now);
        });
        return done.get();
    }

    private static boolean heldBy(Approval approval, String decisionId) {
        return approval.status() == ApprovalStatus.DECIDING && approval.decision() != null
                && approval.decision().decisionId().equals(decisionId);
    }
}
