package io.cutover.precheck;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Artifacts;
import io.cutover.core.ports.CutoverMetrics;
import io.cutover.core.ports.Notification;
import io.cutover.core.ports.Ports;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Publishes one readiness run: combines the source and target summaries, stores the combined summary, publishes
 * the blocker and warning counts as metrics, compares the blockers with the last run's
 * ({@code readiness/latest.json}) and notifies people when the set changed: which migration, what changed, what
 * to do, where the reports are. Idempotent: publishing the same execution again (Retry, redrive) compares with the
 * same previous run and does not notify twice.
 */
public final class ReadinessPublisher {
    public static final String EVENT = "READINESS_BLOCKERS_CHANGED";
    public static final String METRIC_BLOCKERS = CutoverMetrics.READINESS_BLOCKERS;
    public static final String METRIC_WARNINGS = CutoverMetrics.READINESS_WARNINGS;
    /** A run whose checks could not run at all (the Parallel state failed): reported as a blocker. */
    static final String RUN_FAILED = "cutover-readiness-run";

    private final Ports ports;

    public ReadinessPublisher(Ports ports) {
        this.ports = ports;
    }

    public static String latestKey(String migrationId) {
        return Artifacts.key(migrationId, "readiness", "latest.json");
    }

    /** The combined summary of one run, as stored next to the two reports. */
    public record RunSummary(String migrationId, String executionName, Instant publishedAt, int blockers, int warnings,
                             List<String> blockerIds, List<String> warningIds, List<String> newBlockerIds,
                             List<String> resolvedBlockerIds, Map<String, String> reports, String failure, String text) {}

    public PublishedReadiness publish(PublishReadinessRequest request) {
        String migrationId = request.config().migrationId();
        String run = ReadinessCheck.runName(request.executionName());
        Instant now = ports.clock().instant();

        TreeSet<String> blockerIds = new TreeSet<>();
        TreeSet<String> warningIds = new TreeSet<>();
        Map<String, String> reports = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        int warnings = 0;
        String failure = failure(request);
        for (ReadinessSummary side : new ReadinessSummary[] {request.source(), request.target()}) {
            if (side == null) {
                continue;
            }
            blockerIds.addAll(side.blockerIds());
            warningIds.addAll(side.warningIds());
            warnings += side.warnings();
            reports.put(side.side(), side.reportKey());
            text.append(side.summary());
        }
        if (failure != null) {
            blockerIds.add(RUN_FAILED);
            text.append("the readiness checks could not run: ").append(failure).append('\n');
        }

        String latestKey = latestKey(migrationId);
        Optional<ReadinessHistory> last = ports.artifacts().getJson(latestKey, ReadinessHistory.class);
        boolean sameRun = last.isPresent() && run.equals(last.get().executionName());
        List<String> previous = last.map(h -> sameRun ? h.previousBlockerIds() : h.blockerIds()).orElse(List.of());
        List<String> added = blockerIds.stream().filter(id -> !previous.contains(id)).toList();
        List<String> resolved = previous.stream().filter(id -> !blockerIds.contains(id)).sorted().toList();
        boolean changed = !added.isEmpty() || !resolved.isEmpty();

        String summaryKey = Artifacts.key(migrationId, "readiness", "runs", run, "summary.json");
        String combined = "readiness of " + migrationId + ": " + blockerIds.size() + " blocker(s), " + warnings + " warning(s)\n" + text;
        RunSummary summary = new RunSummary(migrationId, run, now, blockerIds.size(), warnings, List.copyOf(blockerIds),
                List.copyOf(warningIds), added, resolved, reports, failure, combined);
        String location = ports.artifacts().putJson(summaryKey, summary);

        ports.metrics().publish(CutoverMetrics.dimensions(migrationId),
                Map.of(METRIC_BLOCKERS, (double) blockerIds.size(), METRIC_WARNINGS, (double) warnings));

        boolean notified;
        if (sameRun) {
            notified = last.get().notified(); // this execution already published; its notification (if any) went out
        } else {
            notified = changed;
            if (changed) {
                ports.notifier().publish(notification(summary, previous, location, summaryKey));
            }
            // Written after the notification: if notifying fails, the retry still sees the change.
            ports.artifacts().putJson(latestKey, new ReadinessHistory(migrationId, run, now, List.copyOf(blockerIds),
                    previous, warnings, summaryKey, notified));
        }
        return new PublishedReadiness(migrationId, blockerIds.size(), warnings, List.copyOf(blockerIds), added, resolved,
                changed, notified, summaryKey, combined);
    }

    /** The caught error as a person reads it: the Lambda's errorType and errorMessage, never a stack trace. */
    private static String failure(PublishReadinessRequest request) {
        List<String> missing = new ArrayList<>();
        if (request.error() == null) {
            if (request.source() == null) missing.add("source");
            if (request.target() == null) missing.add("target");
            return missing.isEmpty() ? null : "no " + String.join(" and ", missing) + " summary was given";
        }
        String cause = request.error().cause();
        String text = request.error().error();
        if (cause != null) {
            try {
                JsonNode json = Json.parse(cause);
                if (json.hasNonNull("errorMessage")) {
                    cause = json.path("errorType").asText(text) + ": " + json.get("errorMessage").asText();
                }
            } catch (IllegalArgumentException notJson) {
                // a plain-text cause (States.Timeout, …) is shown as it is
            }
            text = cause;
        }
        return text == null ? "unknown error" : text.length() > 600 ? text.substring(0, 599) + "…" : text;
    }

    private static Notification notification(RunSummary s, List<String> previous, String location, String summaryKey) {
        String subject;
        if (s.blockers() == 0) {
            subject = "Cutover readiness " + s.migrationId() + ": all blockers resolved";
        } else if (previous.isEmpty()) {
            subject = "Cutover readiness " + s.migrationId() + ": " + s.blockers() + " blocker(s)";
        } else {
            subject = "Cutover readiness " + s.migrationId() + ": " + s.newBlockerIds().size() + " new, "
                    + s.resolvedBlockerIds().size() + " resolved blocker(s)";
        }
        String prefix = location.endsWith(summaryKey) ? location.substring(0, location.length() - summaryKey.length()) : "";
        StringBuilder body = new StringBuilder();
        body.append("Migration: ").append(s.migrationId()).append('\n')
                .append("Readiness run: ").append(s.executionName()).append(" at ").append(s.publishedAt()).append('\n')
                .append("Blockers now: ").append(s.blockers()).append(" (last run: ").append(previous.size()).append(")\n");
        if (!s.newBlockerIds().isEmpty()) {
            body.append("\nNew blockers:\n");
            s.newBlockerIds().forEach(id -> body.append("  - ").append(id).append('\n'));
        }
        if (!s.resolvedBlockerIds().isEmpty()) {
            body.append("\nResolved since the last run:\n");
            s.resolvedBlockerIds().forEach(id -> body.append("  - ").append(id).append('\n'));
        }
        body.append('\n');
        if (s.blockers() == 0) {
            body.append("What to do: nothing blocks the migration any more; review the warnings in the report before the "
                    + "migration day.\n");
        } else {
            body.append("What to do: fix each blocker as the remediation in the report says, then wait for the next scheduled "
                    + "readiness run or start the readiness state machine again. A migration started now stops at its "
                    + "readiness phase, before changing anything.\n");
        }
        body.append("\nReports:\n  summary: ").append(location).append('\n');
        s.reports().forEach((side, key) -> body.append("  ").append(side).append(": ").append(prefix).append(key).append('\n'));
        body.append('\n').append(s.text());
        return new Notification(s.migrationId(), EVENT, subject, body.toString());
    }
}
