package io.cutover.core.db;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.network.DefaultSSLSocketFactory;
import com.github.shyiko.mysql.binlog.network.SSLMode;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import java.util.Locale;

/**
 * Opens a server's binary log as a replica does, with mysql-binlog-connector-java (the client Debezium uses): the one
 * place that positions a client, names its replica server id and maps Cutover's TLS modes. Two readers use it: the
 * validation's changed-keys scan between two positions and the local DMS engine's CDC stream. The user needs
 * REPLICATION SLAVE and REPLICATION CLIENT (BINLOG MONITOR on MariaDB).
 */
public final class BinlogClients {
    private BinlogClients() {}

    /**
     * A client that starts reading at {@code from}. {@code serverId} must be unique among the server's replicas (it
     * drops the older of two with the same id). Keep-alive reconnection is off: each reader decides where to resume.
     */
    public static BinaryLogClient positioned(DbCredentials credentials, BinlogPosition from, long serverId, String tlsMode) {
        return positioned(credentials, from, serverId, tlsMode, null, null);
    }

    /**
     * As above, with the endpoint's whole TLS settings: under VERIFY_CA and VERIFY_IDENTITY the server's certificate
     * must chain to the CA bundle ({@code caBundlePem}, from the secret {@code caBundleSecretId}) and to nothing else,
     * as the JDBC sessions do ({@link CaBundle}); without a bundle the JVM's trust store. VERIFY_IDENTITY also checks
     * the host name (the library's TLSHostnameVerifier).
     */
    public static BinaryLogClient positioned(DbCredentials credentials, BinlogPosition from, long serverId, String tlsMode,
                                             String caBundleSecretId, String caBundlePem) {
        BinaryLogClient client = new BinaryLogClient(credentials.host(), credentials.port(), credentials.username(),
                credentials.password());
        client.setServerId(serverId);
        client.setBinlogFilename(from.file());
        client.setBinlogPosition(from.position());
        client.setKeepAlive(false);
        SSLMode mode = sslMode(tlsMode);
        client.setSSLMode(mode);
        if (caBundlePem != null && (mode == SSLMode.VERIFY_CA || mode == SSLMode.VERIFY_IDENTITY)) {
            CaBundle.keyStore(caBundleSecretId, caBundlePem); // a bad bundle fails here, naming its secret
            client.setSslSocketFactory(new DefaultSSLSocketFactory("TLS") {
                @Override
                protected void initSSLContext(SSLContext context) throws GeneralSecurityException {
                    CaBundle.trustOnly(context, caBundleSecretId, caBundlePem);
                }
            });
        }
        return client;
    }

    /** DISABLED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY (Cutover's TLS modes, JDBC's sslMode names); anything else: DISABLED. */
    static SSLMode sslMode(String tlsMode) {
        return switch (tlsMode == null ? "" : tlsMode.toUpperCase(Locale.ROOT)) {
            case "REQUIRED" -> SSLMode.REQUIRED;
            case "VERIFY_CA" -> SSLMode.VERIFY_CA;
            case "VERIFY_IDENTITY" -> SSLMode.VERIFY_IDENTITY;
            default -> SSLMode.DISABLED;
        };
    }
}
