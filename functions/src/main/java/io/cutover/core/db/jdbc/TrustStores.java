package io.cutover.core.db.jdbc;

import io.cutover.core.error.ConfigurationException;
import io.cutover.core.ports.Secrets;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connector/J trusts a CA only through a key store file, while CA bundles (e.g. the RDS global bundle) come
 * as PEM. This turns a PEM bundle held in a secret into a PKCS12 file under /tmp, once per container.
 */
final class TrustStores {
    record Store(String url, String password) {}

    private final Secrets secrets;
    private final Map<String, Store> bySecret = new ConcurrentHashMap<>();

    TrustStores(Secrets secrets) {
        this.secrets = secrets;
    }

    Store forSecret(String secretId) {
        return bySecret.computeIfAbsent(secretId, id -> build(id, secrets.secretString(id)));
    }

    static Store build(String secretId, String pem) {
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certs.isEmpty()) {
                throw new ConfigurationException("secret " + secretId + " holds no PEM certificate");
            }
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate cert : certs) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            Path file = Files.createTempFile("cutover-ca-", ".p12",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            file.toFile().deleteOnExit();
            return new Store(file.toUri().toString(), password);
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigurationException("secret " + secretId + " is not a readable PEM CA bundle: " + e.getMessage(), e);
        }
    }
}
