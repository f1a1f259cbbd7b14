package io.cutover.precheck;

import io.cutover.precheck.framework.CheckResult;
import java.time.Instant;
import java.util.List;

/**
 * Every check result of one side (source or target): the full report, stored as an artifact. {@code groups}
 * says how long each check group took (the figures the benchmark prints, and a hint when a Lambda nears its
 * timeout).
 */
public record ReadinessReport(String migrationId, String side, String server, Instant checkedAt, List<CheckResult> checks,
                              List<GroupTiming> groups) {
    /** Lines of the notification summary per kind; the report has every result. */
    static final int MAX_SUMMARY_LINES = 15;
    static final int MAX_FOUND_CHARS = 240;

    /** How long one group took and how many results it gave. */
    public record GroupTiming(String name, String side, long millis, int checks) {}

    public ReadinessReport {
        checks = checks == null ? List.of() : List.copyOf(checks);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public ReadinessReport(String migrationId, String side, String server, Instant checkedAt, List<CheckResult> checks) {
        this(migrationId, side, server, checkedAt, checks, List.of());
    }

    public List<CheckResult> blockers() {
        return checks.stream().filter(CheckResult::blocks).toList();
    }

    public List<CheckResult> warnings() {
        return checks.stream().filter(CheckResult::warns).toList();
    }

    /** Blockers a person accepted, with their reasons ({@code readiness.acceptedBlockers}). */
    public List<CheckResult> accepted() {
        return checks.stream().filter(CheckResult::hasAcceptance).toList();
    }

    /**
     * A few lines a person can read in a notification, ending with a newline; the artifact has the rest.
     * Blockers are listed with what was found; warnings by id only, to keep the state small.
     */
    public String summaryText() {
        List<CheckResult> blockers = blockers();
        List<CheckResult> warnings = warnings();
        StringBuilder text = new StringBuilder();
        text.append(side).append(" (").append(server).append("): ")
                .append(blockers.size()).append(" blocker(s), ")
                .append(warnings.size()).append(" warning(s), ")
                .append(checks.size()).append(" check(s)\n");
        for (CheckResult b : blockers.subList(0, Math.min(blockers.size(), MAX_SUMMARY_LINES))) {
            text.append("  BLOCKER ").append(b.id()).append(": ").append(shorten(b.found())).append(objects(b)).append('\n');
        }
        if (blockers.size() > MAX_SUMMARY_LINES) {
            text.append("  … and ").append(blockers.size() - MAX_SUMMARY_LINES).append(" more blocker(s) in the report\n");
        }
        for (CheckResult a : checks.stream().filter(CheckResult::hasAcceptance).limit(MAX_SUMMARY_LINES).toList()) {
            text.append("  ACCEPTED ").append(a.id()).append(a.objectCount() > 0 ? " (" + a.objectCount() + " object(s))" : "")
                    .append(": ").append(shorten(a.found())).append(" | reason: ").append(shorten(a.accepted())).append('\n');
        }
        if (!warnings.isEmpty()) {
            text.append("  warnings: ").append(String.join(", ", warnings.stream().map(CheckResult::id)
                    .limit(MAX_SUMMARY_LINES * 2L).toList()));
            if (warnings.size() > MAX_SUMMARY_LINES * 2) {
                text.append(", …");
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** The first objects at fault, so that a blocker names what to fix even in a notification: " [a; b; … and 7 more]". */
    static String objects(CheckResult r) {
        if (r.objects().isEmpty()) {
            return "";
        }
        List<String> first = r.objects().subList(0, Math.min(3, r.objects().size())).stream().map(ReadinessReport::shorten).toList();
        int more = r.objectCount() - first.size();
        return " [" + String.join("; ", first) + (more > 0 ? "; … and " + more + " more" : "") + "]";
    }

    private static String shorten(String found) {
        String oneLine = found == null ? "" : found.replace('\n', ' ');
        return oneLine.length() <= MAX_FOUND_CHARS ? oneLine : oneLine.substring(0, MAX_FOUND_CHARS - 1) + "…";
    }
}
