package io.cutover.core.aws;

import io.cutover.core.config.Env;
import io.cutover.core.ports.approval.ApprovalStore;
import io.cutover.core.ports.Databases;
import io.cutover.core.db.jdbc.JdbcDatabases;
import io.cutover.core.ports.ApplicationEndpoints;
import io.cutover.core.ports.Artifacts;
import io.cutover.core.ports.Metrics;
import io.cutover.core.ports.Notifier;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Secrets;
import io.cutover.core.ports.TaskCallbacks;
import io.cutover.core.ports.Replication;
import io.cutover.core.ports.Snapshots;
import java.time.Clock;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The ports as a Lambda function sees them: AWS SDK clients built on first use (so SnapStart snapshots hold
 * no connection and a function builds only the clients it needs), configured from the environment.
 */
public final class AwsPorts implements Ports {
    private final AwsClients clients;
    private final Clock clock = Clock.systemUTC();

    private final Supplier<Secrets> secrets;
    private final Supplier<Databases> databases;
    private final Supplier<Artifacts> artifacts;
    private final Supplier<Notifier> notifier;
    private final Supplier<Notifier> approvalNotifier;
    private final Supplier<TaskCallbacks> callbacks;
    private final Supplier<Metrics> metrics;
    private final Supplier<Snapshots> snapshots;
    private final Supplier<Replication> replication;
    private final Supplier<ApprovalStore> approvals;
    private final Supplier<ApplicationEndpoints> applicationEndpoints;

    public AwsPorts(AwsClients clients) {
        this.clients = clients;
        Env env = clients.env();
        this.secrets = lazy(() -> new SecretsManagerSecrets(
                clients.build(SecretsManagerClient.builder(), "SECRETS_MANAGER"), clock));
        Supplier<RdsClient> rds = lazy(() -> clients.build(RdsClient.builder(), "RDS"));
        this.databases = lazy(() -> new JdbcDatabases(secrets(), new RdsClusterEndpoints(rds.get())));
        this.artifacts = lazy(() -> new S3Artifacts(
                clients.build(S3Client.builder().forcePathStyle(clients.endpointOverride("S3") != null), "S3"),
                env.required(Env.ARTIFACTS_BUCKET)));
        Supplier<SnsClient> sns = lazy(() -> clients.build(SnsClient.builder(), "SNS"));
        this.notifier = lazy(() -> new SnsNotifier(sns.get(), env.required(Env.NOTIFICATION_TOPIC_ARN)));
        this.approvalNotifier = lazy(() -> new SnsNotifier(sns.get(), env.required(Env.APPROVALS_TOPIC_ARN)));
        // no SDK retries: SfnTaskCallbacks retries itself, to know whether an earlier attempt may have been delivered
        this.callbacks = lazy(() -> new SfnTaskCallbacks(clients.build(SfnClient.builder()
                .overrideConfiguration(c -> c.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry())), "SFN")));
        this.metrics = lazy(EmfMetrics::new);
        this.snapshots = lazy(() -> new RdsSnapshots(rds.get()));
        this.replication = lazy(() -> new DmsReplication(
                clients.build(DatabaseMigrationClient.builder(), "DATABASE_MIGRATION_SERVICE"),
                clients.build(CloudWatchClient.builder(), "CLOUDWATCH"), clock));
        this.approvals = lazy(() -> new DynamoDbApprovalStore(clients.build(DynamoDbClient.builder(), "DYNAMODB"),
                env.required(Env.APPROVALS_TABLE)));
        this.applicationEndpoints = lazy(() -> new AwsApplicationEndpoints(
                lazy(() -> clients.build(SsmClient.builder(), "SSM")),
                lazy(() -> clients.build(SecretsManagerClient.builder(), "SECRETS_MANAGER")),
                lazy(() -> clients.build(Route53Client.builder(), "ROUTE_53")),
                lazy(() -> clients.build(LambdaClient.builder(), "LAMBDA"))));
    }

    /** The ports of a deployed function: everything from its environment. */
    public static AwsPorts fromEnvironment() {
        return new AwsPorts(new AwsClients(Env.system()));
    }

    public AwsClients clients() {
        return clients;
    }

    @Override
    public Databases databases() {
        return databases.get();
    }

    @Override
    public Secrets secrets() {
        return secrets.get();
    }

    @Override
    public Artifacts artifacts() {
        return artifacts.get();
    }

    @Override
    public Notifier notifier() {
        return notifier.get();
    }

    @Override
    public Notifier approvalNotifier() {
        return approvalNotifier.get();
    }

    @Override
    public TaskCallbacks callbacks() {
        return callbacks.get();
    }

    @Override
    public Metrics metrics() {
        return metrics.get();
    }

    @Override
    public Replication replication() {
        return replication.get();
    }

    @Override
    public Snapshots snapshots() {
        return snapshots.get();
    }

    @Override
    public ApprovalStore approvals() {
        return approvals.get();
    }

    @Override
    public ApplicationEndpoints applicationEndpoints() {
        return applicationEndpoints.get();
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Env env() {
        return clients.env();
    }

    /** Thread-safe memoisation: a function builds each client once per container. */
    static <T> Supplier<T> lazy(Supplier<T> factory) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        v = value;
                        if (v == null) {
                            value = v = factory.get();
                        }
                    }
                }
                return v;
            }
        };
    }
}
