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

/**
 * Secrets from AWS Secrets Manager, cached for five minutes per container (rotation still applies soon), read again past
 * the cache after a refused login ({@link #currentSecretString}: RDS may have rotated a managed secret since).
 *
 * <p>Not Powertools' Parameters module (powertools-parameters-secrets 2.9.0, the newest served here;
 * https://docs.powertools.aws.dev/lambda/java/latest/utilities/parameters/), whose {@code SecretsProvider} caches too,
 * because of what its 2.9.0 classes do: it returns a binary secret decoded as text where Cutover refuses it (database
 * credentials are a JSON SecretString), and its cache fixes a value's expiry from the system clock when the value is
 * stored (CacheManager.putInCache): a read cannot bypass it, so the rotation re-read would need a second provider, and
 * no test clock reaches it. See docs/development.md, "Libraries".
 */
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
