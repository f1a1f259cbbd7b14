package io.cutover.local.rehearsal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.json.Json;
import io.cutover.local.db.DatabasePair;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The execution input of a rehearsal: the same document an operator gives the deployed state machine, naming the
 * local secrets (never a password), with settings sized for one machine: no TLS between local servers, a short
 * lag hold, a drain hold of 0 (the marker proves the drain), limited LOB mode (64 KB), and a short rollback window. {@code --set} overrides
 * any field afterwards; the "Validate input" state checks the result as it would in AWS.
 */
public final class RehearsalInput {
    /** DMS identifiers the local engine accepts; they only have to be well-formed. */
    static final String REPLICATION_INSTANCE_ARN = "arn:aws:dms:local:000000000000:rep:LOCAL";
    static final String SECRETS_ROLE_ARN = "arn:aws:iam::000000000000:role/cutover-local-dms-secrets";
    public static final String CLUSTER = "local-target";

    private RehearsalInput() {}

    public static ObjectNode build(String migrationId, List<String> schemas, Duration rollbackWindow, Map<String, JsonNode> overrides) {
        ObjectNode input = Json.object();
        input.put("migrationId", migrationId);
        ObjectNode source = input.putObject("source");
        source.put("secretId", DatabasePair.secretId(DatabaseRole.SOURCE, "cutover"));
        source.putObject("tls").put("mode", "DISABLED");
        source.put("serverTimezone", "UTC");
        ObjectNode target = input.putObject("target");
        target.put("secretId", DatabasePair.secretId(DatabaseRole.TARGET, "cutover"));
        target.putObject("tls").put("mode", "DISABLED");
        target.put("clusterIdentifier", CLUSTER);
        input.set("schemas", Json.tree(schemas));
        input.putObject("readiness").put("plannedMigrationHours", 24);
        ObjectNode dms = input.putObject("dms");
        dms.put("replicationInstanceArn", REPLICATION_INSTANCE_ARN);
        dms.put("sourceSecretId", DatabasePair.secretId(DatabaseRole.SOURCE, "dms"));
        dms.put("targetSecretId", DatabasePair.secretId(DatabaseRole.TARGET, "dms"));
        dms.put("secretsAccessRoleArn", SECRETS_ROLE_ARN);
        dms.put("sslMode", "none"); // the local servers have no TLS; the readiness checks would call verify-full a blocker
        // Limited LOB mode, as DMS recommends for speed: the sample has NOT NULL LOB columns (a POINT under a spatial
        // index, JSON), which full LOB mode cannot load (row first, LOB after); the readiness checks prove that every
        // LOB fits in LobMaxSize, or block.
        dms.putObject("taskSettings").putObject("TargetMetadata").put("FullLobMode", false).put("LimitedSizeLobMode", true).put("LobMaxSize", 64);
        ObjectNode approval = input.putObject("approval");
        approval.put("freezeTimeoutSeconds", 4 * 3600);
        approval.put("cutoverTimeoutSeconds", 3600);
        approval.put("reminderBeforeExpirySeconds", 900);
        ObjectNode cutover = input.putObject("cutover");
        cutover.put("maxLagSeconds", 5);
        cutover.put("lagHoldSeconds", 10);
        cutover.put("drainHoldSeconds", 0);
        cutover.put("drainTimeoutSeconds", 300);
        cutover.put("rollbackWindowHours", rollbackWindow.toMillis() / 3_600_000.0);
        cutover.put("dmsTaskOnRollback", "STOP");
        input.putObject("postGoLive").put("checkAfterSeconds", 0);
        overrides.forEach((path, value) -> set(input, path, value));
        return input;
    }

    /** Sets {@code a.b.c} to {@code value}, creating objects on the way. */
    static void set(ObjectNode root, String dottedPath, JsonNode value) {
        String[] parts = dottedPath.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (!(child instanceof ObjectNode)) {
                child = node.putObject(parts[i]);
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], value);
    }
}
