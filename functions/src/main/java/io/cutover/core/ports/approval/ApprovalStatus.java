package io.cutover.core.ports.approval;

/**
 * Life of a pending approval. PENDING → DECIDING (one decision claimed it, atomically) → DECIDED (the task token
 * was used and removed) or NO_LONGER_WAITING (Step Functions no longer knew the task: the execution timed out
 * or was stopped). DECIDING goes back to PENDING only when Step Functions could not be reached, so that the
 * approver can try again.
 */
public enum ApprovalStatus {
    PENDING,
    DECIDING,
    DECIDED,
    NO_LONGER_WAITING
}
