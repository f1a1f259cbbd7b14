package io.cutover.core.ports.memory;

import io.cutover.core.ports.Artifacts;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Artifacts held in memory. */
public final class MemoryArtifacts implements Artifacts {
    private final Map<String, byte[]> objects = new TreeMap<>();

    @Override
    public synchronized String put(String key, byte[] body, String contentType) {
        objects.put(key, body.clone());
        return "memory://" + key;
    }

    @Override
    public synchronized Optional<byte[]> get(String key) {
        return Optional.ofNullable(objects.get(key)).map(byte[]::clone);
    }

    public synchronized java.util.Set<String> keys() {
        return java.util.Set.copyOf(objects.keySet());
    }
}
