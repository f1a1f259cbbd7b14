package io.cutover.precheck.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.SqlErrors;
import io.cutover.core.error.TransientDatabaseException;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.CheckStatus;
import io.cutover.precheck.framework.Severity;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A rule that throws: which failures stay with the check and which are rethrown for the state machine to retry. */
class RuleTest {
    private static final CheckDefinition D = new CheckDefinition("so-test", "A test check", Severity.BLOCKER, "why", "fix");

    private static Rule<String> throwing(RuntimeException e) {
        return new Rule<>(D, context -> {
            throw e;
        });
    }

    @Test
    void aStatementStoppedByItsTimeLimitIsThisChecksCouldNotCheckEvenWhenTheDriverCallsItTransient() {
        var timeout = SqlErrors.translate(DatabaseRole.SOURCE, "reading the catalog",
                new SQLTimeoutException("Query execution was interrupted, maximum statement execution time exceeded", "HY000", 3024));
        assertThat(timeout).as("the driver's SQLTimeoutException is an SQLTransientException").isInstanceOf(TransientDatabaseException.class);
        List<CheckResult> results = Rule.runAll(List.of(throwing(timeout), new Rule<>(D, context -> D.passed("fine"))), "catalog");
        assertThat(results).extracting(CheckResult::status).containsExactly(CheckStatus.COULD_NOT_CHECK, CheckStatus.PASSED);
        assertThat(results.get(0).found()).startsWith("could not check: timed out (statement time limit): source: reading the catalog");
    }

    @Test
    void aLostConnectionIsRethrownAndABugIsCouldNotCheck() {
        var lost = SqlErrors.translate(DatabaseRole.TARGET, "reading the catalog", new SQLException("Lost connection", "08S01", 2013));
        assertThatThrownBy(() -> throwing(lost).run("catalog")).isSameAs(lost);
        assertThat(throwing(new IllegalStateException("oops")).run("catalog").found())
                .isEqualTo("could not check: the check failed unexpectedly: java.lang.IllegalStateException: oops");
    }
}
