package io.cutover.precheck;

import java.time.Instant;
import java.util.List;

/**
 * The last published readiness run of a migration ({@code migrations/<id>/readiness/latest.json}): its blockers
 * are what the next run compares with. {@code previousBlockerIds} and {@code notified} let a retried or redriven
 * publish of the same execution give the same answer without notifying twice.
 */
public record ReadinessHistory(String migrationId, String executionName, Instant checkedAt, List<String> blockerIds,
                               List<String> previousBlockerIds, int warnings, String summaryKey, boolean notified) {}
