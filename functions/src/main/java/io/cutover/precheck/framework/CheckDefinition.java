package io.cutover.precheck.framework;

import java.util.List;

/**
 * The fixed part of a check (id, title, severity, why, remediation), so that a check's code only decides
 * what it found. Build results with {@link #passed}, {@link #failed}, {@link #couldNotCheck}.
 */
public record CheckDefinition(String id, String title, Severity severity, String why, String remediation) {

    public CheckResult passed(String found) {
        return new CheckResult(id, title, severity, CheckStatus.PASSED, found, List.of(), 0, why, remediation);
    }

    /** Passed, with the objects it is about (e.g. the columns a note counts): listed, never at fault. */
    public CheckResult passed(String found, List<String> objects) {
        return new CheckResult(id, title, severity, CheckStatus.PASSED, found, objects, objects.size(), why, remediation);
    }

    public CheckResult failed(String found) {
        return new CheckResult(id, title, severity, CheckStatus.FAILED, found, List.of(), 0, why, remediation);
    }

    public CheckResult failed(String found, List<String> objects) {
        return new CheckResult(id, title, severity, CheckStatus.FAILED, found, objects, objects.size(), why, remediation);
    }

    /** A failure whose severity differs from the default (e.g. a blocker check that only warns in one case). */
    public CheckResult failedAs(Severity severity, String found) {
        return new CheckResult(id, title, severity, CheckStatus.FAILED, found, List.of(), 0, why, remediation);
    }

    /** A failure with the objects at fault, whose severity differs from the default. */
    public CheckResult failedAs(Severity severity, String found, List<String> objects) {
        return new CheckResult(id, title, severity, CheckStatus.FAILED, found, objects, objects.size(), why, remediation);
    }

    public CheckResult couldNotCheck(String reason) {
        return new CheckResult(id, title, severity, CheckStatus.COULD_NOT_CHECK, "could not check: " + reason,
                List.of(), 0, why, remediation);
    }

    public CheckResult needsManualConfirmation(String reason) {
        return new CheckResult(id, title, severity, CheckStatus.NEEDS_MANUAL_CONFIRMATION, reason, List.of(), 0, why, remediation);
    }

    public CheckResult needsManualConfirmation(String reason, List<String> objects) {
        return new CheckResult(id, title, severity, CheckStatus.NEEDS_MANUAL_CONFIRMATION, reason, objects, objects.size(),
                why, remediation);
    }
}
