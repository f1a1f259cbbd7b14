package io.cutover.core.ports;

import io.cutover.core.json.Json;
import java.util.Optional;

/**
 * Large results (check reports, DDL, foreign keys, validation details) go here and the state carries their
 * key: Step Functions payloads are limited to 256 KB. S3 in AWS, a directory in the rehearsal.
 */
public interface Artifacts {
    /** Stores {@code body} under {@code key} (overwriting) and returns where it is, e.g. {@code s3://bucket/key}. */
    String put(String key, byte[] body, String contentType);

    Optional<byte[]> get(String key);

    default String putJson(String key, Object value) {
        return put(key, Json.bytes(value), "application/json");
    }

    default <T> Optional<T> getJson(String key, Class<T> type) {
        return get(key).map(bytes -> Json.convert(Json.parse(bytes), type));
    }

    /** {@code migrations/<migrationId>/<part>/<part>…}: every artifact of a migration under one prefix. */
    static String key(String migrationId, String... parts) {
        StringBuilder key = new StringBuilder("migrations/").append(migrationId);
        for (String part : parts) {
            key.append('/').append(part);
        }
        return key.toString();
    }
}
