package io.cutover.precheck.framework;

import java.util.List;

/**
 * Checks that run together: one query per check over information_schema (never one per table), so that a
 * group stays well inside its Lambda's timeout on a server with 10,000 tables. A check that cannot run reports
 * {@link CheckStatus#COULD_NOT_CHECK} with the reason; it never passes silently.
 *
 * <p>Where a group runs: {@link Side#SOURCE} groups in the source Lambda; {@link Side#TARGET} and
 * {@link Side#BOTH} groups in the target Lambda (which also opens the source for the comparisons).
 */
public interface CheckGroup {
    enum Side { SOURCE, TARGET, BOTH }

    /** Which sessions the group needs. */
    Side side();

    List<CheckResult> run(CheckContext context);

    /** A name for reports and benchmarks (per-group timings). */
    default String name() {
        return getClass().getSimpleName();
    }
}
