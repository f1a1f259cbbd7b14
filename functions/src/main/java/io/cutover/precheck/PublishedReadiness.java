package io.cutover.precheck;

import io.cutover.core.json.NonNull;
import java.util.List;

/**
 * What "Publish readiness" returns into the state: the combined counts for the Choice, what changed since the
 * last run, whether a notification went out, where the combined summary is, and a short text for the Fail cause.
 */
public record PublishedReadiness(
        String migrationId,
        int blockers,
        int warnings,
        @NonNull List<String> blockerIds,
        @NonNull List<String> newBlockerIds,
        @NonNull List<String> resolvedBlockerIds,
        boolean changed,
        boolean notified,
        @NonNull String summaryKey,
        @NonNull String summary) {}
