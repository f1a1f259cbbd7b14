package io.cutover.notify;

/**
 * The phase changes people are told about. Each has a subject and the sentence saying what happens next;
 * the state machine sends them from its "Notify: …" states.
 */
public enum PhaseEvent {
    STARTED("started", "Readiness checks run next; nothing is changed on the source before the freeze approval."),
    BLOCKED("blocked by readiness checks", "Nothing was changed. Fix the blockers listed below and start a new execution."),
    DRY_RUN_COMPLETE("dry run complete", "Nothing was frozen. Review the report below; start a real execution (dryRun false) when ready."),
    FROZEN("source frozen (read-only)", "CDC is being drained and the data validated; the cutover approval comes next. "
            + "Any failure from now on restores the source's previous write state."),
    CUT_OVER("cut over: DMS task stopped", "Deferred objects and foreign keys are recreated on the target, then its restore point is recorded; "
            + "the snapshot is taken after the switch."),
    READY_TO_SWITCH("ready to switch application traffic", "Point the application at the target. The source stays read-only "
            + "for the rollback window; after it, post-go-live checks run."),
    SNAPSHOT_FAILED("snapshot of the target failed", "Nothing is rolled back: the application may already write to the target. "
            + "The target's restore point (Aurora point-in-time restore, named below) is the way back to it as it was at the switch; "
            + "take a manual snapshot when you can. The rollback window comes next."),
    RESTORE_POINT_NOT_RESTORABLE("restore point of the target not restorable yet", "Nothing is rolled back: the application may "
            + "already write to the target. The cluster's backups have not reached the restore point named below, so Aurora's "
            + "point-in-time restore cannot return the target to the moment of the switch; the snapshot is taken next (it may hold "
            + "the application's first writes), and the source, read-only for the rollback window, holds the migrated data as it "
            + "was at the cutover point. Check the cluster's events in the RDS console. The rollback window follows the snapshot."),
    COMPLETED("completed", "The rollback window is over; the source can be decommissioned when you are ready."),
    ROLLED_BACK("rolled back", "The source's previous write state was restored; the application can keep using the source. "
            + "Read the cause below before trying again."),
    // A caught failure ends in a Fail state after this message: a redrive would restart at that Fail state and
    // fail again (docs/state-machine.md, "Redrive"). Going on means a new execution.
    FAILED("failed", "Read the cause below. Nothing after the failed step was done, and this execution has ended: "
            + "a redrive would only fail again. Before the freeze: fix the cause, then start a NEW execution with the "
            + "same input and a new name; every step finds its earlier work and goes on from there. After the "
            + "application switch: start none; decide by hand as the summary says."),
    ROLLBACK_FAILED("ROLLBACK FAILED: act now", "Cutover could not restore the source's write state automatically. The source "
            + "may still be read-only: check it now (SHOW GLOBAL VARIABLES LIKE '%read_only%') and restore it by hand.");

    private final String subject;
    private final String next;

    PhaseEvent(String subject, String next) {
        this.subject = subject;
        this.next = next;
    }

    public String subject() {
        return subject;
    }

    public String next() {
        return next;
    }
}
