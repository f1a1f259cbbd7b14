package io.cutover.core.error;


/**
 * A snapshot with Cutover's deterministic identifier exists but belongs to another cluster: it is never reused
 * (it would not protect this migration) and never deleted (it may be someone's backup).
 */
public class SnapshotConflictException extends CutoverException {
    public SnapshotConflictException(String message) {
        super(message);
    }
}
