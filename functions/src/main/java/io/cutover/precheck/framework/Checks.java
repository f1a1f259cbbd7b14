package io.cutover.precheck.framework;

import io.cutover.core.error.CutoverException;
import io.cutover.core.error.TransientDatabaseException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs the checks of a group one after the other and collects their results. A check that throws does not
 * pass and does not stop the others: it becomes {@link CheckStatus#COULD_NOT_CHECK} with the reason
 * (permission denied, statement timeout, unexpected answer). Only a transient failure (connection lost) is
 * rethrown, so that the state machine retries the whole Lambda.
 */
public final class Checks {
    /** Statement interrupted by a server-side timeout: MariaDB max_statement_time, MySQL max_execution_time, KILL QUERY. */
    private static final Set<Integer> TIMEOUT_CODES = Set.of(1969, 3024, 1317, 1028);

    private final List<CheckResult> results = new ArrayList<>();

    /** Runs {@code check} for {@code definition} and keeps its result (or the reason it could not run). */
    public Checks run(CheckDefinition definition, Supplier<CheckResult> check) {
        results.add(guard(definition, check));
        return this;
    }

    public List<CheckResult> results() {
        return List.copyOf(results);
    }

    public static CheckResult guard(CheckDefinition definition, Supplier<CheckResult> check) {
        try {
            CheckResult result = check.get();
            if (result == null) {
                return definition.couldNotCheck("the check returned no result (a bug in Cutover)");
            }
            return result;
        } catch (RuntimeException e) {
            if (isRetryable(e)) {
                throw e;
            }
            return definition.couldNotCheck(reason(e));
        }
    }

    /** Whether the state machine should retry the Lambda for this failure (a lost connection, not a timeout). */
    public static boolean isRetryable(Throwable e) {
        return e instanceof TransientDatabaseException && !isTimeout(e);
    }

    /** A statement stopped by a statement timeout: reported as "could not check", never retried forever. */
    public static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && TIMEOUT_CODES.contains(sql.getErrorCode())) {
                return true;
            }
        }
        return false;
    }

    /** The reason a person reads: Cutover's message (it names the side and the statement), or the exception. */
    public static String reason(Throwable e) {
        if (isTimeout(e)) {
            return "timed out (statement time limit): " + e.getMessage();
        }
        if (e instanceof CutoverException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
