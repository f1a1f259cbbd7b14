package io.cutover.core.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.error.InputValidationException;
import io.cutover.core.error.SnapshotConflictException;
import io.cutover.core.json.Json;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.poll.PollDecision.Outcome;
import io.cutover.core.ports.SnapshotNames;
import io.cutover.core.ports.Snapshots;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.snapshot.CreateSnapshotHandler;
import io.cutover.snapshot.PollSnapshotHandler;
import io.cutover.snapshot.SnapshotRequestPayload;
import io.cutover.testing.AwsStub;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The RDS adapter with the real SDK v2 client against a stub answering like the RDS API reference (query
 * protocol, XML bodies, {@code ErrorResponse} documents for faults); the requests are asserted too.
 */
class RdsSnapshotsTest {
    private static final String NS = "http://rds.amazonaws.com/doc/2014-10-31/";
    private static final String ID = "cutover-orders-prod-pre-switch";
    private final AwsStub aws = new AwsStub();

    @AfterEach
    void stop() {
        aws.close();
    }

    private RdsSnapshots snapshots() {
        return new RdsSnapshots(aws.clients().build(RdsClient.builder(), "RDS"));
    }

    private static String snapshotXml(String id, String cluster, String status, int percent) {
        return "<DBClusterSnapshot>"
                + "<Engine>aurora-mysql</Engine><SnapshotCreateTime>2026-11-24T02:10:31.123Z</SnapshotCreateTime>"
                + "<AvailabilityZones><AvailabilityZone>eu-west-1a</AvailabilityZone></AvailabilityZones>"
                + "<PercentProgress>" + percent + "</PercentProgress><Port>3306</Port>"
                + "<DBClusterSnapshotIdentifier>" + id + "</DBClusterSnapshotIdentifier>"
                + "<DBClusterIdentifier>" + cluster + "</DBClusterIdentifier>"
                + "<Status>" + status + "</Status><SnapshotType>manual</SnapshotType><StorageEncrypted>true</StorageEncrypted>"
                + "<DBClusterSnapshotArn>arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:" + id + "</DBClusterSnapshotArn>"
                + "<EngineVersion>8.0.mysql_aurora.3.05.2</EngineVersion><MasterUsername>admin</MasterUsername>"
                + "</DBClusterSnapshot>";
    }

    private void answer(String action, int status, String body) {
        aws.server().stubFor(post("/").withRequestBody(containing("Action=" + action))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body)));
    }

    private void created(String status) {
        answer("CreateDBClusterSnapshot", 200, "<CreateDBClusterSnapshotResponse xmlns=\"" + NS + "\"><CreateDBClusterSnapshotResult>"
                + snapshotXml(ID, "orders-aurora", status, 0)
                + "</CreateDBClusterSnapshotResult><ResponseMetadata><RequestId>5c1d6a1e</RequestId></ResponseMetadata>"
                + "</CreateDBClusterSnapshotResponse>");
    }

    private void described(String cluster, String status, int percent) {
        answer("DescribeDBClusterSnapshots", 200, "<DescribeDBClusterSnapshotsResponse xmlns=\"" + NS + "\"><DescribeDBClusterSnapshotsResult>"
                + "<DBClusterSnapshots>" + snapshotXml(ID, cluster, status, percent) + "</DBClusterSnapshots>"
                + "</DescribeDBClusterSnapshotsResult><ResponseMetadata><RequestId>9a1b</RequestId></ResponseMetadata>"
                + "</DescribeDBClusterSnapshotsResponse>");
    }

    private void fault(String action, int status, String code, String message) {
        answer(action, status, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code + "</Code>"
                + "<Message>" + message + "</Message></Error><RequestId>e1f2</RequestId></ErrorResponse>");
    }

    @Test
    void createsTheSnapshotUnderTheDeterministicIdentifierWithTags() {
        created("creating");
        var status = snapshots().create(new Snapshots.SnapshotRequest("orders-aurora", ID, List.of("orders"),
                Map.of("cutover:migration-id", "orders-prod")));

        assertThat(status.created()).isTrue();
        assertThat(status.status()).isEqualTo("creating");
        assertThat(status.location()).isEqualTo("arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:" + ID);
        aws.server().verify(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=CreateDBClusterSnapshot"))
                .withRequestBody(containing("Version=2014-10-31"))
                .withRequestBody(containing("DBClusterIdentifier=orders-aurora"))
                .withRequestBody(containing("DBClusterSnapshotIdentifier=" + ID))
                .withRequestBody(containing("Tags.Tag.1.Key=cutover%3Amigration-id"))
                .withRequestBody(containing("Tags.Tag.1.Value=orders-prod")));
    }

    @Test
    void aSnapshotThatAlreadyExistsForTheClusterIsReturnedNotRecreated() {
        fault("CreateDBClusterSnapshot", 400, "DBClusterSnapshotAlreadyExistsFault", "Cannot create the snapshot because a snapshot with the identifier " + ID + " already exists.");
        described("orders-aurora", "available", 100);

        var status = snapshots().create(new Snapshots.SnapshotRequest("orders-aurora", ID, List.of(), Map.of()));
        assertThat(status.created()).isFalse();
        assertThat(status.isAvailable()).isTrue();
        aws.server().verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeDBClusterSnapshots"))
                .withRequestBody(containing("DBClusterSnapshotIdentifier=" + ID)));
    }

    @Test
    void aSnapshotOfAnotherClusterUnderOurNameIsAConflict() {
        fault("CreateDBClusterSnapshot", 400, "DBClusterSnapshotAlreadyExistsFault", "already exists");
        described("someone-elses-cluster", "available", 100);
        assertThatThrownBy(() -> snapshots().create(new Snapshots.SnapshotRequest("orders-aurora", ID, List.of(), Map.of())))
                .isInstanceOf(SnapshotConflictException.class)
                .hasMessageContaining("is not a snapshot of cluster orders-aurora");
    }

    @Test
    void anUnknownClusterNamesTheConfigField() {
        fault("CreateDBClusterSnapshot", 404, "DBClusterNotFoundFault", "DBCluster orders-aurora not found.");
        assertThatThrownBy(() -> snapshots().create(new Snapshots.SnapshotRequest("orders-aurora", ID, List.of(), Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("target.clusterIdentifier").hasMessageContaining("orders-aurora");
    }

    @Test
    void describeOfAMissingSnapshotIsEmpty() {
        fault("DescribeDBClusterSnapshots", 404, "DBClusterSnapshotNotFoundFault", "DBClusterSnapshot " + ID + " not found.");
        assertThat(snapshots().describe("orders-aurora", ID)).isEmpty();
    }

    private void clusterDescribed(int retentionDays, String latestRestorable) {
        answer("DescribeDBClusters", 200, "<DescribeDBClustersResponse xmlns=\"" + NS + "\"><DescribeDBClustersResult><DBClusters><DBCluster>"
                + "<DBClusterIdentifier>orders-aurora</DBClusterIdentifier><Engine>aurora-mysql</Engine><Status>available</Status>"
                + "<BackupRetentionPeriod>" + retentionDays + "</BackupRetentionPeriod>"
                + "<EarliestRestorableTime>2026-12-01T00:00:00.000Z</EarliestRestorableTime>"
                + "<LatestRestorableTime>" + latestRestorable + "</LatestRestorableTime>"
                + "</DBCluster></DBClusters></DescribeDBClustersResult><ResponseMetadata><RequestId>c1d2</RequestId></ResponseMetadata>"
                + "</DescribeDBClustersResponse>");
    }

    @Test
    void theClustersBackupsAreReadFromDescribeDbClustersAndAMissingClusterIsEmpty() {
        clusterDescribed(7, "2026-12-07T09:55:00.000Z");
        var backups = snapshots().backups("orders-aurora").orElseThrow();
        assertThat(backups.retentionDays()).isEqualTo(7);
        assertThat(backups.latestRestorableTime()).isEqualTo(java.time.Instant.parse("2026-12-07T09:55:00Z"));
        assertThat(backups.earliestRestorableTime()).isEqualTo(java.time.Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(backups.restorableAt(java.time.Instant.parse("2026-12-07T09:54:59Z"))).isTrue();
        assertThat(backups.restorableAt(java.time.Instant.parse("2026-12-07T09:55:00Z"))).as("restorable before LatestRestorableTime").isFalse();
        aws.server().verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeDBClusters"))
                .withRequestBody(containing("DBClusterIdentifier=orders-aurora")));

        aws.server().resetAll();
        fault("DescribeDBClusters", 404, "DBClusterNotFoundFault", "DBCluster orders-aurora not found.");
        assertThat(snapshots().backups("orders-aurora")).isEmpty();
    }

    @Test
    void theRestorePointHandlersRecordItAndWaitUntilTheBackupsReachIt() {
        MemoryArtifacts artifacts = new MemoryArtifacts();
        java.time.Instant now = java.time.Instant.parse("2026-12-07T10:00:00Z");
        InMemoryPorts ports = InMemoryPorts.builder().snapshots(snapshots()).artifacts(artifacts)
                .clock(java.time.Clock.fixed(now, java.time.ZoneOffset.UTC)).build();
        MigrationConfig config = config("orders-aurora");
        clusterDescribed(7, "2026-12-07T09:55:00.000Z");

        var recorded = new CreateSnapshotHandler(ports).handle(new SnapshotRequestPayload(config, "7 Record the restore point", "exec-1", null,
                SnapshotRequestPayload.RESTORE_POINT));
        assertThat(recorded.restoreToTime()).isEqualTo("2026-12-07T10:00:00Z");
        assertThat(recorded.status()).isEqualTo(CreateSnapshotHandler.NOT_STARTED);
        assertThat(recorded.created()).isFalse();
        aws.server().verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateDBClusterSnapshot")));

        PollDecision waiting = new PollSnapshotHandler(ports).handle(new SnapshotRequestPayload(config, "7 Poll the restorable time", "exec-1", null,
                SnapshotRequestPayload.RESTORE_POINT));
        assertThat(waiting.outcome()).isEqualTo(Outcome.CONTINUE);

        aws.server().resetAll();
        clusterDescribed(7, "2026-12-07T10:00:03.000Z");
        PollDecision done = new PollSnapshotHandler(ports).handle(new SnapshotRequestPayload(config, "7 Poll the restorable time", "exec-1", waiting,
                SnapshotRequestPayload.RESTORE_POINT));
        assertThat(done.outcome()).isEqualTo(Outcome.DONE);
        assertThat(done.reason()).contains("2026-12-07T10:00:00Z");

        aws.server().resetAll();
        clusterDescribed(1, "2026-12-07T10:00:03.000Z");
        assertThatThrownBy(() -> new CreateSnapshotHandler(ports).handle(new SnapshotRequestPayload(config, "7 Record the restore point", "exec-2", null,
                SnapshotRequestPayload.RESTORE_POINT)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("BackupRetentionPeriod");
    }

    @Test
    void theHandlersStartAndPollUntilAvailableOrFailed() {
        MemoryArtifacts artifacts = new MemoryArtifacts();
        InMemoryPorts ports = InMemoryPorts.builder().snapshots(snapshots()).artifacts(artifacts).build();
        MigrationConfig config = config("orders-aurora");
        created("creating");
        var started = new CreateSnapshotHandler(ports).handle(new SnapshotRequestPayload(config, "7 Snapshot", "exec-1", null));
        assertThat(started.snapshotId()).isEqualTo(ID);
        assertThat(started.created()).isTrue();

        described("orders-aurora", "creating", 42);
        PollDecision first = new PollSnapshotHandler(ports).handle(new SnapshotRequestPayload(config, "7 Wait", "exec-1", null));
        assertThat(first.outcome()).isEqualTo(Outcome.CONTINUE);
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(first.reason()).contains("creating (42 %)");
        assertThat(first.waitSeconds()).isPositive();

        aws.server().resetAll();
        described("orders-aurora", "available", 100);
        PollDecision second = new PollSnapshotHandler(ports).handle(new SnapshotRequestPayload(config, "7 Wait", "exec-1", first));
        assertThat(second.outcome()).isEqualTo(Outcome.DONE);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(artifacts.get("migrations/orders-prod/cutover/snapshot.json")).isPresent();

        aws.server().resetAll();
        described("orders-aurora", "failed", 17);
        PollDecision failed = new PollSnapshotHandler(ports).handle(new SnapshotRequestPayload(config, "7 Wait", "exec-1", first));
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.reason()).contains("is failed");
    }

    @Test
    void thePollBindsItsPayloadAndAnswersAsLambdaDoes() throws Exception {
        described("orders-aurora", "creating", 5);
        InMemoryPorts ports = InMemoryPorts.builder().snapshots(snapshots()).build();
        var payload = Json.object();
        payload.set("config", Json.tree(config("orders-aurora")));
        payload.put("stateName", "7 Wait for the snapshot").put("executionName", "exec-1");
        payload.putObject("poll").put("outcome", "CONTINUE").put("waitSeconds", 30).put("attempt", 4).put("reason", "creating");
        var decision = Json.convert(io.cutover.core.handler.LambdaInvocation.invoke(new PollSnapshotHandler(ports), "PollSnapshot", payload),
                PollDecision.class);
        assertThat(decision.outcome()).isEqualTo(Outcome.CONTINUE);
        assertThat(decision.attempt()).isEqualTo(5);
    }

    @Test
    void aMissingClusterIdentifierIsAnInputErrorAndNothingIsCalled() {
        InMemoryPorts ports = InMemoryPorts.builder().snapshots(snapshots()).build();
        assertThatThrownBy(() -> new CreateSnapshotHandler(ports).handle(new SnapshotRequestPayload(config(null), "7", "e", null)))
                .isInstanceOf(InputValidationException.class).hasMessageContaining("$.target.clusterIdentifier");
        assertThat(aws.server().getAllServeEvents()).isEmpty();
    }

    /**
     * Finding: with one identifier per migration, a new execution after a rollback found the snapshot an earlier
     * execution took before its own freeze ("already exists") and went on with it as its pre-switch snapshot.
     */
    @Test
    void eachExecutionTakesItsOwnSnapshotAndARetryOfAnExecutionFindsItsOwn() {
        Map<String, Snapshots.SnapshotRequest> taken = new java.util.LinkedHashMap<>();
        Snapshots rds = new Snapshots() {
            @Override
            public SnapshotStatus create(SnapshotRequest request) {
                boolean created = taken.putIfAbsent(request.snapshotId(), request) == null;
                return new SnapshotStatus(request.snapshotId(), request.clusterIdentifier(), created ? "creating" : "available", 0,
                        null, "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:" + request.snapshotId(), null, created);
            }

            @Override
            public java.util.Optional<SnapshotStatus> describe(String cluster, String snapshotId) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<ClusterBackups> backups(String cluster) {
                throw new UnsupportedOperationException();
            }
        };
        InMemoryPorts ports = InMemoryPorts.builder().snapshots(rds).build();
        MigrationConfig config = config("orders-aurora");

        var first = new CreateSnapshotHandler(ports).handle(new SnapshotRequestPayload(config, "7 Snapshot", "exec-1", null));
        var retry = new CreateSnapshotHandler(ports).handle(new SnapshotRequestPayload(config, "7 Snapshot", "exec-1", null));
        var afterRollback = new CreateSnapshotHandler(ports).handle(new SnapshotRequestPayload(config, "7 Snapshot", "exec-2", null));

        assertThat(first.created()).isTrue();
        assertThat(retry.created()).as("a retry or redrive of the same execution finds its own snapshot").isFalse();
        assertThat(retry.snapshotId()).isEqualTo(first.snapshotId());
        assertThat(afterRollback.created()).as("a new execution takes a fresh snapshot").isTrue();
        assertThat(afterRollback.snapshotId()).isNotEqualTo(first.snapshotId()).startsWith("cutover-orders-prod-pre-switch-");
        assertThat(taken.get(afterRollback.snapshotId()).tags()).containsEntry("cutover:execution", "exec-2")
                .containsEntry("cutover:migration-id", "orders-prod").containsEntry("cutover:purpose", "pre-switch");
        assertThatThrownBy(() -> new CreateSnapshotHandler(ports).handle(new SnapshotRequestPayload(config, "7 Snapshot", null, null)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("executionName");
    }

    @Test
    void identifiersFollowTheRdsRules() {
        String perExecution = SnapshotNames.forExecution("orders-prod", "pre-switch", "exec-1");
        assertThat(perExecution).matches("cutover-orders-prod-pre-switch-[0-9a-f]{8}");
        assertThat(SnapshotNames.forExecution("orders-prod", "pre-switch", "exec-1")).isEqualTo(perExecution);
        // the longest input: a 40-character migrationId and an 80-character execution name (the StartExecution limit)
        String longest = SnapshotNames.forExecution("o".repeat(40), "pre-switch", "e".repeat(80));
        assertThat(longest).hasSizeLessThanOrEqualTo(63);
        assertThat(SnapshotNames.problem(longest)).isNull();
        assertThat(longest).isNotEqualTo(SnapshotNames.forExecution("o".repeat(40), "pre-switch", "e".repeat(79) + "f"));
        assertThat(SnapshotNames.forMigration("orders-prod", "pre-switch")).isEqualTo(ID);
        assertThat(SnapshotNames.forMigration("9_Orders--EU", "pre-switch")).isEqualTo("cutover-9-orders-eu-pre-switch");
        String longId = SnapshotNames.forMigration("x".repeat(80), "pre-switch");
        assertThat(longId).hasSizeLessThanOrEqualTo(63).isEqualTo(SnapshotNames.forMigration("x".repeat(80), "pre-switch"));
        assertThat(SnapshotNames.problem(longId)).isNull();
        assertThat(SnapshotNames.problem("a--b")).contains("consecutive hyphens");
    }

    private static MigrationConfig config(String cluster) {
        var input = Json.object();
        input.put("migrationId", "orders-prod");
        input.putObject("source").put("secretId", "src");
        var target = input.putObject("target");
        target.put("secretId", "tgt");
        if (cluster != null) {
            target.put("clusterIdentifier", cluster);
        }
        input.putArray("schemas").add("orders");
        return Json.convert(input, MigrationConfig.class);
    }
}
