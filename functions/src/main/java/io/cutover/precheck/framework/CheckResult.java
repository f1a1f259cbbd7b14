package io.cutover.precheck.framework;

import java.util.List;

/**
 * The outcome of one readiness check. {@code id} is the stable id from the precheck catalog (e.g.
 * {@code bl-binlog-format-row}); {@code found} says what was seen; {@code objects} lists the objects at fault,
 * capped at {@link #MAX_OBJECTS}, with {@code objectCount} the true number. {@code accepted}: the reason a person gave
 * for accepting this blocker ({@code readiness.acceptedBlockers}, see {@link AcceptedBlockers}); null when not accepted.
 */
public record CheckResult(
        String id,
        String title,
        Severity severity,
        CheckStatus status,
        String found,
        List<String> objects,
        int objectCount,
        String why,
        String remediation,
        String accepted) {
    public static final int MAX_OBJECTS = 50;

    public CheckResult {
        objects = objects == null ? List.of() : List.copyOf(objects.subList(0, Math.min(objects.size(), MAX_OBJECTS)));
    }

    public CheckResult(String id, String title, Severity severity, CheckStatus status, String found, List<String> objects,
                       int objectCount, String why, String remediation) {
        this(id, title, severity, status, found, objects, objectCount, why, remediation, null);
    }

    /** This result, accepted by a person for {@code reason}: it no longer blocks and is reported with the reason. */
    public CheckResult accepted(String reason) {
        return new CheckResult(id, title, severity, status, found, objects, objectCount, why, remediation, reason);
    }

    /** Whether a person accepted this blocker (it is then a warning that carries their reason). Not named isAccepted: Jackson would write it as a property. */
    public boolean hasAcceptance() {
        return accepted != null;
    }

    /**
     * Whether this result stops the migration: a failed blocker, or a blocker that could not be checked, unless a
     * person accepted it.
     */
    public boolean blocks() {
        return !hasAcceptance() && severity == Severity.BLOCKER && (status == CheckStatus.FAILED || status == CheckStatus.COULD_NOT_CHECK);
    }

    /**
     * Whether this result is reported as a warning: a failed warning, a warning- or blocker-severity check that
     * needs a person's confirmation, or a warning-severity check that could not run. Info-severity results
     * never warn: they are for planning and stay in the full report.
     */
    public boolean warns() {
        return !blocks() && status != CheckStatus.PASSED && severity != Severity.INFO;
    }
}
