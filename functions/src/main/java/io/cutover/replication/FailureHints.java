package io.cutover.replication;

import java.util.Locale;

/** What a person should do about the DMS failures that come back in production. */
final class FailureHints {
    private FailureHints() {}

    /** {@code message} followed by a hint when it is a failure we know, else as it is. */
    static String explain(String message) {
        if (message == null || message.isBlank()) {
            return "(DMS gave no message: read the task log)";
        }
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("1236") || m.contains("could not find first log file") || m.contains("purged binary log")) {
            return message + " — MySQL error 1236: the source purged binlogs DMS had not read yet. The task cannot resume "
                    + "from its position: raise binlog retention (runbook 1.1) and reload the target with a fresh full load.";
        }
        if (m.contains("access denied") || m.contains("1045")) {
            return message + " — check the DMS user's grants and the secret's password (runbook 1.6).";
        }
        if (m.contains("timed out") || m.contains("timeout") || m.contains("can't connect") || m.contains("unable to connect")) {
            return message + " — check that the replication instance can reach the database: security groups, NACLs, "
                    + "NAT for a source outside the VPC (runbook 3.1), DNS.";
        }
        if (m.contains("ssl") || m.contains("certificate")) {
            return message + " — check that endpoint's SSL mode and CA certificate (dms.sourceSslMode / sourceCertificateArn, dms.targetSslMode / targetCertificateArn): the certificate must hold the CA that signed that server's certificate, and verify-full needs the server's certificate to name the host DMS connects to.";
        }
        return message;
    }
}
