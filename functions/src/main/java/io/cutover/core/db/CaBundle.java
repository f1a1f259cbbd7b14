package io.cutover.core.db;

import io.cutover.core.error.ConfigurationException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A PEM CA bundle held in a secret (the endpoint's {@code tls.caBundleSecretId}: the RDS global bundle, a private CA)
 * as the only trust anchors of a TLS connection. The one place that reads such a bundle: the JDBC adapter writes the
 * key store to a file (Connector/J takes a trust store only as a file), the binlog reader takes the
 * {@link SSLContext}.
 */
public final class CaBundle {
    private CaBundle() {}

    /** The bundle's certificates as a PKCS12 key store; a clear error naming the secret when it holds none. */
    public static KeyStore keyStore(String secretId, String pem) {
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certs.isEmpty()) {
                throw new ConfigurationException("secret " + secretId + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate cert : certs) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new ConfigurationException("secret " + secretId + " is not a readable PEM CA bundle: " + e.getMessage(), e);
        }
    }

    /** Initialises {@code context} to trust the bundle's certificates and nothing else (no system trust store). */
    public static void trustOnly(SSLContext context, String secretId, String pem) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(keyStore(secretId, pem));
        context.init(null, factory.getTrustManagers(), null);
    }
}
