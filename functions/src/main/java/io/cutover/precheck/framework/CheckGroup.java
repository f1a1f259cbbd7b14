package io.cutover.precheck.framework;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/**
 * Checks that run together: one query per check over information_schema (never one per table), so that a
 * group stays well inside its Lambda's timeout on a server with 10,000 tables. A check that cannot run reports
 * {@link CheckStatus#COULD_NOT_CHECK} with the reason; it never passes silently.
 *
 * <p>Where a group runs, declared on its class with {@link RunsOn}: {@link Side#SOURCE} groups in the source Lambda;
 * {@link Side#TARGET} and {@link Side#BOTH} groups in the target Lambda (which also opens the source for the
 * comparisons).
 */
public interface CheckGroup {
    enum Side { SOURCE, TARGET, BOTH }

    /** Which sessions a group class needs: {@code @RunsOn(Side.SOURCE) public final class BinlogChecks …}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface RunsOn {
        Side value();
    }

    /** Which sessions the group needs: its class's {@link RunsOn}. */
    default Side side() {
        RunsOn runsOn = getClass().getAnnotation(RunsOn.class);
        if (runsOn == null) {
            throw new IllegalStateException(getClass().getName() + " declares no @RunsOn: where does the group run?");
        }
        return runsOn.value();
    }

    List<CheckResult> run(CheckContext context);

    /** A name for reports and benchmarks (per-group timings). */
    default String name() {
        return getClass().getSimpleName();
    }
}
