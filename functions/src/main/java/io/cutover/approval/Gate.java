package io.cutover.approval;

import io.cutover.core.config.MigrationConfig;

/**
 * The two moments where the state machine waits for a person. Each says what approving, rejecting and not
 * answering in time do, in the words the approver reads in the message and on the page.
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
                            + "counts. The cutover approval comes next; any failure from here on restores the source's "
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
                            + hours(config.cutover().rollbackWindowHours()) + " h).",
                    "Cutover rolls back: the source's previous read_only settings are restored (applications can write to "
                            + "the source again), " + dms + ", and what was done is reported.",
                    "Same as a rejection: the source is unfrozen and " + dms + ".");
        }
    };

    private final String action;

    private static String hours(double hours) {
        return hours == Math.rint(hours) ? Long.toString((long) hours) : Double.toString(hours);
    }

    Gate(String action) {
        this.action = action;
    }

    /** What is being approved, as a verb phrase: "freeze writes on the source". */
    public String action() {
        return action;
    }

    /** The gate's TimeoutSeconds in the state machine (config.approval.*TimeoutSeconds). */
    public abstract int timeoutSeconds(MigrationConfig config);

    public abstract Consequences consequences(MigrationConfig config);
}
