package io.cutover.precheck;

import io.cutover.core.json.NonNull;
import io.cutover.precheck.framework.CheckResult;
import java.util.List;

/**
 * What a check Lambda returns into the state: small, for the Choice on blockers, with the key of the full
 * report in the artifacts store.
 */
public record ReadinessSummary(
        @NonNull String side,
        int blockers,
        int warnings,
        int checks,
        @NonNull List<String> blockerIds,
        @NonNull List<String> warningIds,
        @NonNull String reportKey,
        @NonNull String summary) {

    public static ReadinessSummary of(ReadinessReport report, String reportKey) {
        return new ReadinessSummary(
                report.side(),
                report.blockers().size(),
                report.warnings().size(),
                report.checks().size(),
                report.blockers().stream().map(CheckResult::id).toList(),
                report.warnings().stream().map(CheckResult::id).toList(),
                reportKey,
                report.summaryText());
    }
}
