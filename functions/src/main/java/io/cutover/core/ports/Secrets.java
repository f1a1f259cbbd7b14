package io.cutover.core.ports;

/** Reads a secret's text (Secrets Manager in AWS, a local store in the rehearsal). Never log the result. */
public interface Secrets {
    String secretString(String secretId);

    /**
     * The secret as it is now, bypassing any cache: after a login is refused, in case the password was rotated since
     * it was read (RDS rotates its managed master secret, by default every 7 days).
     */
    default String currentSecretString(String secretId) {
        return secretString(secretId);
    }
}
