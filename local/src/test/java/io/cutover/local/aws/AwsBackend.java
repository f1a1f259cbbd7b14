package io.cutover.local.aws;

import io.cutover.core.aws.AwsClients;
import io.cutover.core.config.Env;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * An AWS emulator the contract suite ({@link AwsAdaptersContract}) runs against: moto's server ({@link MotoServer}) or
 * LocalStack in a container ({@link LocalStackBackend}). Cutover's own {@link AwsClients} reach it through
 * AWS_ENDPOINT_URL, exactly as a deployed function would reach a VPC endpoint.
 */
public interface AwsBackend extends AutoCloseable {
    String REGION = "eu-west-1";

    /** What the reports name, e.g. "moto 5.2.6". */
    String name();

    URI endpoint();

    String accessKey();

    String secretKey();

    /** The operations and behaviours this backend does not emulate (their calls are covered by the stubs only). */
    Set<AwsGap> gaps();

    /** Cutover's clients pointed at this backend, with {@code extraEnv} (the function's environment) added. */
    default AwsClients clients(Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put(Env.REGION, REGION);
        env.put("AWS_ENDPOINT_URL", endpoint().toString());
        return new AwsClients(new Env(env),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(), secretKey())));
    }

    default AwsClients clients() {
        return clients(Map.of());
    }

    /** Creates a DMS replication instance (the setup of the DMS tests) and returns its ARN. */
    default String createReplicationInstance(String identifier) {
        return clients().build(software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient.builder(),
                        "DATABASE_MIGRATION_SERVICE")
                .createReplicationInstance(c -> c.replicationInstanceIdentifier(identifier)
                        .replicationInstanceClass("dms.t3.medium").allocatedStorage(50))
                .replicationInstance().replicationInstanceArn();
    }

    /**
     * Ends the test (reported as skipped, with the reason) when this backend lacks {@code gap}: the call is then
     * covered by the stub tests only, and {@code MotoGapsIT} proves that moto still lacks it.
     */
    default void assumeEmulates(AwsGap gap) {
        Assumptions.assumeFalse(gaps().contains(gap), () -> name() + " lacks " + gap.operation() + " (" + gap.missing()
                + "): covered by " + gap.coveredBy() + " only (docs/development.md)");
    }

    @Override
    void close();
}
