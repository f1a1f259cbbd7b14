package io.cutover.core.aws;

import io.cutover.core.error.ConfigurationException;
import io.cutover.core.ports.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** Secrets from AWS Secrets Manager, cached for a few minutes per container (rotation still applies soon). */
public final class SecretsManagerSecrets implements Secrets {
    private static final Duration TTL = Duration.ofMinutes(5);

    private record Cached(String value, Instant expires) {}

    private final SecretsManagerClient client;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public SecretsManagerSecrets(SecretsManagerClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public String secretString(String secretId) {
        Cached cached = cache.get(secretId);
        if (cached != null && clock.instant().isBefore(cached.expires())) {
            return cached.value();
        }
        GetSecretValueResponse response;
        try {
            response = client.getSecretValue(r -> r.secretId(secretId));
        } catch (ResourceNotFoundException e) {
            throw new ConfigurationException("secret " + secretId + " does not exist (or is not visible to this function)");
        } catch (SdkException e) {
            throw AwsErrors.translate("reading secret " + secretId, e);
        }
        if (response.secretString() == null) {
            throw new ConfigurationException("secret " + secretId + " has no SecretString (binary secrets are not supported)");
        }
        cache.put(secretId, new Cached(response.secretString(), clock.instant().plus(TTL)));
        return response.secretString();
    }

    @Override
    public String currentSecretString(String secretId) {
        cache.remove(secretId);
        return secretString(secretId);
    }
}
