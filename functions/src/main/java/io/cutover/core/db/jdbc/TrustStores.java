package io.cutover.core.db.jdbc;

import io.cutover.core.db.CaBundle;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.ports.Secrets;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connector/J trusts a CA only through a key store file, while CA bundles (e.g. the RDS global bundle) come
 * as PEM. This writes the key store of a PEM bundle held in a secret ({@link CaBundle}) to a PKCS12 file under /tmp,
 * once per container.
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
        KeyStore store = CaBundle.keyStore(secretId, pem);
        try {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
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
