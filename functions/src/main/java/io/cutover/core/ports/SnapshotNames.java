package io.cutover.core.ports;

import io.cutover.core.error.ConfigurationException;
import java.util.Locale;

/**
 * Deterministic snapshot identifiers, so that a retried or redriven "7 Snapshot the target cluster" step finds the snapshot it
 * started instead of starting a second one. RDS rules (CreateDBClusterSnapshot, DBClusterSnapshotIdentifier:
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBClusterSnapshot.html): 1–63 letters, digits
 * or hyphens, first a letter, no trailing hyphen, no two consecutive hyphens; stored in lower case.
 */
public final class SnapshotNames {
    public static final int MAX_LENGTH = 63;

    private SnapshotNames() {}

    /**
     * {@code cutover-<migrationId>-<purpose>-<execution>}: one snapshot per execution. {@code <execution>} is the first
     * 8 hex digits of the SHA-256 of the execution name, which a retry and a redrive keep (a redrive continues the same
     * execution) and which a new execution changes (Step Functions refuses a name used by the state machine in the
     * last 90 days: StartExecution, https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html).
     * So an execution after a rollback takes its own snapshot instead of adopting the one an earlier execution took
     * before its freeze. Shortened like {@link #forMigration} when too long.
     */
    public static String forExecution(String migrationId, String purpose, String executionName) {
        if (executionName == null || executionName.isBlank()) {
            throw new ConfigurationException("the snapshot step's payload has no executionName ($$.Execution.Name): it names "
                    + "the snapshot of this execution");
        }
        return forMigration(migrationId, purpose + "-" + shortHash(executionName));
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** {@code cutover-<migrationId>-<purpose>}, shortened with a stable hash when too long. */
    public static String forMigration(String migrationId, String purpose) {
        String base = sanitize("cutover-" + migrationId + "-" + purpose);
        if (base.length() <= MAX_LENGTH) {
            return base;
        }
        String hash = Integer.toHexString(("cutover-" + migrationId + "-" + purpose).hashCode() & 0x7fffffff);
        String head = base.substring(0, MAX_LENGTH - hash.length() - 1);
        return sanitize(head + "-" + hash);
    }

    /** Null when {@code id} is a valid cluster snapshot identifier, otherwise why not. */
    public static String problem(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) return "must have 1 to 63 characters";
        if (!Character.isLetter(id.charAt(0))) return "must start with a letter";
        if (!id.matches("[A-Za-z0-9-]+")) return "may contain only letters, digits and hyphens";
        if (id.endsWith("-") || id.contains("--")) return "cannot end with a hyphen or contain two consecutive hyphens";
        return null;
    }

    public static String require(String id) {
        String problem = problem(id);
        if (problem != null) {
            throw new ConfigurationException("snapshot identifier '" + id + "' " + problem);
        }
        return id;
    }

    private static String sanitize(String raw) {
        String s = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-{2,}", "-");
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            s = "c" + s;
        }
        while (s.endsWith("-")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
