package io.cutover.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.aws.DmsIds;
import io.cutover.core.aws.DmsReplication;
import io.cutover.core.error.AccessDeniedException;
import io.cutover.core.config.DmsTls;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.error.ReplicationConflictException;
import io.cutover.core.error.ReplicationNotReadyException;
import io.cutover.core.error.ReplicationStateException;
import io.cutover.core.error.TransientAwsException;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Replication.AssessmentSpec;
import io.cutover.core.ports.Replication.AssessmentStatus;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.core.ports.Replication.ConnectionState;
import io.cutover.core.ports.Replication.EndpointPair;
import io.cutover.core.ports.Replication.EndpointSpec;
import io.cutover.core.ports.Replication.StartMode;
import io.cutover.core.ports.Replication.TaskDefinition;
import io.cutover.core.ports.Replication.TaskProgress;
import io.cutover.core.ports.Replication.TaskRef;
import io.cutover.core.ports.Replication;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The DMS adapter's requests (operation and fields) and its reading of the answers, against the DMS fake. */
class DmsReplicationTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/cutover-dms-secrets";
    private static final String CERT = "arn:aws:dms:eu-west-1:123456789012:cert:RDSGLOBAL";
    private static final String SOURCE_CERT = "arn:aws:dms:eu-west-1:123456789012:cert:ORDERS-SOURCE-CA";

    private final FakeDms fake = new FakeDms();
    private final DmsReplication dms = fake.replication(Clock.systemUTC());

    @AfterEach
    void close() {
        fake.close();
    }

    private static EndpointSpec spec(String initStatements) {
        return new EndpointSpec("cutover-orders", null, null, "cutover/source-dms", "cutover/target-dms", ROLE,
                source("verify-full", SOURCE_CERT), target("verify-full", CERT), "Europe/Paris", initStatements);
    }

    private static DmsTls source(String sslMode, String certificateArn) {
        return new DmsTls(DatabaseRole.SOURCE, sslMode, certificateArn);
    }

    private static DmsTls target(String sslMode, String certificateArn) {
        return new DmsTls(DatabaseRole.TARGET, sslMode, certificateArn);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private JsonNode only(String operation) {
        assertThat(fake.calls(operation)).hasSize(1);
        return fake.calls(operation).get(0).body();
    }

    // ---- endpoints ----------------------------------------------------------------------------------------

    @Test
    void createsEndpointsThatReadCredentialsFromSecretsManagerNeverAPassword() {
        EndpointPair pair = dms.ensureEndpoints(spec("SET time_zone='+00:00'; SET FOREIGN_KEY_CHECKS=0"));
        List<FakeDms.Call> creates = fake.calls("CreateEndpoint");
        assertThat(creates).hasSize(2);
        JsonNode source = creates.get(0).body();
        assertThat(source.path("EndpointIdentifier").asText()).isEqualTo("cutover-orders-source");
        assertThat(source.path("EndpointType").asText()).isEqualTo("source");
        assertThat(source.path("EngineName").asText()).isEqualTo("mysql");
        assertThat(source.path("SslMode").asText()).isEqualTo("verify-full");
        assertThat(source.path("CertificateArn").asText()).as("the source's own CA, not the RDS bundle").isEqualTo(SOURCE_CERT);
        assertThat(source.path("MySQLSettings").path("SecretsManagerSecretId").asText()).isEqualTo("cutover/source-dms");
        assertThat(source.path("MySQLSettings").path("SecretsManagerAccessRoleArn").asText()).isEqualTo(ROLE);
        assertThat(source.path("MySQLSettings").path("ServerTimezone").asText()).isEqualTo("Europe/Paris");
        assertThat(source.path("MySQLSettings").has("AfterConnectScript")).isFalse();
        JsonNode target = creates.get(1).body();
        assertThat(target.path("EndpointIdentifier").asText()).isEqualTo("cutover-orders-target");
        assertThat(target.path("EndpointType").asText()).isEqualTo("target");
        assertThat(target.path("EngineName").asText()).isEqualTo("aurora");
        assertThat(target.path("SslMode").asText()).isEqualTo("verify-full");
        assertThat(target.path("CertificateArn").asText()).isEqualTo(CERT);
        assertThat(target.path("MySQLSettings").path("AfterConnectScript").asText()).isEqualTo("SET time_zone='+00:00'; SET FOREIGN_KEY_CHECKS=0");
        for (FakeDms.Call c : creates) {
            assertThat(c.body().toString()).doesNotContainIgnoringCase("password").doesNotContain("Username").doesNotContain("ServerName");
        }
        assertThat(pair.sourceEndpointArn()).startsWith("arn:aws:dms:eu-west-1:123456789012:endpoint:");

        // a retry finds both (DMS reports the secret by ARN) and creates nothing
        assertThat(dms.ensureEndpoints(spec("SET time_zone='+00:00'; SET FOREIGN_KEY_CHECKS=0"))).isEqualTo(pair);
        assertThat(fake.calls("CreateEndpoint")).hasSize(2);
        assertThat(fake.calls("DescribeEndpoints").get(0).body().path("Filters").get(0).path("Name").asText()).isEqualTo("endpoint-id");
    }

    @Test
    void anEndpointWithOtherSettingsIsAConflictNotReused() {
        dms.ensureEndpoints(spec(null));
        assertThatThrownBy(() -> dms.ensureEndpoints(spec("SET FOREIGN_KEY_CHECKS=0")))
                .isInstanceOf(ReplicationConflictException.class)
                .hasMessageContaining("cutover-orders-target").hasMessageContaining("AfterConnectScript");
        assertThat(fake.calls("CreateEndpoint")).hasSize(2);
    }

    @Test
    void existingEndpointArnsAreCheckedAndUsedAsTheyAre() {
        String src = fake.addEndpoint("legacy-src", "source", "mysql");
        String tgt = fake.addEndpoint("legacy-tgt", "target", "aurora");
        EndpointSpec given = new EndpointSpec("cutover-orders", src, tgt, null, null, null, source("none", null), target("none", null), null, null);
        assertThat(dms.ensureEndpoints(given)).isEqualTo(new EndpointPair(src, tgt));
        assertThat(fake.calls("CreateEndpoint")).isEmpty();

        EndpointSpec swapped = new EndpointSpec("cutover-orders", tgt, src, null, null, null, source("none", null), target("none", null), null, null);
        assertThatThrownBy(() -> dms.ensureEndpoints(swapped)).isInstanceOf(ReplicationConflictException.class)
                .hasMessageContaining("config.dms.sourceEndpointArn").hasMessageContaining("not a source endpoint");
        EndpointSpec needsInit = new EndpointSpec("cutover-orders", src, tgt, null, null, null, source("none", null), target("none", null), null, "SET FOREIGN_KEY_CHECKS=0");
        assertThatThrownBy(() -> dms.ensureEndpoints(needsInit)).isInstanceOf(ReplicationConflictException.class)
                .hasMessageContaining("init statements");
        EndpointSpec missing = new EndpointSpec("cutover-orders", src.replace("FAKE", "GONE"), tgt, null, null, null, source("none", null), target("none", null), null, null);
        assertThatThrownBy(() -> dms.ensureEndpoints(missing)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("does not exist");
    }

    /** What the stack's DmsSourceEndpoint looks like: SslMode and ServerTimezone from the template's parameters. */
    private static EndpointSpec existing(String src, String tgt, String sslMode, String serverTimezone) {
        return new EndpointSpec("cutover-orders", src, tgt, null, null, null, source(sslMode, null), target(sslMode, null),
                serverTimezone, null);
    }

    @Test
    void anExistingSourceEndpointMustReadTimestampsInTheInputsZone() {
        String src = fake.addEndpoint("stack-src", "source", "mysql", "verify-full", "Europe/Paris");
        String tgt = fake.addEndpoint("stack-tgt", "target", "aurora", "verify-full", null);
        assertThat(dms.ensureEndpoints(existing(src, tgt, "verify-full", "Europe/Paris")).sourceEndpointArn()).isEqualTo(src);
        assertThat(dms.ensureEndpoints(existing(src, tgt, "verify-full", "europe/paris")).sourceEndpointArn()).isEqualTo(src);

        assertThatThrownBy(() -> dms.ensureEndpoints(existing(src, tgt, "verify-full", "UTC")))
                .isInstanceOf(ReplicationConflictException.class)
                .hasMessageContaining("config.dms.sourceEndpointArn " + src + " (endpoint stack-src) cannot be used")
                .hasMessageContaining("its ServerTimezone is Europe/Paris but config.source.serverTimezone is UTC")
                .hasMessageContaining("SourceServerTimezone")
                .hasMessageContaining("Nothing was changed");
        assertThatThrownBy(() -> dms.ensureEndpoints(existing(src, tgt, "verify-full", null)))
                .isInstanceOf(ReplicationConflictException.class)
                .hasMessageContaining("config.source.serverTimezone is not set (UTC)");
        assertThat(fake.calls("ModifyEndpoint")).isEmpty();
        assertThat(fake.calls("CreateEndpoint")).isEmpty();
    }

    @Test
    void anUnsetServerTimezoneIsUtcOnBothSides() {
        String unset = fake.addEndpoint("src-unset", "source", "mysql", "verify-ca", null);
        String utc = fake.addEndpoint("src-utc", "source", "mysql", "verify-ca", "UTC");
        String tgt = fake.addEndpoint("tgt", "target", "aurora", "verify-ca", null);
        // the template's default (UTC) with the input's serverTimezone left out, and the reverse
        assertThat(dms.ensureEndpoints(existing(utc, tgt, "verify-ca", null)).sourceEndpointArn()).isEqualTo(utc);
        assertThat(dms.ensureEndpoints(existing(unset, tgt, "verify-ca", "Etc/UTC")).sourceEndpointArn()).isEqualTo(unset);
        assertThatThrownBy(() -> dms.ensureEndpoints(existing(unset, tgt, "verify-ca", "America/New_York")))
                .isInstanceOf(ReplicationConflictException.class)
                .hasMessageContaining("its ServerTimezone is not set (UTC) but config.source.serverTimezone is America/New_York");
    }

    @Test
    void anExistingEndpointMustUseTheSslModeTheInputGivesItsSide() {
        String src = fake.addEndpoint("stack-src", "source", "mysql", "verify-ca", "UTC");
        String tgt = fake.addEndpoint("stack-tgt", "target", "aurora", "verify-full", null);
        assertThatThrownBy(() -> dms.ensureEndpoints(existing(src, tgt, "verify-full", "UTC")))
                .isInstanceOf(ReplicationConflictException.class)
                .hasMessageContaining("config.dms.sourceEndpointArn " + src + " (endpoint stack-src)")
                .hasMessageContaining("its SslMode is verify-ca but config.dms.sourceSslMode is verify-full");
        // each side is judged by its own mode: verify-ca for the source, verify-full for the target
        EndpointSpec perSide = new EndpointSpec("cutover-orders", src, tgt, null, null, null, source("verify-ca", null),
                target("verify-full", null), "UTC", null);
        assertThat(dms.ensureEndpoints(perSide)).isEqualTo(new EndpointPair(src, tgt));
        assertThatThrownBy(() -> dms.ensureEndpoints(existing(fake.addEndpoint("src-2", "source", "mysql", "verify-full", null),
                fake.addEndpoint("tgt-2", "target", "aurora", "none", null), "verify-full", null)))
                .isInstanceOf(ReplicationConflictException.class)
                .hasMessageContaining("config.dms.targetEndpointArn").hasMessageContaining("(endpoint tgt-2)")
                .hasMessageContaining("its SslMode is none but config.dms.targetSslMode is verify-full");
        assertThat(fake.calls("ModifyEndpoint")).isEmpty();
        assertThat(fake.calls("CreateEndpoint")).isEmpty();
    }

    /** Finding: DMS supports none, verify-ca and verify-full for MySQL-compatible endpoints, not require. */
    @Test
    void requireIsRefusedForMySqlCompatibleEndpointsWithTheReason() {
        EndpointSpec create = new EndpointSpec("cutover-orders", null, null, "s", "t", ROLE, source("require", null),
                target("verify-full", CERT), null, null);
        assertThatThrownBy(() -> dms.ensureEndpoints(create)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("config.dms.sourceSslMode: DMS does not support SslMode require for MySQL, MariaDB and Aurora MySQL")
                .hasMessageContaining("CHAP_Security.SSL.html");
        String src = fake.addEndpoint("old-src", "source", "mysql", "require", null);
        String tgt = fake.addEndpoint("old-tgt", "target", "aurora", "verify-full", null);
        assertThatThrownBy(() -> dms.ensureEndpoints(existing(src, tgt, "verify-full", null)))
                .isInstanceOf(ReplicationConflictException.class)
                .hasMessageContaining("its SslMode is require: DMS does not support SslMode require");
        assertThat(fake.calls("CreateEndpoint")).isEmpty();
    }

    @Test
    void badEndpointInputIsRefusedBeforeAnythingIsCreated() {
        EndpointSpec noCert = new EndpointSpec("cutover-orders", null, null, "s", "t", ROLE, source("verify-full", SOURCE_CERT),
                target("verify-ca", null), null, null);
        assertThatThrownBy(() -> dms.ensureEndpoints(noCert)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("config.dms.targetCertificateArn is required with dms.targetSslMode verify-ca");
        EndpointSpec noRole = new EndpointSpec("cutover-orders", null, null, "s", "t", null, source("none", null),
                target("none", null), null, null);
        assertThatThrownBy(() -> dms.ensureEndpoints(noRole)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("config.dms.secretsAccessRoleArn");
        assertThat(fake.calls("CreateEndpoint")).isEmpty();
    }

    @Test
    void connectionTestsStartOncePerEndpointAndReportTheFailureMessage() {
        EndpointPair pair = dms.ensureEndpoints(spec(null));
        fake.failConnectionTest(pair.targetEndpointArn(), "Can't connect to MySQL server on 'aurora.cluster-x' (110)");
        assertThat(dms.connectionStatus(FakeDms.INSTANCE_ARN, pair)).extracting(Replication.ConnectionStatus::state)
                .containsExactly(ConnectionState.NOT_TESTED, ConnectionState.NOT_TESTED);
        dms.startConnectionTests(FakeDms.INSTANCE_ARN, pair);
        dms.startConnectionTests(FakeDms.INSTANCE_ARN, pair); // while testing: no second test
        List<FakeDms.Call> tests = fake.calls("TestConnection");
        assertThat(tests).hasSize(2);
        assertThat(tests).allSatisfy(c -> assertThat(c.body().path("ReplicationInstanceArn").asText()).isEqualTo(FakeDms.INSTANCE_ARN));
        assertThat(tests).extracting(c -> c.body().path("EndpointArn").asText())
                .containsExactly(pair.sourceEndpointArn(), pair.targetEndpointArn());
        assertThat(dms.connectionStatus(FakeDms.INSTANCE_ARN, pair)).extracting(Replication.ConnectionStatus::state)
                .containsExactly(ConnectionState.TESTING, ConnectionState.TESTING);
        fake.tick();
        var statuses = dms.connectionStatus(FakeDms.INSTANCE_ARN, pair);
        assertThat(statuses.get(0).state()).isEqualTo(ConnectionState.SUCCESSFUL);
        assertThat(statuses.get(1).state()).isEqualTo(ConnectionState.FAILED);
        assertThat(statuses.get(1).failureMessage()).contains("Can't connect");
        JsonNode describe = fake.calls("DescribeConnections").get(0).body();
        assertThat(describe.path("Filters").toString()).contains("endpoint-arn").contains("replication-instance-arn");
    }

    @Test
    void aNewExecutionAcceptsTheTargetEndpointAPreviousOneSwitchedForCdcAndSaysSo() {
        EndpointSpec first = new EndpointSpec("cutover-orders", null, null, "cutover/source-dms", "cutover/target-dms", ROLE,
                source("verify-full", SOURCE_CERT), target("verify-full", CERT), "Europe/Paris", "SET FOREIGN_KEY_CHECKS=0", "");
        EndpointPair before = dms.ensureEndpoints(first);
        assertThat(before.targetSwitchedForCdc()).isFalse();
        dms.setTargetInitStatements(before.targetEndpointArn(), ""); // 4.4: checks on for CDC

        EndpointPair again = dms.ensureEndpoints(first);
        assertThat(again.targetEndpointArn()).isEqualTo(before.targetEndpointArn());
        assertThat(again.targetSwitchedForCdc()).as("the switch is known, so the full-load poll does not wait for a stop").isTrue();
        assertThat(fake.calls("CreateEndpoint")).hasSize(2);

        // without a planned switch, the same endpoint is a conflict: it no longer runs what the load needs
        assertThatThrownBy(() -> dms.ensureEndpoints(spec("SET FOREIGN_KEY_CHECKS=0")))
                .isInstanceOf(ReplicationConflictException.class).hasMessageContaining("AfterConnectScript");
    }

    @Test
    void aTargetEndpointGivenByArnIsAcceptedAfterAPreviousExecutionSwitchedItForCdc() {
        String src = fake.addEndpoint("legacy-src", "source", "mysql");
        String tgt = fake.addEndpoint("legacy-tgt", "target", "aurora");
        dms.setTargetInitStatements(tgt, "SET FOREIGN_KEY_CHECKS=0"); // what the full load needs, set by the user
        EndpointSpec withSwitch = new EndpointSpec("cutover-orders", src, tgt, null, null, null, source("none", null), target("none", null), null,
                "SET FOREIGN_KEY_CHECKS=0", "");
        assertThat(dms.ensureEndpoints(withSwitch).targetSwitchedForCdc()).isFalse();

        dms.setTargetInitStatements(tgt, ""); // 4.4 of the previous execution
        EndpointPair again = dms.ensureEndpoints(withSwitch);
        assertThat(again).isEqualTo(new EndpointPair(src, tgt, true));

        EndpointSpec withoutSwitch = new EndpointSpec("cutover-orders", src, tgt, null, null, null, source("none", null), target("none", null), null,
                "SET FOREIGN_KEY_CHECKS=0");
        assertThatThrownBy(() -> dms.ensureEndpoints(withoutSwitch)).isInstanceOf(ReplicationConflictException.class)
                .hasMessageContaining("init statements");
        assertThat(fake.calls("CreateEndpoint")).isEmpty();
    }

    @Test
    void switchingTheTargetInitStatementsModifiesOnlyTheAfterConnectScriptAndOnlyWhenItDiffers() {
        EndpointPair pair = dms.ensureEndpoints(spec("SET FOREIGN_KEY_CHECKS=0"));

        dms.setTargetInitStatements(pair.targetEndpointArn(), "SET FOREIGN_KEY_CHECKS=0");
        assertThat(fake.calls("ModifyEndpoint")).as("already set: nothing sent").isEmpty();

        dms.setTargetInitStatements(pair.targetEndpointArn(), "");
        JsonNode modify = only("ModifyEndpoint");
        assertThat(modify.path("EndpointArn").asText()).isEqualTo(pair.targetEndpointArn());
        assertThat(modify.path("ExactSettings").asBoolean(true)).as("merge, keep the secret and role").isFalse();
        assertThat(names(modify)).containsExactlyInAnyOrder("EndpointArn", "ExactSettings", "MySQLSettings");
        assertThat(names(modify.path("MySQLSettings"))).containsExactly("AfterConnectScript");
        assertThat(modify.path("MySQLSettings").path("AfterConnectScript").asText()).isEqualTo("SET FOREIGN_KEY_CHECKS=1");

        // what DMS now holds: the new script, the secret and role untouched
        JsonNode endpoint = fake.endpoint(pair.targetEndpointArn());
        assertThat(endpoint.at("/MySQLSettings/AfterConnectScript").asText()).isEqualTo("SET FOREIGN_KEY_CHECKS=1");
        assertThat(endpoint.at("/MySQLSettings/SecretsManagerSecretId").asText()).contains(":secret:cutover/target-dms-");
        assertThat(endpoint.at("/MySQLSettings/SecretsManagerAccessRoleArn").asText()).isEqualTo(ROLE);

        dms.setTargetInitStatements(pair.targetEndpointArn(), null); // a redrive: no second request
        assertThat(fake.calls("ModifyEndpoint")).hasSize(1);

        assertThatThrownBy(() -> dms.setTargetInitStatements(pair.sourceEndpointArn(), "SET FOREIGN_KEY_CHECKS=1"))
                .isInstanceOf(ReplicationConflictException.class).hasMessageContaining("is a source endpoint");
        assertThatThrownBy(() -> dms.setTargetInitStatements(pair.targetEndpointArn().replace("FAKE", "GONE"), "x"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("does not exist");
        assertThat(fake.calls("ModifyEndpoint")).hasSize(1);
    }

    // ---- task -----------------------------------------------------------------------------------------------

    private TaskDefinition definition(EndpointPair pair) {
        return new TaskDefinition("cutover-orders", FakeDms.INSTANCE_ARN, pair, "full-load-and-cdc",
                TableMappings.build(List.of("shop")), TaskSettings.defaults().toJson());
    }

    private TaskRef runningTask() {
        fake.addSourceTable("shop", "customers", 150);
        fake.addSourceTable("shop", "orders", 80);
        EndpointPair pair = dms.ensureEndpoints(spec(null));
        TaskRef task = dms.ensureTask(definition(pair));
        fake.tick();
        dms.start(task, StartMode.START_REPLICATION);
        for (int i = 0; i < 5; i++) {
            fake.tick();
        }
        return task;
    }

    @Test
    void createsTheTaskWithItsDocumentsAndReusesAnEqualOne() {
        EndpointPair pair = dms.ensureEndpoints(spec(null));
        TaskRef created = dms.ensureTask(definition(pair));
        JsonNode request = only("CreateReplicationTask");
        assertThat(request.path("ReplicationTaskIdentifier").asText()).isEqualTo("cutover-orders");
        assertThat(request.path("MigrationType").asText()).isEqualTo("full-load-and-cdc");
        assertThat(request.path("ReplicationInstanceArn").asText()).isEqualTo(FakeDms.INSTANCE_ARN);
        assertThat(request.path("SourceEndpointArn").asText()).isEqualTo(pair.sourceEndpointArn());
        assertThat(Json.parse(request.path("TableMappings").asText()).path("rules").size()).isEqualTo(6);
        assertThat(Json.parse(request.path("ReplicationTaskSettings").asText()).path("FullLoadSettings")
                .path("TargetTablePrepMode").asText()).isEqualTo("DO_NOTHING");
        // DMS answers with every default filled in: only Cutover's keys are compared
        TaskRef again = dms.ensureTask(definition(pair));
        assertThat(again.created()).isFalse();
        assertThat(again.taskArn()).isEqualTo(created.taskArn());
        assertThat(fake.calls("CreateReplicationTask")).hasSize(1);

        TaskDefinition otherSettings = new TaskDefinition("cutover-orders", FakeDms.INSTANCE_ARN, pair, "full-load-and-cdc",
                TableMappings.build(List.of("shop")), TaskSettings.defaults().toJson().replace("DO_NOTHING", "TRUNCATE_BEFORE_LOAD"));
        assertThatThrownBy(() -> dms.ensureTask(otherSettings)).isInstanceOf(ReplicationConflictException.class)
                .hasMessageContaining("FullLoadSettings.TargetTablePrepMode is \"DO_NOTHING\", Cutover wants \"TRUNCATE_BEFORE_LOAD\"");
    }

    @Test
    void startAndResumeAreDistinguishedAndAStartOnATaskThatRanIsRefused() {
        TaskRef task = runningTask();
        assertThat(only("StartReplicationTask").path("StartReplicationTaskType").asText()).isEqualTo("start-replication");
        assertThat(dms.status(task).status()).isEqualTo("running");
        dms.stop(task);
        assertThat(only("StopReplicationTask").path("ReplicationTaskArn").asText()).isEqualTo(task.taskArn());
        dms.stop(task); // stopping: nothing more to ask
        assertThat(fake.calls("StopReplicationTask")).hasSize(1);
        fake.tick();
        assertThat(dms.status(task).status()).isEqualTo("stopped");

        assertThatThrownBy(() -> dms.start(task, StartMode.START_REPLICATION)).isInstanceOf(ReplicationStateException.class)
                .hasMessageContaining("start-replication").hasMessageContaining("first run");
        dms.start(task, StartMode.RESUME_PROCESSING);
        assertThat(fake.calls("StartReplicationTask").get(2).body().path("StartReplicationTaskType").asText()).isEqualTo("resume-processing");
    }

    @Test
    void aStartWhileTheTaskIsBeingCreatedIsWorthRetrying() {
        EndpointPair pair = dms.ensureEndpoints(spec(null));
        TaskRef task = dms.ensureTask(definition(pair));
        assertThatThrownBy(() -> dms.start(task, StartMode.START_REPLICATION)).isInstanceOf(ReplicationNotReadyException.class)
                .hasMessageContaining("creating");
    }

    @Test
    void progressCountsTablesAndNamesErroredOnes() {
        fake.breakTable("shop.orders");
        TaskRef task = runningTask();
        TaskProgress p = dms.progress(task);
        assertThat(p.status()).isEqualTo("running");
        assertThat(p.tablesErrored()).isEqualTo(1);
        assertThat(p.tables()).filteredOn(t -> t.table().equals("orders")).singleElement().satisfies(t -> {
            assertThat(t.state()).isEqualTo("Table error");
            assertThat(t.lastError()).contains("task log").contains("\"shop\".\"orders\"");
        });
        assertThat(p.tables()).filteredOn(t -> t.table().equals("customers")).singleElement()
                .satisfies(t -> assertThat(t.fullLoadRows()).isEqualTo(150));
        JsonNode describe = fake.calls("DescribeReplicationTasks").get(fake.calls("DescribeReplicationTasks").size() - 1).body();
        assertThat(describe.path("WithoutSettings").asBoolean()).isTrue();
        assertThat(describe.path("Filters").get(0).path("Name").asText()).isEqualTo("replication-task-arn");
    }

    @Test
    void thousandsOfTablesArePagedThrough() {
        for (int i = 0; i < 2_345; i++) {
            fake.addSourceTable("shop", "t" + i, 1);
        }
        fake.maxTablesLoading = 3_000;
        fake.rowsPerTick = 1;
        EndpointPair pair = dms.ensureEndpoints(spec(null));
        TaskRef task = dms.ensureTask(definition(pair));
        fake.tick();
        dms.start(task, StartMode.START_REPLICATION);
        for (int i = 0; i < 4; i++) {
            fake.tick();
        }
        fake.calls.clear();
        TaskProgress p = dms.progress(task);
        assertThat(p.tables()).hasSize(2_345);
        assertThat(p.tablesLoaded()).isEqualTo(2_345);
        List<FakeDms.Call> pages = fake.calls("DescribeTableStatistics");
        assertThat(pages).hasSize(5);
        assertThat(pages).allSatisfy(c -> assertThat(c.body().path("MaxRecords").asInt()).isEqualTo(500));
        assertThat(pages.get(0).body().has("Marker")).isFalse();
        assertThat(pages.get(1).body().path("Marker").asText()).isEqualTo("m-500");
    }

    @Test
    void cdcSampleSumsTheCountersAndReadsLatencyFromCloudWatchWithNullWhenThereIsNone() {
        TaskRef task = runningTask();
        CdcSample idle = dms.cdcSample(task);
        assertThat(idle.sourceLatencySeconds()).isNull();
        assertThat(idle.targetLatencySeconds()).isNull();

        fake.changeSource(List.of("shop.customers", "shop.orders"), 4, 3, 1);
        fake.latency(task.taskArn(), 1.0, 2.0);
        CdcSample waiting = dms.cdcSample(task);
        assertThat(waiting.incomingChanges()).isEqualTo(8);
        assertThat(waiting.sourceLatencySeconds()).isEqualTo(1.0);
        assertThat(waiting.targetLatencySeconds()).isEqualTo(2.0);
        fake.tick();
        CdcSample applied = dms.cdcSample(task);
        assertThat(applied.inserts() - idle.inserts()).isEqualTo(4);
        assertThat(applied.updates() - idle.updates()).isEqualTo(3);
        assertThat(applied.deletes() - idle.deletes()).isEqualTo(1);
        assertThat(applied.incomingChanges()).isZero();

        JsonNode metrics = fake.calls("cloudwatch:GetMetricData").get(0).body();
        String resourceId = DmsIds.resourceId(task.taskArn());
        Map<String, String> expressions = new LinkedHashMap<>();
        for (int n = 1; metrics.has("MetricDataQueries.member." + n + ".Id"); n++) {
            expressions.put(metrics.path("MetricDataQueries.member." + n + ".Id").asText(),
                    metrics.path("MetricDataQueries.member." + n + ".Expression").asText());
        }
        assertThat(expressions).containsOnlyKeys("source", "target", "incoming");
        assertThat(expressions.get("source")).contains("AWS/DMS").contains("MetricName=\"CDCLatencySource\"")
                .contains("ReplicationTaskIdentifier=\"" + resourceId + "\"");
        assertThat(expressions.get("target")).contains("CDCLatencyTarget");
        assertThat(metrics.path("ScanBy").asText()).isEqualTo("TimestampDescending");
    }

    @Test
    void theCheckpointNamesTheBinlogPosition() {
        TaskRef task = runningTask();
        fake.changeSource(List.of("shop.customers"), 2, 0, 0);
        fake.tick();
        Replication.Checkpoint c = dms.checkpoint(task);
        assertThat(c.recoveryCheckpoint()).startsWith("checkpoint:V1#");
        assertThat(c.sourceBinlogFile()).isEqualTo("mysql-bin-changelog.000042");
        assertThat(c.sourceBinlogPosition()).isEqualTo(204L);
    }

    @Test
    void assessmentRunsStartOnceAndReportEachIndividualAssessment() {
        EndpointPair pair = dms.ensureEndpoints(spec(null));
        TaskRef task = dms.ensureTask(definition(pair));
        fake.tick();
        Map<String, String> results = new LinkedHashMap<>();
        results.put("mysql-check-binlog-format", "passed");
        results.put("mysql-check-cascade-constraints", "failed");
        results.put("unsupported-data-types-in-source", "warning");
        for (int i = 0; i < 230; i++) {
            results.put("table-check-" + i, "passed");
        }
        fake.assessmentResults(results);
        AssessmentSpec spec = new AssessmentSpec("orders-assessments", "arn:aws:iam::123456789012:role/dms-assess", "cutover-orders-exec-1");
        assertThat(dms.assessment(task).state()).isEqualTo("none");
        dms.startAssessment(task, spec);
        dms.startAssessment(task, spec); // a retry: the run with that name exists
        JsonNode start = only("StartReplicationTaskAssessmentRun");
        assertThat(start.path("ReplicationTaskArn").asText()).isEqualTo(task.taskArn());
        assertThat(start.path("ServiceAccessRoleArn").asText()).isEqualTo("arn:aws:iam::123456789012:role/dms-assess");
        assertThat(start.path("ResultLocationBucket").asText()).isEqualTo("orders-assessments");
        assertThat(start.path("ResultLocationFolder").asText()).isEqualTo("cutover-assessments/cutover-orders");
        assertThat(start.path("AssessmentRunName").asText()).isEqualTo("cutover-orders-exec-1");
        fake.tick();
        fake.tick();
        AssessmentStatus status = dms.assessment(task);
        assertThat(status.state()).isEqualTo("failed");
        assertThat(status.items()).hasSize(233);
        assertThat(status.items()).filteredOn(i -> i.status().equals("failed")).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo("mysql-check-cascade-constraints");
            assertThat(i.message()).contains("s3://orders-assessments/cutover-assessments/cutover-orders/");
        });
        assertThat(fake.calls("DescribeReplicationTaskIndividualAssessments").size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theDeployedPortsUseThisAdapterBuiltOnFirstUse() {
        io.cutover.core.aws.AwsClients clients = new io.cutover.core.aws.AwsClients(new io.cutover.core.config.Env(
                Map.of(io.cutover.core.config.Env.REGION, FakeDms.REGION, "AWS_ENDPOINT_URL", fake.url())),
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIDTEST", "s")));
        io.cutover.core.aws.AwsPorts ports = new io.cutover.core.aws.AwsPorts(clients);
        assertThat(fake.calls).isEmpty();
        Replication replication = ports.replication();
        assertThat(replication).isInstanceOf(DmsReplication.class).isSameAs(ports.replication());
        String src = fake.addEndpoint("s", "source", "mysql");
        assertThat(replication.ensureEndpoints(new EndpointSpec("cutover-x", src, fake.addEndpoint("t", "target", "aurora"),
                null, null, null, source("none", null), target("none", null), null, null)).sourceEndpointArn()).isEqualTo(src);
    }

    // ---- failures ----------------------------------------------------------------------------------------

    @Test
    void throttlingAndServerErrorsAreRetriedByTheSdk() {
        EndpointPair pair = dms.ensureEndpoints(spec(null));
        TaskRef task = dms.ensureTask(definition(pair));
        fake.calls.clear();
        fake.fault("DescribeReplicationTasks", 400, "ThrottlingException", "Rate exceeded", 1);
        fake.fault("DescribeReplicationTasks", 503, "InternalFailure", "try again", 1);
        assertThat(dms.status(task).status()).isEqualTo("creating");
        assertThat(fake.calls("DescribeReplicationTasks")).hasSize(3);
    }

    @Test
    void persistentServerErrorsBecomeTransientForTheStateMachine() {
        EndpointPair pair = dms.ensureEndpoints(spec(null));
        TaskRef task = dms.ensureTask(definition(pair));
        fake.fault("DescribeReplicationTasks", 500, "InternalFailure", "DMS is having a bad day", 10);
        assertThatThrownBy(() -> dms.status(task)).isInstanceOf(TransientAwsException.class)
                .hasMessageContaining("DescribeReplicationTasks").hasMessageContaining("HTTP 500");
    }

    @Test
    void accessDeniedIsReportedClearly() {
        fake.fault("CreateEndpoint", 400, "AccessDeniedFault",
                "User: arn:aws:sts::123456789012:assumed-role/cutover-fn is not authorized to perform: dms:CreateEndpoint", 1);
        assertThatThrownBy(() -> dms.ensureEndpoints(spec(null))).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("DMS CreateEndpoint cutover-orders-source was denied (AccessDeniedFault)")
                .hasMessageContaining("dms:CreateEndpoint").hasMessageContaining("IAM policy");
        fake.fault("cloudwatch:GetMetricData", 403, "AccessDenied", "not authorized to perform: cloudwatch:GetMetricData", 1);
        TaskRef task = runningTask();
        assertThatThrownBy(() -> dms.cdcSample(task)).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("cloudwatch:GetMetricData");
    }
}
