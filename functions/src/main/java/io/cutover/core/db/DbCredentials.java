package io.cutover.core.db;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.json.Json;

/**
 * The standard RDS secret JSON ({@code username, password, host, port, dbname, engine}). The password never
 * leaves this record except into the JDBC driver; {@link #toString()} hides it.
 */
public record DbCredentials(String host, int port, String username, String password, String dbname) {

    public static DbCredentials fromSecret(String secretId, String secretString) {
        return fromSecret(secretId, secretString, null, ClusterEndpoints.NONE);
    }

    /**
     * As {@link #fromSecret(String, String)}, but a secret without {@code host} is read as the master user secret RDS
     * manages for an Aurora cluster, which holds the user name and password only: host and port are then the writer
     * endpoint of {@code clusterIdentifier} (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-secrets-manager.html).
     * A secret with a host is used as it is (nothing is looked up).
     */
    public static DbCredentials fromSecret(String secretId, String secretString, String clusterIdentifier, ClusterEndpoints clusters) {
        JsonNode json = json(secretId, secretString);
        String username = text(json, "username", secretId);
        String password = text(json, "password", secretId);
        JsonNode db = json.get("dbname");
        String dbname = db == null || db.isNull() ? null : db.asText();
        JsonNode host = json.get("host");
        if (host == null || host.isNull() || host.asText().isEmpty()) {
            if (clusterIdentifier == null) {
                throw new ConfigurationException("secret " + secretId + " has no 'host' field (RDS secret format expected); for the "
                        + "master user secret RDS manages (rds!cluster-...), give target.clusterIdentifier: Cutover then connects "
                        + "to that cluster's writer endpoint");
            }
            ClusterEndpoints.Address writer = clusters.writer(clusterIdentifier);
            return new DbCredentials(writer.host(), writer.port(), username, password, dbname);
        }
        return new DbCredentials(host.asText(), port(json, secretId), username, password, dbname);
    }

    /** The user name of a secret (any of the formats above), without needing its host. */
    public static String username(String secretId, String secretString) {
        return text(json(secretId, secretString), "username", secretId);
    }

    private static JsonNode json(String secretId, String secretString) {
        try {
            return Json.parse(secretString);
        } catch (IllegalArgumentException e) {
            // never include the secret text in the message
            throw new ConfigurationException("secret " + secretId + " is not JSON; expected the RDS secret format "
                    + "{\"username\",\"password\",\"host\",\"port\"}");
        }
    }

    private static int port(JsonNode json, String secretId) {
        JsonNode p = json.get("port");
        if (p == null || p.isNull()) {
            return 3306;
        }
        if (p.canConvertToInt() || p.asText().matches("\\d{1,5}")) {
            return p.isNumber() ? p.asInt() : Integer.parseInt(p.asText());
        }
        throw new ConfigurationException("secret " + secretId + ": field 'port' is not a port number");
    }

    private static String text(JsonNode json, String field, String secretId) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            throw new ConfigurationException("secret " + secretId + " has no '" + field + "' field (RDS secret format expected)");
        }
        return v.asText();
    }

    @Override
    public String toString() {
        return "DbCredentials[" + username + "@" + host + ":" + port + ", password=***]";
    }
}
