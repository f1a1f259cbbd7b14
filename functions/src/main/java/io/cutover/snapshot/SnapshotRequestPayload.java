package io.cutover.snapshot;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.poll.PollDecision;

/**
 * Payload of the snapshot Lambdas: the config and, when polling, the previous decision (null on the first poll).
 * {@code step} says which of the two jobs is asked: {@code RESTORE_POINT} (record the restore point and, polling,
 * wait until the cluster's backups reach it) or {@code SNAPSHOT}, the default (start the cluster snapshot and,
 * polling, wait until it is available).
 */
public record SnapshotRequestPayload(MigrationConfig config, String stateName, String executionName, PollDecision poll, String step) {
    public static final String RESTORE_POINT = "RESTORE_POINT";
    public static final String SNAPSHOT = "SNAPSHOT";

    public SnapshotRequestPayload(MigrationConfig config, String stateName, String executionName, PollDecision poll) {
        this(config, stateName, executionName, poll, SNAPSHOT);
    }

    /** True for {@code SNAPSHOT} or no step; false for {@code RESTORE_POINT}. */
    public boolean snapshotStep() {
        if (step == null || SNAPSHOT.equals(step)) {
            return true;
        }
        if (RESTORE_POINT.equals(step)) {
            return false;
        }
        throw new io.cutover.core.error.InputValidationException(java.util.List.of(new io.cutover.core.error.InputValidationException.FieldError(
                "$.step", "must be RESTORE_POINT or SNAPSHOT, not '" + step + "'")));
    }
}
