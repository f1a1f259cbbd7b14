package io.cutover.precheck;

import java.util.List;

/**
 * The outcome of one readiness check. {@code id} is the stable id from the precheck catalog (e.g.
 * {@code bl-binlog-format-row}); {@code found} says what was seen; {@code objects} lists the objects at fault,
 * capped at {@link #MAX_OBJECTS}, with {@code objectCount} the true number.
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
        String remediation) {
    public static final int MAX_OBJECTS = 50;

    public CheckResult {
        objects = objects == null ? List.of() : List.copyOf(objects.subList(0, Math.min(objects.size(), MAX_OBJECTS)));
    }

    /** Whether this result stops the migration: a failed blocker, or a blocker that could not be checked. */
    public boolean blocks() {
        return severity == Severity.BLOCKER && (status == CheckStatus.FAILED || status == CheckStatus.COULD_NOT_CHECK);
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
