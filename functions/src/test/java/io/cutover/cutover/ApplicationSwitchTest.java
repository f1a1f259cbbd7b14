package io.cutover.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.error.SafetyCheckFailedException;
import io.cutover.core.json.Json;
import io.cutover.core.ports.ApplicationEndpoints.DnsRecord;
import io.cutover.core.ports.ApplicationEndpoints.HookResult;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryApplicationEndpoints;
import io.cutover.core.ports.memory.MemoryArtifacts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Each switch action, its idempotence on a re-run, and its reversal by the rollback path. */
class ApplicationSwitchTest {
    private static final String SOURCE_HOST = "mysql-prod.internal";
    private static final String AURORA = "orders.cluster-abc.eu-west-1.rds.amazonaws.com";

    private final MemoryApplicationEndpoints endpoints = new MemoryApplicationEndpoints()
            .putParameterValue("/orders/db/host", SOURCE_HOST)
            .putSecret("orders/app-db", "{\"username\":\"app\",\"password\":\"pw-not-logged\",\"host\":\"" + SOURCE_HOST + "\",\"port\":3306}")
            .putRecord("Z0123", new DnsRecord("db.orders.example.com.", "CNAME", 60, List.of(SOURCE_HOST)));
    private final MemoryArtifacts artifacts = new MemoryArtifacts();
    private final List<JsonNode> invocations = new CopyOnWriteArrayList<>();
    private final InMemoryPorts ports = InMemoryPorts.builder().artifacts(artifacts).applicationEndpoints(endpoints).build();
    private final ApplicationSwitch appSwitch = new ApplicationSwitch(ports);

    ApplicationSwitchTest() {
        endpoints.hook("orders-switch", payload -> {
            invocations.add(Json.parse(payload));
            return new HookResult(200, null, "{\"ok\":true}");
        });
    }

    private static MigrationConfig config(String switchJson) {
        ObjectNode input = (ObjectNode) Json.parse(("{\"migrationId\":\"orders\",\"source\":{\"secretId\":\"s\"},"
                + "\"target\":{\"secretId\":\"t\"},\"schemas\":[\"orders\"]}").getBytes(StandardCharsets.UTF_8));
        if (switchJson != null) {
            input.set("switch", Json.parse(switchJson.getBytes(StandardCharsets.UTF_8)));
        }
        return Json.convert(input, MigrationConfig.class);
    }

    @Test
    void parameterIsOverwrittenRecordedBeforeAndRestoredOnReversal() {
        MigrationConfig c = config("{\"parameter\":{\"name\":\"/orders/db/host\",\"value\":\"" + AURORA + "\"}}");
        ApplicationSwitch.Switched s = appSwitch.perform(c, "exec-1", null);

        assertThat(endpoints.parameter("/orders/db/host")).contains(AURORA);
        assertThat(s.actions()).containsExactly("parameter");
        assertThat(s.acknowledge()).isTrue(); // the default once switch is given
        assertThat(s.describe()).contains(SOURCE_HOST + " -> " + AURORA);
        SwitchRecord r = artifacts.getJson(ApplicationSwitch.recordKey("orders", "exec-1"), SwitchRecord.class).orElseThrow();
        assertThat(r.step("parameter").orElseThrow().previous()).isEqualTo(SOURCE_HOST);
        assertThat(r.step("parameter").orElseThrow().state()).isEqualTo(SwitchRecord.State.SWITCHED);

        ApplicationSwitch.Reversed back = appSwitch.reverse(c, "exec-1");
        assertThat(endpoints.parameter("/orders/db/host")).contains(SOURCE_HOST);
        assertThat(back.describe()).contains("back to " + SOURCE_HOST);
        assertThat(appSwitch.reverse(c, "exec-1").restored()).isEmpty(); // a second reversal does nothing
        assertThat(endpoints.changes()).containsExactly("parameter /orders/db/host = " + AURORA,
                "parameter /orders/db/host = " + SOURCE_HOST);
    }

    @Test
    void aRerunChangesNothingNewAndKeepsTheOriginalPreviousValue() {
        MigrationConfig c = config("{\"parameter\":{\"name\":\"/orders/db/host\",\"value\":\"" + AURORA + "\"}}");
        appSwitch.perform(c, "exec-1", null);
        ApplicationSwitch.Switched again = appSwitch.perform(c, "exec-1", null);

        assertThat(again.changed()).isEmpty();
        assertThat(again.describe()).contains("already done");
        assertThat(endpoints.changes()).hasSize(1);
        appSwitch.reverse(c, "exec-1");
        assertThat(endpoints.parameter("/orders/db/host")).contains(SOURCE_HOST); // not AURORA, which the re-run read
    }

    @Test
    void aMissingParameterIsRefusedBeforeAnythingChanges() {
        MigrationConfig c = config("{\"parameter\":{\"name\":\"/orders/db/typo\",\"value\":\"" + AURORA + "\"}}");
        assertThatThrownBy(() -> appSwitch.perform(c, "exec-1", null))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("parameter /orders/db/typo does not exist");
        assertThat(endpoints.changes()).isEmpty();
        assertThat(appSwitch.reverse(c, "exec-1").describe()).contains("nothing to reverse");
    }

    @Test
    void secretFieldIsChangedAloneAndRestored() {
        MigrationConfig c = config("{\"secret\":{\"secretId\":\"orders/app-db\",\"value\":\"" + AURORA + "\"}}");
        appSwitch.perform(c, "exec-1", null);

        JsonNode after = Json.parse(endpoints.secret("orders/app-db").getBytes(StandardCharsets.UTF_8));
        assertThat(after.get("host").asText()).isEqualTo(AURORA);
        assertThat(after.get("password").asText()).isEqualTo("pw-not-logged");
        assertThat(after.get("port").asInt()).isEqualTo(3306);
        String record = new String(artifacts.get(ApplicationSwitch.recordKey("orders", "exec-1")).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(record).contains(SOURCE_HOST).doesNotContain("pw-not-logged");

        appSwitch.reverse(c, "exec-1");
        assertThat(endpoints.secretField("orders/app-db", "host")).contains(SOURCE_HOST);
    }

    @Test
    void route53RecordIsUpsertedAndItsValuesAndTtlRestored() {
        MigrationConfig c = config("{\"route53\":{\"hostedZoneId\":\"Z0123\",\"recordName\":\"db.orders.example.com\","
                + "\"value\":\"" + AURORA + "\",\"ttl\":30}}");
        appSwitch.perform(c, "exec-1", null);
        DnsRecord now = endpoints.dnsRecord("Z0123", "db.orders.example.com", "CNAME").orElseThrow();
        assertThat(now.values()).containsExactly(AURORA);
        assertThat(now.ttl()).isEqualTo(30);

        appSwitch.reverse(c, "exec-1");
        DnsRecord back = endpoints.dnsRecord("Z0123", "db.orders.example.com", "CNAME").orElseThrow();
        assertThat(back.values()).containsExactly(SOURCE_HOST);
        assertThat(back.ttl()).isEqualTo(60);
    }

    @Test
    void aRecordTheSwitchCreatedIsDeletedOnReversal() {
        MigrationConfig c = config("{\"route53\":{\"hostedZoneId\":\"Z0123\",\"recordName\":\"new.orders.example.com\","
                + "\"value\":\"" + AURORA + "\"}}");
        appSwitch.perform(c, "exec-1", null);
        assertThat(endpoints.dnsRecord("Z0123", "new.orders.example.com", "CNAME")).isPresent();

        assertThat(appSwitch.reverse(c, "exec-1").describe()).contains("deleted");
        assertThat(endpoints.dnsRecord("Z0123", "new.orders.example.com", "CNAME")).isEmpty();
    }

    @Test
    void aCreatedRecordSomeoneChangedSinceIsNotDeleted() {
        MigrationConfig c = config("{\"route53\":{\"hostedZoneId\":\"Z0123\",\"recordName\":\"new.orders.example.com\","
                + "\"value\":\"" + AURORA + "\"}}");
        appSwitch.perform(c, "exec-1", null);
        endpoints.putRecord("Z0123", new DnsRecord("new.orders.example.com.", "CNAME", 60, List.of("elsewhere.example")));

        assertThatThrownBy(() -> appSwitch.reverse(c, "exec-1")).isInstanceOf(SafetyCheckFailedException.class)
                .hasMessageContaining("not deleted");
        assertThat(endpoints.dnsRecord("Z0123", "new.orders.example.com", "CNAME")).isPresent();
    }

    @Test
    void hookIsInvokedOnceWithTheEvidenceAndAgainWithReverse() {
        MigrationConfig c = config("{\"parameter\":{\"name\":\"/orders/db/host\",\"value\":\"" + AURORA + "\"},"
                + "\"lambda\":{\"functionName\":\"orders-switch\"}}");
        JsonNode evidence = Json.parse("{\"snapshot\":{\"snapshotId\":\"snap-1\"}}".getBytes(StandardCharsets.UTF_8));
        appSwitch.perform(c, "exec-1", evidence);
        appSwitch.perform(c, "exec-1", evidence); // a Retry: not invoked again

        assertThat(invocations).hasSize(1);
        JsonNode first = invocations.get(0);
        assertThat(first.get("action").asText()).isEqualTo("SWITCH");
        assertThat(first.get("targetEndpoint").asText()).isEqualTo(AURORA);
        assertThat(first.get("idempotencyKey").asText()).isEqualTo("orders/exec-1/SWITCH");
        assertThat(first.at("/evidence/snapshot/snapshotId").asText()).isEqualTo("snap-1");

        appSwitch.reverse(c, "exec-1");
        assertThat(invocations).hasSize(2);
        assertThat(invocations.get(1).get("action").asText()).isEqualTo("REVERSE");
        // reversed newest first: the hook before the parameter
        assertThat(endpoints.changes()).containsExactly("parameter /orders/db/host = " + AURORA, "invoke orders-switch",
                "invoke orders-switch", "parameter /orders/db/host = " + SOURCE_HOST);
    }

    @Test
    void aHookAloneIsToldTheEndpointItsInputGives() {
        MigrationConfig c = config("{\"lambda\":{\"functionName\":\"orders-switch\",\"value\":\"" + AURORA + "\"}}");
        appSwitch.perform(c, "exec-1", null);
        assertThat(invocations).singleElement().satisfies(p -> assertThat(p.get("targetEndpoint").asText()).isEqualTo(AURORA));
    }

    @Test
    void aHookErrorFailsTheSwitchAndTheReversalStillCallsIt() {
        List<String> seen = new ArrayList<>();
        endpoints.hook("failing", payload -> {
            seen.add(Json.parse(payload).get("action").asText());
            return seen.size() == 1 ? new HookResult(200, "Unhandled", "{\"errorMessage\":\"boom\"}") : new HookResult(200, null, "{}");
        });
        MigrationConfig c = config("{\"lambda\":{\"functionName\":\"failing\"}}");
        assertThatThrownBy(() -> appSwitch.perform(c, "exec-1", null))
                .isInstanceOf(SafetyCheckFailedException.class).hasMessageContaining("Unhandled");
        // PENDING: the function may have done part of it; the rollback path asks it to reverse
        appSwitch.reverse(c, "exec-1");
        assertThat(seen).containsExactly("SWITCH", "REVERSE");
    }

    @Test
    void noSwitchConfiguredDoesNothingAndWaitsForNobody() {
        ApplicationSwitch.Switched s = appSwitch.perform(config(null), "exec-1", null);
        assertThat(s.actions()).isEmpty();
        assertThat(s.acknowledge()).isFalse();
        assertThat(artifacts.get(s.recordKey())).isEmpty();
        ApplicationSwitch.Switched ackOnly = appSwitch.perform(config("{}"), "exec-1", null);
        assertThat(ackOnly.acknowledge()).isTrue();
        assertThat(ackOnly.describe()).contains("confirm");
    }

    @Test
    void aSwitchReversedInThisExecutionIsNotMadeAgain() {
        MigrationConfig c = config("{\"parameter\":{\"name\":\"/orders/db/host\",\"value\":\"" + AURORA + "\"}}");
        appSwitch.perform(c, "exec-1", null);
        appSwitch.reverse(c, "exec-1");
        assertThatThrownBy(() -> appSwitch.perform(c, "exec-1", null))
                .isInstanceOf(SafetyCheckFailedException.class).hasMessageContaining("reversed already");
        assertThat(endpoints.parameter("/orders/db/host")).contains(SOURCE_HOST);
    }
}
