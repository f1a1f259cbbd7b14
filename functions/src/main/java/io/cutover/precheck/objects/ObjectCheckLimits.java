package io.cutover.precheck.objects;

import java.time.Duration;

/**
 * How far the object checks go. The structure checks read only information_schema; the data checks read rows,
 * so their cost is bounded: at most {@code sampleRows} rows per table (the first rows in primary key order;
 * {@code lobSampleRows} for tables whose LOB sizes are measured, since reading a LOB reads all of it), each
 * statement stopped by the server after {@code statementTimeout}, and the whole data group after
 * {@code dataBudget}. What was not read is reported as sampled or "could not check", never as passed.
 *
 * @param maxTablesPerTask    so-table-count: the number of tables one DMS task supports
 * @param tablesPerStatement  how many tables' samples one data statement reads (UNION ALL), to save round trips
 */
public record ObjectCheckLimits(int maxTablesPerTask, int sampleRows, int lobSampleRows, Duration statementTimeout,
                                Duration dataBudget, int tablesPerStatement) {

    public ObjectCheckLimits {
        if (maxTablesPerTask < 1 || sampleRows < 1 || lobSampleRows < 1 || tablesPerStatement < 1) {
            throw new IllegalArgumentException("object check limits must be positive");
        }
        if (statementTimeout.isNegative() || statementTimeout.isZero() || dataBudget.isNegative() || dataBudget.isZero()) {
            throw new IllegalArgumentException("object check time limits must be positive");
        }
    }

    /** The production limits: a data group that stays within about five minutes on a large source. */
    public static ObjectCheckLimits defaults() {
        return new ObjectCheckLimits(10_000, 100_000, 10_000, Duration.ofSeconds(60), Duration.ofSeconds(300), 20);
    }

    public ObjectCheckLimits withMaxTablesPerTask(int n) {
        return new ObjectCheckLimits(n, sampleRows, lobSampleRows, statementTimeout, dataBudget, tablesPerStatement);
    }

    public ObjectCheckLimits withSampleRows(int rows, int lobRows) {
        return new ObjectCheckLimits(maxTablesPerTask, rows, lobRows, statementTimeout, dataBudget, tablesPerStatement);
    }

    public ObjectCheckLimits withTimes(Duration statement, Duration budget) {
        return new ObjectCheckLimits(maxTablesPerTask, sampleRows, lobSampleRows, statement, budget, tablesPerStatement);
    }
}
