package io.cutover.precheck;

import java.time.Instant;
import java.util.List;

/** Every check result of one side (source or target): the full report, stored as an artifact. */
public record ReadinessReport(String migrationId, String side, String server, Instant checkedAt, List<CheckResult> checks) {

    public List<CheckResult> blockers() {
        return checks.stream().filter(CheckResult::blocks).toList();
    }

    public List<CheckResult> warnings() {
        return checks.stream().filter(CheckResult::warns).toList();
    }

    /** A few lines a person can read in a notification; the artifact has the rest. */
    public String summaryText() {
        StringBuilder text = new StringBuilder();
        text.append(side).append(" (").append(server).append("): ")
                .append(blockers().size()).append(" blocker(s), ")
                .append(warnings().size()).append(" warning(s), ")
                .append(checks.size()).append(" check(s)");
        for (CheckResult b : blockers()) {
            text.append("\n  BLOCKER ").append(b.id()).append(": ").append(b.found());
        }
        for (CheckResult w : warnings()) {
            text.append("\n  warning ").append(w.id()).append(": ").append(w.found());
        }
        return text.toString();
    }
}
