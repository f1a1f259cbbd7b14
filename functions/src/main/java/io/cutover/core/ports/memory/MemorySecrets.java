package io.cutover.core.ports.memory;

import io.cutover.core.error.ConfigurationException;
import io.cutover.core.ports.Secrets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Secrets held in memory (tests and the local rehearsal). */
public final class MemorySecrets implements Secrets {
    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    public MemorySecrets put(String secretId, String secretString) {
        secrets.put(secretId, secretString);
        return this;
    }

    @Override
    public String secretString(String secretId) {
        String value = secrets.get(secretId);
        if (value == null) {
            throw new ConfigurationException("secret " + secretId + " does not exist (or is not visible to this function)");
        }
        return value;
    }
}
