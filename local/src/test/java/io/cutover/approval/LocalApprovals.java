package io.cutover.approval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.local.approval.LocalApprovalServer;
import io.cutover.local.asl.AslRunner;
import io.cutover.local.asl.DriverCallbacks;
import io.cutover.local.asl.Handlers;
import java.net.URISyntaxException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.cutover.core.ports.Notification;
import io.cutover.local.asl.AslExecution;

/**
 * The local approval set-up the rehearsal uses: the page server with its inbox and store, ports sharing the
 * runner's DriverCallbacks (so the page's SendTask* reach the running execution), and the one-gate ASL.
 */
final class LocalApprovals implements AutoCloseable {
    final LocalApprovalServer server = LocalApprovalServer.start();
    final DriverCallbacks callbacks = new DriverCallbacks();
    final InMemoryPorts ports = server.configure(InMemoryPorts.builder().callbacks(callbacks), new MemorySecrets()).build();
    final AslRunner runner;
    private final Path asl;

    /** @param timeoutSeconds the gate's TimeoutSeconds (the execution input's freezeTimeoutSeconds must be the same) */
    LocalApprovals(int timeoutSeconds) {
        this(timeoutSeconds, "FREEZE");
    }

    /** @param gate the gate the task asks for (FREEZE, CUTOVER, ROLLBACK): its words and consequences */
    LocalApprovals(int timeoutSeconds, String gate) {
        server.serve(ports);
        asl = gateAsl(timeoutSeconds, gate);
        runner = AslRunner.builder(asl)
                .stateMachineName("ApprovalGate")
                .substitution("RequestApprovalFunctionArn", "RequestApprovalFunction")
                .function("RequestApprovalFunction", Handlers.invoker(new RequestApprovalHandler(ports), "RequestApprovalFunction"))
                .callbacks(callbacks)
                .build();
    }

    static Path gateAsl() {
        try {
            return Path.of(LocalApprovals.class.getResource("/approval/approval-gate.asl.json").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The gate with its TimeoutSeconds set. Static rather than TimeoutSecondsPath: aws-local-stepfunctions
     * resolves TimeoutSecondsPath against the task's Parameters output, AWS against the state input, so no path
     * works in both.
     */
    private static Path gateAsl(int timeoutSeconds, String gate) {
        try {
            ObjectNode machine = (ObjectNode) Json.parse(Files.readString(gateAsl()));
            ObjectNode task = (ObjectNode) machine.path("States").path("Freeze approval");
            task.put("TimeoutSeconds", timeoutSeconds);
            ((ObjectNode) task.path("Parameters").path("Payload")).put("gate", gate);
            Path copy = Files.createTempFile("approval-gate-", ".asl.json");
            Files.writeString(copy, Json.writePretty(machine));
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The execution input: the config (with the gate's timeout) and the evidence the gate shows. */
    static ObjectNode input(String migrationId, int freezeTimeoutSeconds) {
        ObjectNode input = Json.object();
        ObjectNode config = input.putObject("config");
        config.put("migrationId", migrationId);
        config.putObject("source").put("secretId", "cutover/source");
        config.putObject("target").put("secretId", "cutover/target");
        config.putArray("schemas").add("shop");
        config.putObject("approval").put("freezeTimeoutSeconds", freezeTimeoutSeconds).put("reminderBeforeExpirySeconds", 0);
        input.putObject("readiness").put("blockers", 0).put("warnings", 1).put("summary", "12 checks: 0 blockers, 1 warning");
        input.putObject("lag").put("seconds", 0.8).put("heldSeconds", 60);
        var rowCounts = input.putArray("rowCounts");
        rowCounts.addObject().put("table", "shop.orders").put("source", 1200).put("target", 1200);
        rowCounts.addObject().put("table", "shop.<script>alert('x')</script>").put("source", 7).put("target", 7);
        return input;
    }

    /** The next approval request in the inbox; fails at once (with the result) if the execution ends instead. */
    Notification awaitRequest(AslExecution execution, int after, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return server.inbox().awaitApprovalRequest(after, Duration.ofMillis(200));
            } catch (IllegalStateException noneYet) {
                if (execution.isDone()) {
                    throw new AssertionError("the execution ended without asking for approval: " + execution.await(Duration.ZERO));
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no approval request within " + timeout + "; events: " + execution.events());
                }
            }
        }
    }

    @Override
    public void close() {
        server.close();
        try {
            Files.deleteIfExists(asl);
        } catch (IOException ignored) {
            // a temp file
        }
    }
}
