package io.cutover.local.aws;

import java.net.URI;
import java.util.Set;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack in a Testcontainers container: the contract suite's second emulator, run only with the Maven profile
 * {@code localstack}. DMS and RDS are services of LocalStack's paid edition, so the container needs
 * {@code LOCALSTACK_AUTH_TOKEN}; and Testcontainers needs a Docker engine. Neither exists on the project's machines or
 * in CI: this class is compiled in every build and has not been run there (README.md, docs/development.md).
 */
public final class LocalStackBackend implements AwsBackend {
    /** Overridable with -Dlocalstack.image=…; LocalStack's paid image, which has DMS and RDS. */
    static final String DEFAULT_IMAGE = "localstack/localstack-pro:4.9";

    private final LocalStackContainer container;

    private LocalStackBackend(LocalStackContainer container) {
        this.container = container;
    }

    /** Starts the container; fails at once, naming what is missing, without a token or a Docker engine. */
    public static LocalStackBackend start() {
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("LOCALSTACK_AUTH_TOKEN is not set: the LocalStack run of the AWS contract suite needs "
                    + "LocalStack's paid edition (DMS, RDS). Set it, or run the suite against moto (the default build).");
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("no Docker engine: the LocalStack run of the AWS contract suite starts LocalStack in a "
                    + "Testcontainers container. Start Docker, or run the suite against moto (the default build).");
        }
        String image = System.getProperty("localstack.image", DEFAULT_IMAGE);
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(image)
                .asCompatibleSubstituteFor("localstack/localstack"))
                .withServices("s3", "sns", "sqs", "stepfunctions", "dynamodb", "secretsmanager", "rds", "cloudwatch", "logs", "dms")
                .withEnv("LOCALSTACK_AUTH_TOKEN", token);
        container.start();
        return new LocalStackBackend(container);
    }

    @Override
    public String name() {
        return "LocalStack (" + container.getDockerImageName() + ")";
    }

    @Override
    public URI endpoint() {
        return container.getEndpoint();
    }

    @Override
    public String accessKey() {
        return container.getAccessKey();
    }

    @Override
    public String secretKey() {
        return container.getSecretKey();
    }

    /** Unknown until it runs somewhere: every test runs, and a failure there is a finding to look into. */
    @Override
    public Set<AwsGap> gaps() {
        return Set.of();
    }

    @Override
    public void close() {
        container.stop();
    }
}
