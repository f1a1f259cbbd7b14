package io.cutover.core.ports;

/** Reads a secret's text (Secrets Manager in AWS, a local store in the rehearsal). Never log the result. */
public interface Secrets {
    String secretString(String secretId);
}
