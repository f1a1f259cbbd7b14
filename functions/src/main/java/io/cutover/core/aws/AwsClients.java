package io.cutover.core.aws;

import io.cutover.core.config.Env;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds AWS SDK v2 clients the same way everywhere: the url-connection HTTP client (small, fast to start),
 * the region from AWS_REGION, the default credential chain (never environment keys: SnapStart uses
 * container credentials), and an endpoint override from AWS_ENDPOINT_URL_&lt;SERVICE&gt; or AWS_ENDPOINT_URL
 * (tests point clients at a local HTTP stub this way).
 */
public final class AwsClients {
    private final Env env;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;

    public AwsClients(Env env) {
        this(env, null);
    }

    /** {@code credentials} null means the SDK's default chain. */
    public AwsClients(Env env, AwsCredentialsProvider credentials) {
        this.env = env;
        this.credentials = credentials;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    /**
     * @param serviceId the SDK's service id in upper snake case, as in AWS_ENDPOINT_URL_&lt;serviceId&gt;
     *                  (SNS, SFN, S3, DYNAMODB, SECRETS_MANAGER, DATABASE_MIGRATION_SERVICE, RDS)
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, String serviceId) {
        builder.httpClient(http).region(Region.of(env.required(Env.REGION)));
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        URI endpoint = endpointOverride(serviceId);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    public URI endpointOverride(String serviceId) {
        String specific = env.optional("AWS_ENDPOINT_URL_" + serviceId);
        String general = env.optional("AWS_ENDPOINT_URL");
        String url = specific != null ? specific : general;
        return url == null ? null : URI.create(url);
    }

    public Env env() {
        return env;
    }
}
