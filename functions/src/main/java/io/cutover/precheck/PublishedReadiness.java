package io.cutover.precheck;

import java.util.List;

/**
 * What "Publish readiness" returns into the state: the combined counts for the Choice, what changed since the
 * last run, whether a notification went out, where the combined summary is, and a short text for the Fail cause.
 */
public record PublishedReadiness(
        String migrationId,
        int blockers,
        int warnings,
        List<String> blockerIds,
        List<String> newBlockerIds,
        List<String> resolvedBlockerIds,
        boolean changed,
        boolean notified,
        String summaryKey,
        String summary) {}
