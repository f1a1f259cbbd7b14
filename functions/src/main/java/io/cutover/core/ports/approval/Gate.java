package io.cutover.core.ports.approval;

import io.cutover.core.config.MigrationConfig;

/**
 * The moments where the state machine waits for a person: before the freeze, before the cutover, and (during the
 * rollback window after the application switch) a decision to roll back. Each says what approving, rejecting and
 * not answering in time do, in the words the approver reads in the message and on the page.
 */
public enum Gate {
    FREEZE("freeze writes on the source") {
        @Override
        public int timeoutSeconds(MigrationConfig config) {
            return config.approval().freezeTimeoutSeconds();
        }

        @Override
        public Consequences consequences(MigrationConfig config) {
            return new Consequences(
                    "Cutover sets the source read-only (applications can no longer write to it), writes a marker row and "
                            + "waits until DMS has applied every change up to the marker on the target, then validates row "
                            + "counts. The cutover approval comes next (unless you tick “cut over as soon as the drain and validation are "
                            + "clean”: then a clean drain and validation cut over without it); any failure from here on restores the source's "
                            + "previous write state.",
                    "The migration stops here and reports. Nothing is frozen: the source stays writable and untouched.",
                    "Same as a rejection: the migration stops and nothing is frozen.");
        }
    },
    CUTOVER("cut over to the target") {
        @Override
        public int timeoutSeconds(MigrationConfig config) {
            return config.approval().cutoverTimeoutSeconds();
        }

        @Override
        public Consequences consequences(MigrationConfig config) {
            String dms = "KEEP".equalsIgnoreCase(config.cutover().dmsTaskOnRollback())
                    ? "the DMS task keeps running" : "the DMS task is stopped";
            return new Consequences(
                    "Cutover stops the DMS task (the cutover point), recreates the deferred objects (routines, views, "
                            + "triggers, events) and foreign keys on the target, snapshots the Aurora cluster and tells you "
                            + "to switch application traffic. The source stays read-only for the rollback window ("
                            + io.cutover.core.text.Durations.ofHours(config.cutover().rollbackWindowHours()) + ").",
                    "Cutover rolls back: the source's previous read_only settings are restored (applications can write to "
                            + "the source again), " + dms + ", and what was done is reported.",
                    "Same as a rejection: the source is unfrozen and " + dms + ".");
        }
    },
    /**
     * After "8.1 Switch the application": a person confirms that the application now writes to the target (config.switch
     * acknowledge); the rollback window starts then. Rejecting or not answering rolls back, the switch reversed.
     */
    SWITCH("confirm that the application now writes to Aurora") {
        @Override
        public int timeoutSeconds(MigrationConfig config) {
            return config.appSwitch().acknowledgeTimeoutSeconds();
        }

        @Override
        public Consequences consequences(MigrationConfig config) {
            return new Consequences(
                    "The target is the database of record from now: the rollback window ("
                            + io.cutover.core.text.Durations.ofHours(config.cutover().rollbackWindowHours()) + ") starts and "
                            + "the source stays read-only during it.",
                    "Cutover rolls back: the switch actions are reversed (the parameter, secret or DNS record get their "
                            + "previous value back, your function is called with REVERSE), the source's previous read_only "
                            + "settings are restored. Writes the application made on the target meanwhile are NOT copied back.",
                    "Same as a rejection: the switch is reversed and the source unfrozen.");
        }
    },
    /**
     * During the rollback window, after the application switch: approving rolls back to the source. The link
     * expires when the window ends ({@code cutover.rollbackWindowHours}); the state machine's own end of the
     * window is the read-only poll beside this gate, so the state's TimeoutSeconds is only an upper bound.
     */
    ROLLBACK("roll back to the source") {
        @Override
        public int timeoutSeconds(MigrationConfig config) {
            return (int) Math.max(1, Math.round(config.cutover().rollbackWindowHours() * 3600));
        }

        @Override
        public Consequences consequences(MigrationConfig config) {
            return new Consequences(
                    "Cutover restores the source's previous read_only settings so that the application can write to the "
                            + "source again; point the application back at the source. Writes made on the target since the "
                            + "switch are NOT copied back to the source: reconcile them before you switch back.",
                    "The rollback window closes now: the target stays the database of record, the source stays "
                            + "read-only, and the post-go-live checks run.",
                    "The rollback window ends as planned: the target stays the database of record and the source stays "
                            + "read-only; the post-go-live checks run.");
        }
    };

    private final String action;

    Gate(String action) {
        this.action = action;
    }

    /** What is being approved, as a verb phrase: "freeze writes on the source". */
    public String action() {
        return action;
    }

    /**
     * The words of the button (and of the email's link) for {@code action}: "Approve" / "Reject" at the freeze and
     * cutover gates; at the rollback gate, where approving is the destructive choice, what each does: "Roll back to the
     * source" / "Keep Aurora".
     */
    public String label(ApprovalAction action) {
        if (this == ROLLBACK) {
            return action == ApprovalAction.APPROVE ? "Roll back to the source" : "Keep Aurora";
        }
        return action == ApprovalAction.APPROVE ? "Approve" : "Reject";
    }

    /** The question the request asks, for subjects and titles: "Approve to freeze writes on the source?". */
    public String question() {
        return this == ROLLBACK ? "Roll back to the source, or keep Aurora?" : "Approve to " + action + "?";
    }

    /** The gate's TimeoutSeconds in the state machine (config.approval.*TimeoutSeconds). */
    public abstract int timeoutSeconds(MigrationConfig config);

    public abstract Consequences consequences(MigrationConfig config);
}
