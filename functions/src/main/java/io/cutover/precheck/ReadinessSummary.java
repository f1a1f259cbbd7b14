package io.cutover.precheck;

import java.util.List;

/**
 * What a check Lambda returns into the state: small, for the Choice on blockers, with the key of the full
 * report in the artifacts store.
 */
public record ReadinessSummary(
        String side,
        int blockers,
        int warnings,
        int checks,
        List<String> blockerIds,
        List<String> warningIds,
        String reportKey,
        String summary) {

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
