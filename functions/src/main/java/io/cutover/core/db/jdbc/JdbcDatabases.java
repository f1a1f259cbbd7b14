package io.cutover.core.db.jdbc;

import io.cutover.core.config.MigrationConfig.Endpoint;
import io.cutover.core.config.MigrationConfig.Tls;
import io.cutover.core.config.MigrationConfig.TlsMode;
import io.cutover.core.db.ClusterEndpoints;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.DbCredentials;
import io.cutover.core.db.JdbcDatabase;
import io.cutover.core.db.SqlErrors;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.ports.Databases;
import io.cutover.core.ports.Secrets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens JDBC sessions with credentials from a secret (the standard RDS secret JSON) and the endpoint's TLS
 * settings. Nothing is opened at construction: SnapStart snapshots must not contain live connections.
 */
public final class JdbcDatabases implements Databases {
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    /** A hung socket must not outlive the Lambda (15 min); long scans set their own statement timeout. */
    private static final int SOCKET_TIMEOUT_MS = 14 * 60_000;
    /** ER_ACCESS_DENIED_ERROR: wrong user name or password (MySQL and MariaDB). */
    private static final int ER_ACCESS_DENIED = 1045;

    private final Secrets secrets;
    private final ClusterEndpoints clusters;
    private final TrustStores trustStores;

    /** Secrets with host and port only (the local rehearsal, the tests). */
    public JdbcDatabases(Secrets secrets) {
        this(secrets, ClusterEndpoints.NONE);
    }

    /** {@code clusters}: where a secret without a host (RDS-managed) connects, by the endpoint's clusterIdentifier. */
    public JdbcDatabases(Secrets secrets, ClusterEndpoints clusters) {
        this.secrets = secrets;
        this.clusters = clusters;
        this.trustStores = new TrustStores(secrets);
    }

    @Override
    public Database open(DatabaseRole role, Endpoint endpoint) {
        return open(role, endpoint.secretId(), endpoint);
    }

    /**
     * A session's own settings: autocommit as the protocol reports it instead of a {@code SET autocommit=1} sent at
     * every connect ({@code useLocalSessionState}: "refer to the internal values of autocommit and transaction isolation
     * ... and transaction state as maintained by the protocol, rather than querying the database or blindly sending
     * commands", https://dev.mysql.com/doc/connector-j/en/connector-j-connp-props-performance-extensions.html). A
     * session never changes either by SQL (only {@link Database} statements run on it), so what the driver tracks is
     * what the server has; one round trip fewer per session, and the freeze-time validation opens two.
     */
    private static final java.util.Map<String, String> SESSION = java.util.Map.of("useLocalSessionState", "true");

    @Override
    public Database open(DatabaseRole role, String secretId, Endpoint endpoint) {
        DbCredentials credentials = DbCredentials.fromSecret(secretId, secrets.secretString(secretId), endpoint.clusterIdentifier(), clusters);
        try {
            return new JdbcDatabase(role, connect(credentials, endpoint.tls(), SESSION));
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_ACCESS_DENIED) {
                // The secret may have been rotated since it was cached: "during rotation, new connections that retrieve the
                // secret may get the previous version" (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_managed.html).
                DbCredentials current = DbCredentials.fromSecret(secretId, secrets.currentSecretString(secretId),
                        endpoint.clusterIdentifier(), clusters);
                if (!current.password().equals(credentials.password())) {
                    try {
                        return new JdbcDatabase(role, connect(current, endpoint.tls(), SESSION));
                    } catch (SQLException again) {
                        throw failure(role, current, endpoint, again);
                    }
                }
            }
            throw failure(role, credentials, endpoint, e);
        }
    }

    private static RuntimeException failure(DatabaseRole role, DbCredentials credentials, Endpoint endpoint, SQLException e) {
        return SqlErrors.translate(role, "connecting to " + credentials.host() + ":" + credentials.port()
                + " as " + credentials.username() + " (sslMode " + endpoint.tls().mode() + ")", e);
    }

    /**
     * A raw JDBC connection with Cutover's settings and TLS, plus {@code extra} driver properties; for code that
     * manages its own connections and SQLExceptions (the local DMS engine).
     */
    public Connection connect(DbCredentials credentials, Tls tls, java.util.Map<String, String> extra) throws SQLException {
        Properties props = connectionProperties(credentials, tls);
        extra.forEach(props::setProperty);
        return DriverManager.getConnection("jdbc:mysql://" + hostPart(credentials.host()) + ":" + credentials.port() + "/", props);
    }

    Properties connectionProperties(DbCredentials credentials, Tls tls) {
        Properties props = new Properties();
        props.setProperty("user", credentials.username());
        props.setProperty("password", credentials.password());
        props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_MS));
        props.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_MS));
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("characterEncoding", "UTF-8");
        props.setProperty("connectionAttributes", "program_name:cutover");
        // Closed doors: no multi-statements (injection), no LOAD DATA LOCAL from us, no RSA key fetch over plain TCP.
        props.setProperty("allowMultiQueries", "false");
        props.setProperty("allowLoadLocalInfile", "false");
        props.setProperty("allowPublicKeyRetrieval", "false");
        props.setProperty("rewriteBatchedStatements", "true");
        props.setProperty("sslMode", tls.mode().name());
        if (tls.mode() != TlsMode.DISABLED) {
            props.setProperty("tlsVersions", "TLSv1.2,TLSv1.3");
        }
        if (tls.caBundleSecretId() != null && tls.mode() != TlsMode.DISABLED) {
            TrustStores.Store store = trustStores.forSecret(tls.caBundleSecretId());
            props.setProperty("trustCertificateKeyStoreUrl", store.url());
            props.setProperty("trustCertificateKeyStoreType", "PKCS12");
            props.setProperty("trustCertificateKeyStorePassword", store.password());
            props.setProperty("fallbackToSystemTrustStore", "false");
        }
        return props;
    }

    private static String hostPart(String host) {
        if (host.contains("/") || host.contains("?") || host.contains("@")) {
            throw new ConfigurationException("database host '" + host + "' is not a host name");
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
