package io.cutover.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.cutover.core.aws.AwsClients;
import io.cutover.core.config.Env;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A local HTTP stub (WireMock) standing in for AWS service endpoints, and an {@link AwsClients} whose every
 * client points at it through AWS_ENDPOINT_URL, with fixed test credentials.
 */
public final class AwsStub implements AutoCloseable {
    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    public AwsStub() {
        server.start();
    }

    public WireMockServer server() {
        return server;
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public AwsClients clients() {
        return clients(Map.of());
    }

    public AwsClients clients(Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put(Env.REGION, "eu-west-1");
        env.put("AWS_ENDPOINT_URL", url());
        return new AwsClients(new Env(env),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret-key")));
    }

    @Override
    public void close() {
        server.stop();
    }
}
