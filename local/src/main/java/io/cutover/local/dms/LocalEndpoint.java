package io.cutover.local.dms;

import io.cutover.core.config.DmsTls;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.error.ConfigurationException;
import java.util.Locale;
import java.util.Objects;

/**
 * A local "DMS endpoint": where a server is and how to reach it. The ARN is a local identifier; credentials are
 * never held here, only the secret id they are read from at each connection (as DMS reads Secrets Manager).
 *
 * @param sslMode          DMS's SslMode of a MySQL-compatible endpoint: none, verify-ca, verify-full (require is refused,
 *                         as DMS does not support it for these endpoints: {@link DmsTls}); the verifying modes need
 *                         {@code certificateArn}, as in DMS, though the local engine verifies with the JVM's trust store
 * @param serverTimezone   DMS's ServerTimezone (source); recorded, not needed: the engine reads and writes in UTC
 * @param initStatements   DMS's target {@code Initstmt}: run on every target session after the engine's own settings
 */
public record LocalEndpoint(String arn, String id, DatabaseRole role, String secretId, String sslMode, String certificateArn,
                            String serverTimezone, String initStatements) {
    public static final String ARN_PREFIX = "arn:cutover-local:dms:local:000000000000:endpoint:";

    public LocalEndpoint {
        Objects.requireNonNull(role, "role");
        if (secretId == null || secretId.isBlank()) {
            throw new ConfigurationException("endpoint " + id + ": no secret id (" + role.label() + "SecretId) to read credentials from");
        }
        sslMode = sslMode == null || sslMode.isBlank() ? "none" : sslMode.toLowerCase(Locale.ROOT);
        jdbcSslMode(sslMode, id);
        if (!sslMode.equals("none") && (certificateArn == null || certificateArn.isBlank())) {
            throw new ConfigurationException("endpoint " + id + ": sslMode " + sslMode + " needs a certificateArn (the CA of the "
                    + role.label() + " server), as DMS does");
        }
    }

    static String arnFor(String id) {
        return ARN_PREFIX + id;
    }

    /** Connector/J's sslMode for DMS's SslMode. */
    String jdbcSslMode() {
        return jdbcSslMode(sslMode, id);
    }

    private static String jdbcSslMode(String sslMode, String id) {
        return switch (sslMode) {
            case "none" -> "DISABLED";
            case "verify-ca" -> "VERIFY_CA";
            case "verify-full" -> "VERIFY_IDENTITY";
            case "require" -> throw new ConfigurationException("endpoint " + id + ": " + DmsTls.REQUIRE_REFUSED);
            default -> throw new ConfigurationException("endpoint " + id + ": sslMode '" + sslMode
                    + "' (expected none, verify-ca or verify-full)");
        };
    }

    /** Whether another request for the same identifier asks for the same endpoint. */
    boolean sameSettings(LocalEndpoint other) {
        return role == other.role && secretId.equals(other.secretId) && sslMode.equals(other.sslMode)
                && Objects.equals(certificateArn, other.certificateArn) && Objects.equals(serverTimezone, other.serverTimezone)
                && Objects.equals(initStatements, other.initStatements);
    }
}
