package io.cutover.core.config;

import io.cutover.core.db.DatabaseRole;
import java.util.List;
import java.util.Locale;

/**
 * The TLS of one DMS endpoint: its SslMode and the DMS certificate (the imported CA of that endpoint's server) the
 * verifying modes check the server against. Each endpoint has its own: the RDS CA bundle verifies Aurora, not a
 * self-managed source.
 *
 * <p>SSL modes of MySQL-compatible endpoints (MySQL, MariaDB, Aurora MySQL; source and target alike), from the DMS
 * user guide's table "Using SSL with AWS Database Migration Service"
 * (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Security.SSL.html): {@code none} (DMS's default: not
 * encrypted), {@code verify-ca} (encrypted, the server certificate verified against the CA), {@code verify-full}
 * (encrypted, the certificate verified and the server's host name matched against it) are supported;
 * {@code require} (encrypted without verification) is marked "Not supported" for them. Cutover's default is the
 * strongest: verify-full, which needs {@code certificateArn}.
 */
public record DmsTls(DatabaseRole side, String sslMode, String certificateArn) {
    public static final String DEFAULT_MODE = "verify-full";
    /** What MySQL-compatible DMS endpoints support, strongest first. */
    public static final List<String> MODES = List.of("verify-full", "verify-ca", "none");
    public static final String REQUIRE_REFUSED = "DMS does not support SslMode require for MySQL, MariaDB and Aurora MySQL "
            + "endpoints (DMS user guide, Using SSL with AWS DMS: https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Security.SSL.html); "
            + "use verify-full (or verify-ca when the server certificate does not name the host DMS connects to) with the CA of "
            + "that server imported into DMS";

    /** Why {@code mode} cannot be a DMS SslMode of a MySQL-compatible endpoint, or null when it can. */
    public static String problem(String mode) {
        if (mode == null) {
            return null;
        }
        String m = mode.toLowerCase(Locale.ROOT);
        if (m.equals("require")) {
            return REQUIRE_REFUSED;
        }
        return MODES.contains(m) ? null : "'" + mode + "' is not an SslMode of a MySQL-compatible DMS endpoint (" + String.join(", ", MODES) + ")";
    }

    /** verify-ca and verify-full check the server's certificate: they need {@link #certificateArn}. */
    public boolean verifiesServer() {
        return "verify-ca".equalsIgnoreCase(sslMode) || "verify-full".equalsIgnoreCase(sslMode);
    }

    public boolean encrypted() {
        return !"none".equalsIgnoreCase(sslMode);
    }

    /** {@code dms.sourceSslMode} / {@code dms.targetSslMode}: the input field of this side's mode. */
    public String modeField() {
        return "dms." + side.label() + "SslMode";
    }

    /** {@code dms.sourceCertificateArn} / {@code dms.targetCertificateArn}. */
    public String certificateField() {
        return "dms." + side.label() + "CertificateArn";
    }
}
