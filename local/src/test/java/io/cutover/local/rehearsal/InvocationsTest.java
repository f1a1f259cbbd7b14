package io.cutover.local.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.error.TransientDatabaseException;
import io.cutover.core.json.Json;
import io.cutover.local.asl.FunctionInvoker;
import io.cutover.local.rehearsal.Invocations.Invocation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvocationsTest {

    private static ObjectNode payload(String state, String... fields) {
        ObjectNode p = Json.object();
        p.putObject("config").put("migrationId", "m");
        p.put("stateName", state);
        for (int i = 0; i < fields.length; i += 2) {
            p.put(fields[i], fields[i + 1]);
        }
        return p;
    }

    @Test
    void everyCallIsRecordedWithWhatWasAskedButNotTheConfig() throws Exception {
        Invocations invocations = new Invocations(Clock.systemUTC(), Duration.ZERO);
        FunctionInvoker f = invocations.wrap("PlanValidationFunction", "io.cutover.cutover.validation.PlanValidationHandler",
                p -> Json.parse("{\"pass\":\"post-freeze\",\"batches\":[0]}"));
        JsonNode result = f.invoke(payload("5.3 Plan", "pass", "post-freeze"));

        assertThat(result.path("batches").size()).isEqualTo(1);
        Invocation call = invocations.all().get(0);
        assertThat(call.simpleHandler()).isEqualTo("PlanValidationHandler");
        assertThat(call.state()).isEqualTo("5.3 Plan");
        assertThat(call.field("pass")).isEqualTo("post-freeze");
        assertThat(call.payload().has("config")).isFalse();
        assertThat(call.end()).isAfterOrEqualTo(call.start());
        assertThat(call.error()).isNull();
    }

    @Test
    void aNotificationKeepsItsEventSoThatTheTimelineFindsReadyToSwitch() throws Exception {
        Invocations invocations = new Invocations(Clock.systemUTC(), Duration.ZERO);
        FunctionInvoker f = invocations.wrap("NotifyFunction", "io.cutover.notify.NotifyHandler", p -> Json.parse("{\"event\":\"READY_TO_SWITCH\"}"));
        f.invoke(payload("8 Notify: ready to switch", "event", "READY_TO_SWITCH", "summary", "Snapshot s is available."));
        Invocation call = invocations.all().get(0);
        assertThat(call.field("event")).isEqualTo("READY_TO_SWITCH");
        assertThat(call.payload().has("summary")).isFalse();
    }

    @Test
    void aFailureIsRecordedAndStillReachesTheStateMachine() {
        Invocations invocations = new Invocations(Clock.systemUTC(), Duration.ZERO);
        FunctionInvoker f = invocations.wrap("ValidateBatchFunction", "io.cutover.cutover.validation.ValidateBatchHandler", p -> {
            throw new TransientDatabaseException("target: connection lost", null);
        });
        assertThatThrownBy(() -> f.invoke(payload("5.3 Batch"))).isInstanceOf(TransientDatabaseException.class);
        assertThat(invocations.all()).singleElement().satisfies(c ->
                assertThat(c.error()).isEqualTo("io.cutover.core.error.TransientDatabaseException: target: connection lost"));
    }

    @Test
    void hooksRunBeforeAndAfterAndABeforeHookCanFailTheCall() throws Exception {
        List<String> seen = new ArrayList<>();
        Invocations invocations = new Invocations(Clock.systemUTC(), Duration.ZERO).hook(new Invocations.Hook() {
            @Override
            public void before(Invocation pending) {
                seen.add("before " + pending.simpleHandler() + " " + pending.field("gate") + " end=" + pending.end());
                if ("CUTOVER".equals(pending.field("gate"))) {
                    throw new IllegalStateException("injected");
                }
            }

            @Override
            public void after(Invocation call) {
                seen.add("after " + call.result());
            }
        });
        FunctionInvoker f = invocations.wrap("RequestApprovalFunction", "io.cutover.approval.RequestApprovalHandler", p -> Json.parse("{\"ok\":1}"));
        f.invoke(payload("Freeze approval", "gate", "FREEZE"));
        assertThatThrownBy(() -> f.invoke(payload("Cutover approval", "gate", "CUTOVER"))).hasMessage("injected");
        assertThat(seen).containsExactly("before RequestApprovalHandler FREEZE end=null", "after {\"ok\":1}",
                "before RequestApprovalHandler CUTOVER end=null");
        assertThat(invocations.all()).hasSize(1);
    }

    @Test
    void pollWaitsAboveTheCapAreShortenedWhileTheRecordKeepsWhatTheHandlerDecided() throws Exception {
        Invocations invocations = new Invocations(Clock.systemUTC(), Duration.ofSeconds(5));
        FunctionInvoker fullLoad = invocations.wrap("PollFullLoadFunction", "io.cutover.replication.PollFullLoadHandler",
                p -> Json.parse("{\"decision\":{\"outcome\":\"CONTINUE\",\"waitSeconds\":30,\"attempt\":1,\"reason\":\"full load 40%\"},\"percent\":40}"));
        FunctionInvoker drain = invocations.wrap("ProveDrainFunction", "io.cutover.cutover.ProveDrainHandler",
                p -> Json.parse("{\"outcome\":\"CONTINUE\",\"waitSeconds\":2,\"attempt\":1,\"reason\":\"waiting\"}"));
        FunctionInvoker window = invocations.wrap("RollbackWindowFunction", "io.cutover.cutover.RollbackWindowHandler",
                p -> Json.parse("{\"outcome\":\"CONTINUE\",\"waitSeconds\":900,\"attempt\":1,\"reason\":\"window\"}"));

        assertThat(fullLoad.invoke(payload("4.1")).at("/decision/waitSeconds").asInt()).isEqualTo(5);
        assertThat(drain.invoke(payload("5.5")).path("waitSeconds").asInt()).as("a 2 s wait is below the cap").isEqualTo(2);
        assertThat(window.invoke(payload("8")).path("waitSeconds").asInt()).isEqualTo(5);
        assertThat(invocations.all().get(0).result().at("/decision/waitSeconds").asInt()).isEqualTo(30);
        assertThat(invocations.all().get(0).outcome()).isEqualTo("CONTINUE");
        assertThat(invocations.all().get(0).reason()).isEqualTo("full load 40%");
        assertThat(invocations.all().get(2).result().path("waitSeconds").asInt()).isEqualTo(900);

        Invocations uncapped = new Invocations(Clock.systemUTC(), Duration.ZERO);
        FunctionInvoker asDecided = uncapped.wrap("PollFullLoadFunction", "io.cutover.replication.PollFullLoadHandler",
                p -> Json.parse("{\"decision\":{\"outcome\":\"CONTINUE\",\"waitSeconds\":30}}"));
        assertThat(asDecided.invoke(payload("4.1")).at("/decision/waitSeconds").asInt()).isEqualTo(30);
    }
}
