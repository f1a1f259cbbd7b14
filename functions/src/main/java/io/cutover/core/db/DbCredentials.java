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
        JsonNode json;
        try {
            json = Json.parse(secretString);
        } catch (IllegalArgumentException e) {
            // never include the secret text in the message
            throw new ConfigurationException("secret " + secretId + " is not JSON; expected the RDS secret format "
                    + "{\"username\",\"password\",\"host\",\"port\"}");
        }
        String host = text(json, "host", secretId);
        String username = text(json, "username", secretId);
        String password = text(json, "password", secretId);
        int port = 3306;
        JsonNode p = json.get("port");
        if (p != null && !p.isNull()) {
            if (p.canConvertToInt() || p.asText().matches("\\d{1,5}")) {
                port = p.isNumber() ? p.asInt() : Integer.parseInt(p.asText());
            } else {
                throw new ConfigurationException("secret " + secretId + ": field 'port' is not a port number");
            }
        }
        JsonNode db = json.get("dbname");
        return new DbCredentials(host, port, username, password, db == null || db.isNull() ? null : db.asText());
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
