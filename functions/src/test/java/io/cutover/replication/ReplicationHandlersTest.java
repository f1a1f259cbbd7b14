package io.cutover.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.input.ValidateInputHandler;
import io.cutover.core.error.InputValidationException;
import io.cutover.core.error.ReplicationStateException;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Replication;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.core.ports.memory.RecordingMetrics;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The replication handlers as the state machine calls them (JSON payload in, JSON result out), in the runbook's
 * order, against the DMS adapter on the fake: each result feeds the next payload the way the ASL will pass it.
 */
class ReplicationHandlersTest {
    private static final String INPUT = """
            {"migrationId": "orders-eu", "source": {"secretId": "cutover/source", "serverTimezone": "UTC"},
             "target": {"secretId": "cutover/target", "clusterIdentifier": "orders-aurora"}, "schemas": ["shop"],
             "dms": {"replicationInstanceArn": "%s",
                     "secretsAccessRoleArn": "arn:aws:iam::123456789012:role/cutover-dms-secrets",
                     "sourceSslMode": "verify-full", "sourceCertificateArn": "arn:aws:dms:eu-west-1:123456789012:cert:ORDERS-SOURCE-CA",
                     "targetSslMode": "verify-full", "targetCertificateArn": "arn:aws:dms:eu-west-1:123456789012:cert:RDSGLOBAL",
                     "taskSettings": %s,
                     "assessment": {"resultsBucket": "orders-assessments", "serviceRoleArn": "arn:aws:iam::123456789012:role/dms-assess"}},
             "cutover": {"maxLagSeconds": 5, "lagHoldSeconds": 0}}""";

    private final FakeDms fake = new FakeDms();
    private final MemoryArtifacts artifacts = new MemoryArtifacts();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final InMemoryPorts ports = InMemoryPorts.builder().replication(fake.replication(Clock.systemUTC()))
            .artifacts(artifacts).metrics(metrics).build();

    {
        // what "2.5 Create target schema" leaves for 3.2: one generated column
        artifacts.putJson(io.cutover.core.catalog.GeneratedColumns.key("orders-eu"), new io.cutover.core.catalog.GeneratedColumns(
                List.of(new io.cutover.core.catalog.GeneratedColumns.Column("orders", "lines", "total", "STORED"))));
    }

    @AfterEach
    void close() {
        fake.close();
    }

    private static JsonNode config(String taskSettings) throws Exception {
        ObjectNode payload = Json.object();
        payload.set("input", Json.parse(INPUT.formatted(FakeDms.INSTANCE_ARN, taskSettings)));
        payload.put("purpose", "MIGRATION");
        return invoke(new ValidateInputHandler(InMemoryPorts.builder().build()), payload);
    }

    private static JsonNode invoke(TaskHandler<?, ?> handler, JsonNode payload) throws Exception {
        return io.cutover.core.handler.LambdaInvocation.invoke(handler, handler.getClass().getSimpleName(), payload);
    }

    private static ObjectNode payload(JsonNode config, String state, Consumer<ObjectNode> fields) {
        ObjectNode p = Json.object();
        p.set("config", config);
        p.put("stateName", state);
        p.put("executionName", "exec-42");
        fields.accept(p);
        return p;
    }

    /** Runs a poll handler until its decision is no longer CONTINUE, ticking the fake between polls. */
    private JsonNode pollUntilDecided(TaskHandler<?, ?> handler, JsonNode config, Consumer<ObjectNode> fields, String carry) throws Exception {
        JsonNode result = null;
        int attempt = 0;
        JsonNode carried = null;
        for (int i = 0; i < 50; i++) {
            final int a = attempt;
            final JsonNode c = carried;
            result = invoke(handler, payload(config, "poll", p -> {
                fields.accept(p);
                p.put("attempt", a);
                if (carry != null && c != null) {
                    p.set(carry, c);
                }
            }));
            if (!"CONTINUE".equals(result.path("decision").path("outcome").asText())) {
                return result;
            }
            assertThat(result.path("decision").path("waitSeconds").asInt()).isPositive();
            attempt = result.path("decision").path("attempt").asInt();
            carried = carry == null ? null : result.path(carry);
            fake.tick();
        }
        throw new AssertionError("still CONTINUE: " + result);
    }

    @Test
    void theReplicationPhaseRunsEndToEndThroughTheHandlers() throws Exception {
        fake.addSourceTable("shop", "customers", 300);
        fake.addSourceTable("shop", "orders", 500);
        fake.assessmentResults(Map.of("mysql-check-binlog-format", "passed", "unsupported-data-types-in-source", "warning"));
        JsonNode config = config("{\"FullLoadSettings\": {\"MaxFullLoadSubTasks\": 4}}");

        JsonNode endpoints = invoke(new EnsureEndpointsHandler(ports), payload(config, "3.1 DMS endpoints",
                p -> p.put("targetInitStatements", "SET FOREIGN_KEY_CHECKS=0")));
        assertThat(endpoints.path("sourceEndpointArn").asText()).contains(":endpoint:");
        assertThat(fake.calls("CreateEndpoint").get(0).body().path("MySQLSettings").path("SecretsManagerSecretId").asText()).isEqualTo("cutover/source");
        assertThat(invoke(new EnsureEndpointsHandler(ports), payload(config, "retry", p -> p.put("targetInitStatements", "SET FOREIGN_KEY_CHECKS=0"))))
                .isEqualTo(endpoints);

        JsonNode started = invoke(new StartConnectionTestsHandler(ports), payload(config, "3.1 Test connections", p -> p.set("endpoints", endpoints)));
        assertThat(started.path("started").asBoolean()).isTrue();
        JsonNode tested = pollUntilDecided(new PollConnectionTestsHandler(ports), config, p -> p.set("endpoints", endpoints), null);
        assertThat(tested.path("decision").path("outcome").asText()).isEqualTo("DONE");
        assertThat(tested.path("connections")).hasSize(2);

        JsonNode settings = invoke(new BuildTaskSettingsHandler(ports), payload(config, "3.2 Task settings", p -> p.set("requiredTaskSettings",
                Json.parse("[{\"settings\": {\"TargetMetadata\": {\"BatchApplyEnabled\": false}}, \"reason\": \"cascading foreign keys stay on the target\"}]"))));
        assertThat(settings.path("targetTablePrepMode").asText()).isEqualTo("DO_NOTHING");
        assertThat(settings.path("lobMode").asText()).isEqualTo("full");
        assertThat(settings.path("batchApply").asBoolean()).isFalse();
        assertThat(settings.path("changed").toString()).contains("FullLoadSettings.MaxFullLoadSubTasks=4 (the execution input)");
        assertThat(artifacts.get(settings.path("taskSettingsKey").asText())).isPresent();
        JsonNode mappings = Json.parse(new String(artifacts.get(settings.path("tableMappingsKey").asText()).orElseThrow(),
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(mappings.path("rules").toString()).contains("\"rule-type\":\"transformation\"")
                .contains("\"column-name\":\"total\"").contains("\"rule-action\":\"remove-column\"");

        JsonNode task = invoke(new CreateTaskHandler(ports), payload(config, "3.4 Create task", p -> {
            p.set("endpoints", endpoints);
            p.put("taskSettingsKey", settings.path("taskSettingsKey").asText());
            p.put("tableMappingsKey", settings.path("tableMappingsKey").asText());
        }));
        assertThat(task.path("taskId").asText()).isEqualTo("cutover-orders-eu");
        assertThat(task.path("created").asBoolean()).isTrue();
        assertThat(Json.parse(fake.calls("CreateReplicationTask").get(0).body().path("ReplicationTaskSettings").asText())
                .path("FullLoadSettings").path("MaxFullLoadSubTasks").asInt()).isEqualTo(4);

        JsonNode ready = pollUntilDecided(new PollTaskStatusHandler(ports), config, p -> {
            p.set("task", task);
            p.put("awaiting", "READY");
        }, null);
        assertThat(ready.path("status").asText()).isEqualTo("ready");

        JsonNode assessment = invoke(new StartAssessmentHandler(ports), payload(config, "3.5 Assessment", p -> p.set("task", task)));
        assertThat(assessment.path("runName").asText()).isEqualTo("cutover-orders-eu-exec-42");
        JsonNode assessed = pollUntilDecided(new PollAssessmentHandler(ports), config, p -> p.set("task", task), null);
        assertThat(assessed.path("decision").path("outcome").asText()).isEqualTo("DONE");
        assertThat(assessed.path("warnings").get(0).path("name").asText()).isEqualTo("unsupported-data-types-in-source");
        assertThat(artifacts.get(assessed.path("resultsKey").asText())).isPresent();

        JsonNode start = invoke(new StartReplicationHandler(ports), payload(config, "4 Start", p -> p.set("task", task)));
        assertThat(start.path("action").asText()).isEqualTo("START_REPLICATION");
        assertThat(invoke(new StartReplicationHandler(ports), payload(config, "retry", p -> p.set("task", task))).path("action").asText())
                .isEqualTo("NONE");

        JsonNode loaded = pollUntilDecided(new PollFullLoadHandler(ports), config, p -> p.set("task", task), "tracker");
        assertThat(loaded.path("decision").path("outcome").asText()).isEqualTo("DONE");
        assertThat(loaded.path("percent").asInt()).isEqualTo(100);
        assertThat(loaded.path("tablesLoaded").asInt()).isEqualTo(2);
        assertThat(artifacts.get(loaded.path("tablesKey").asText())).isPresent();

        fake.latency(task.path("taskArn").asText(), 0.0, 1.0);
        fake.changeSource(List.of("shop.orders"), 2, 1, 0);
        fake.tick();
        JsonNode caughtUp = pollUntilDecided(new PollCdcCaughtUpHandler(ports), config, p -> p.set("task", task), "window");
        assertThat(caughtUp.path("decision").path("outcome").asText()).isEqualTo("DONE");
        assertThat(caughtUp.path("sample").path("inserts").asLong()).isEqualTo(2);
        assertThat(caughtUp.path("window").path("recent")).hasSize(1);
        // the lag the poll judged (the larger of source 0 s and target 1 s), for the dashboard's "Cutover lag"
        assertThat(metrics.published()).singleElement().satisfies(m -> {
            assertThat(m.dimensions()).isEqualTo(Map.of("MigrationId", "orders-eu"));
            assertThat(m.values()).isEqualTo(Map.of("CdcLagSeconds", 1.0));
        });

        // 5.4 (RecordRollbackPositionHandler, cutover package) reads the DMS side of the rollback position this way
        ReplicationPosition position = ReplicationPosition.read(ports.replication(),
                Json.convert(task, Replication.TaskRef.class));
        assertThat(position.taskStatus()).isEqualTo("running");
        assertThat(position.recoveryCheckpoint()).startsWith("checkpoint:V1#");
        assertThat(position.checkpoint().sourceBinlogFile()).isEqualTo("mysql-bin-changelog.000042");
        assertThat(position.cdc().inserts()).isEqualTo(2);
        assertThat(position.describe()).contains("running").contains("2 inserts, 1 updates");

        fake.stopCompletesAfterDescribes(3); // the stop takes a moment: "stopping" the first two times the task is described
        JsonNode stop = invoke(new StopTaskHandler(ports), payload(config, "5.5 Stop task", p -> p.set("task", task)));
        assertThat(stop.path("statusBefore").asText()).isEqualTo("running");
        assertThat(stop.path("stopRequested").asBoolean()).isTrue();
        int describedBefore = fake.calls("DescribeReplicationTasks").size();
        ObjectNode firstPoll = payload(config, "5.5 Poll until the task is stopped", p -> {
            p.set("task", task);
            p.put("awaiting", "STOPPED");
            p.put("attempt", 0);
        });
        JsonNode stopped = invoke(new PollTaskStatusHandler(ports), firstPoll);
        // one poll looked again within the call (the stop is inside the application downtime), no wait of the state machine
        assertThat(stopped.path("decision").path("outcome").asText()).isEqualTo("DONE");
        assertThat(stopped.path("decision").path("attempt").asInt()).isEqualTo(1);
        assertThat(fake.calls("DescribeReplicationTasks").size() - describedBefore).isEqualTo(3);
        assertThat(invoke(new StopTaskHandler(ports), payload(config, "retry", p -> p.set("task", task))).path("stopRequested").asBoolean()).isFalse();

        // a later start of the same task resumes: start-replication would load everything again
        assertThat(invoke(new StartReplicationHandler(ports), payload(config, "resume", p -> p.set("task", task))).path("action").asText())
                .isEqualTo("RESUME_PROCESSING");
    }

    @Test
    void refusedTaskSettingsChangeNothing() throws Exception {
        String bad = "{\"FullLoadSettings\": {\"TargetTablePrepMode\": \"DROP_AND_CREATE\"}, \"Bogus\": {}}";
        // "Validate input" refuses them before anything is created (issue 16) ...
        assertThatThrownBy(() -> config(bad)).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("DROP_AND_CREATE is refused").hasMessageContaining("$.dms.taskSettings.Bogus");
        // ... and 3.2 still does, should a config reach it another way (a redrive with an edited state)
        ObjectNode config = (ObjectNode) config("{}");
        ((ObjectNode) config.path("dms")).set("taskSettings", Json.parse(bad));
        assertThatThrownBy(() -> invoke(new BuildTaskSettingsHandler(ports), payload(config, "3.2 Task settings", p -> { })))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("DROP_AND_CREATE is refused").hasMessageContaining("$.config.dms.taskSettings.Bogus");
        assertThat(artifacts.get("migrations/orders-eu/replication/task-settings.json")).isEmpty();
    }

    @Test
    void aDisabledAssessmentIsSkippedAndAMissingInstanceIsNamed() throws Exception {
        ObjectNode config = (ObjectNode) config("{}");
        ((ObjectNode) config.path("dms").path("assessment")).put("enabled", false);
        JsonNode task = Json.parse("{\"taskArn\": \"arn:aws:dms:eu-west-1:123456789012:task:NOPE\", \"taskId\": \"cutover-orders-eu\"}");
        JsonNode skipped = invoke(new StartAssessmentHandler(ports), payload(config, "3.5", p -> p.set("task", task)));
        assertThat(skipped.path("skipped").asBoolean()).isTrue();
        assertThat(fake.calls("StartReplicationTaskAssessmentRun")).isEmpty();

        ((ObjectNode) config.path("dms")).remove("replicationInstanceArn");
        assertThatThrownBy(() -> invoke(new StartConnectionTestsHandler(ports), payload(config, "3.1", p -> p.set("endpoints",
                Json.parse("{\"sourceEndpointArn\": \"a\", \"targetEndpointArn\": \"b\"}")))))
                .isInstanceOf(InputValidationException.class).hasMessageContaining("$.config.dms.replicationInstanceArn");
    }

    @Test
    void withCascadingForeignKeysTheTaskStopsAfterTheLoadTheTargetIsSwitchedAndCdcResumes() throws Exception {
        fake.addSourceTable("shop", "orders", 300);
        JsonNode config = config("{}");
        JsonNode endpoints = invoke(new EnsureEndpointsHandler(ports), payload(config, "3.1 DMS endpoints",
                p -> p.put("targetInitStatements", "SET FOREIGN_KEY_CHECKS=0")));
        // what "2.6 Prepare foreign keys" asks for when it keeps cascading constraints on the target
        JsonNode settings = invoke(new BuildTaskSettingsHandler(ports), payload(config, "3.2 Task settings", p -> p.set("requiredTaskSettings",
                Json.parse("[{\"settings\": {\"FullLoadSettings\": {\"StopTaskCachedChangesApplied\": true}, "
                        + "\"TargetMetadata\": {\"BatchApplyEnabled\": false}}, \"reason\": \"cascading foreign keys\"}]"))));
        assertThat(settings.path("stopsAfterFullLoad").asBoolean()).isTrue();
        JsonNode task = invoke(new CreateTaskHandler(ports), payload(config, "3.4 Create task", p -> {
            p.set("endpoints", endpoints);
            p.put("taskSettingsKey", settings.path("taskSettingsKey").asText());
            p.put("tableMappingsKey", settings.path("tableMappingsKey").asText());
        }));
        fake.tick();
        invoke(new StartReplicationHandler(ports), payload(config, "4 Start", p -> p.set("task", task)));
        fake.tick();

        ObjectNode switchPayload = payload(config, "4.4 Switch the target endpoint", p -> {
            p.set("endpoints", endpoints);
            p.put("initStatements", "");
            p.set("task", task);
        });
        assertThatThrownBy(() -> invoke(new SetTargetInitStatementsHandler(ports), switchPayload))
                .as("refused while the task runs: its sessions keep the old statements")
                .isInstanceOf(ReplicationStateException.class).hasMessageContaining("running");
        assertThat(fake.calls("ModifyEndpoint")).isEmpty();

        JsonNode loaded = pollUntilDecided(new PollFullLoadHandler(ports), config, p -> {
            p.set("task", task);
            p.put("stopsAfterFullLoad", true);
        }, "tracker");
        assertThat(loaded.path("decision").path("outcome").asText()).isEqualTo("DONE");
        assertThat(loaded.path("status").asText()).isEqualTo("stopped");
        assertThat(loaded.path("decision").path("reason").asText()).contains("STOPPED_AFTER_CACHED_EVENTS");

        JsonNode switched = invoke(new SetTargetInitStatementsHandler(ports), switchPayload);
        assertThat(switched.path("targetEndpointArn").asText()).isEqualTo(endpoints.path("targetEndpointArn").asText());
        assertThat(switched.path("summary").asText()).contains("foreign key checks on");
        assertThat(fake.calls("ModifyEndpoint")).singleElement().satisfies(c ->
                assertThat(c.body().at("/MySQLSettings/AfterConnectScript").asText()).isEqualTo("SET FOREIGN_KEY_CHECKS=1"));
        invoke(new SetTargetInitStatementsHandler(ports), switchPayload); // a redrive
        assertThat(fake.calls("ModifyEndpoint")).hasSize(1);

        JsonNode resumed = invoke(new StartReplicationHandler(ports), payload(config, "4.5 Resume for CDC", p -> p.set("task", task)));
        assertThat(resumed.path("action").asText()).isEqualTo("RESUME_PROCESSING");
        assertThat(resumed.path("statusBefore").asText()).isEqualTo("stopped");
    }
}
