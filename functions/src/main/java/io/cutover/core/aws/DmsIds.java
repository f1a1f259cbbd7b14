package io.cutover.core.aws;

import java.util.Locale;

/**
 * Cutover's deterministic DMS identifiers, all derived from the migration id (validated: 3 to 40 lowercase
 * letters, digits and single hyphens, starting with a letter), so that Retry and redrive find what an earlier
 * attempt created instead of creating a second one. DMS identifiers allow letters, digits and single hyphens,
 * start with a letter and do not end with a hyphen: every name below keeps those rules.
 */
public final class DmsIds {
    private static final String PREFIX = "cutover-";

    private DmsIds() {}

    /** {@code cutover-<migrationId>}: the replication task, and the prefix of the endpoints. */
    public static String taskId(String migrationId) {
        return PREFIX + migrationId;
    }

    public static String endpointPrefix(String migrationId) {
        return PREFIX + migrationId;
    }

    /**
     * An assessment run name per execution: a redrive of the same execution finds its run again, a new execution
     * starts a new one. The execution name is reduced to DMS's alphabet and the whole kept under 100 characters.
     */
    public static String assessmentRunName(String migrationId, String executionName) {
        String execution = executionName == null ? "manual" : executionName.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (execution.isEmpty()) {
            execution = "manual";
        }
        String name = PREFIX + migrationId + "-" + execution;
        if (name.length() > 100) {
            name = name.substring(0, 100);
        }
        return name.replaceAll("-+$", "");
    }

    /** The resource id at the end of a DMS ARN ({@code arn:aws:dms:eu-west-1:123456789012:task:ABC123} gives ABC123). */
    public static String resourceId(String arn) {
        int colon = arn.lastIndexOf(':');
        return colon < 0 ? arn : arn.substring(colon + 1);
    }
}
