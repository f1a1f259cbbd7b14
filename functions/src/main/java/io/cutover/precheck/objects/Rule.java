package io.cutover.precheck.objects;

import io.cutover.core.error.CutoverException;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.CheckStatus;
import io.cutover.precheck.framework.Checks;
import io.cutover.precheck.framework.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One check of a group: its fixed definition and the code that decides it from what the group loaded
 * ({@code C}). {@link #runAll} runs every rule of a group so that one failing check never hides the others:
 * a query that fails (access denied, statement timeout) makes that check "could not check" with the reason.
 * A transient failure (connection lost, not a timeout) is rethrown: the state machine retries the whole Lambda.
 */
record Rule<C>(CheckDefinition definition, Function<C, CheckResult> decide) {

    static <C> List<CheckResult> runAll(List<Rule<C>> rules, C context) {
        List<CheckResult> results = new ArrayList<>();
        for (Rule<C> rule : rules) {
            results.add(rule.run(context));
        }
        return results;
    }

    CheckResult run(C context) {
        try {
            return decide.apply(context);
        } catch (CutoverException e) {
            // Checks.isRetryable, as for the other groups: a statement stopped by its time limit (which the driver
            // may report as a transient error) is this check's "could not check", not a retry of the whole Lambda.
            if (Checks.isRetryable(e)) {
                throw e;
            }
            return definition.couldNotCheck(Checks.reason(e));
        } catch (RuntimeException e) {
            // A bug in a check must not pass silently nor stop the other checks of the group.
            return definition.couldNotCheck("the check failed unexpectedly: " + e);
        }
    }

    // ------------------------------------------------------------------------ result builders with objects

    /** A failure listing the objects at fault (capped by CheckResult, counted in full), at {@code severity}. */
    static CheckResult failed(CheckDefinition d, Severity severity, String found, List<String> objects) {
        return d.failedAs(severity, found, objects);
    }

    static CheckResult failed(CheckDefinition d, String found, List<String> objects) {
        return d.failed(found, objects);
    }

    /** What the servers cannot decide: a person must confirm; the objects concerned are listed. */
    static CheckResult manual(CheckDefinition d, String reason, List<String> objects) {
        return d.needsManualConfirmation(reason, objects);
    }

    /** Could not be decided for the objects listed (e.g. tables whose data could not be read in time). */
    static CheckResult couldNotCheck(CheckDefinition d, String reason, List<String> objects) {
        return new CheckResult(d.id(), d.title(), d.severity(), CheckStatus.COULD_NOT_CHECK, "could not check: " + reason,
                objects, objects.size(), d.why(), d.remediation());
    }

    /** "1 table" / "3 tables". */
    static String count(int n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }
}
