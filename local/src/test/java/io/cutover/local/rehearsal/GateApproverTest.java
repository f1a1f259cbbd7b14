package io.cutover.local.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.approval.RequestApprovalHandler;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Notification;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.local.asl.AslRunner;
import io.cutover.local.asl.ExecutionResult;
import io.cutover.local.approval.HttpApprover;
import io.cutover.local.rehearsal.RehearsalOptions.Approve;
import io.cutover.local.rehearsal.RehearsalOptions.Gate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rehearsal's ports and its approver around a real gate (lambda:invoke.waitForTaskToken, the real request
 * handler, the real callback handler behind the local page): approved over HTTP, rejected at the chosen gate, and the
 * rollback gate left to run its course; in manual mode, decided by a person on the page. The notifications land in
 * the log and the inbox directory.
 */
class GateApproverTest {
    @TempDir
    Path out;

    /** The local ports with no target server: a gate needs only the approvals. */
    private RehearsalPorts ports() {
        return RehearsalPorts.open(new MemorySecrets(), () -> {
            throw new IllegalStateException("no target in this test");
        }, out, 0, Clock.systemUTC());
    }

    /** The gate state machine with the real RequestApprovalHandler on the local ports. */
    private static AslRunner gateRunner(Path asl, RehearsalPorts local) {
        return AslRunner.builder(asl).stateMachineName("Gate")
                .substitution("RequestApprovalFunctionArn", "RequestApprovalFunction")
                .function("RequestApprovalFunction", io.cutover.local.asl.Handlers.invoker(new RequestApprovalHandler(local.ports()),
                        "RequestApprovalFunction"))
                .callbacks(local.callbacks())
                .build();
    }

    private ExecutionResult runGate(String gate, int timeoutSeconds, Gate rejectAt, List<String> said) throws Exception {
        return runGate(gate, timeoutSeconds, rejectAt, said, Approve.AUTO);
    }

    private ExecutionResult runGate(String gate, int timeoutSeconds, Gate rejectAt, List<String> said, Approve mode) throws Exception {
        Path asl = gateAsl(gate, timeoutSeconds);
        try (RehearsalPorts local = ports();
             GateApprover approver = new GateApprover(local.approvals(), mode, rejectAt, said::add, Clock.systemUTC())) {
            AslRunner runner = gateRunner(asl, local);
            ExecutionResult result = runner.run(input(timeoutSeconds), Duration.ofSeconds(60));
            assertThat(approver.decisions()).singleElement().satisfies(d -> {
                assertThat(d.gate()).isEqualTo(gate);
                assertThat(d.via()).isEqualTo(mode == Approve.CLI ? "cli" : "page");
                assertThat(d.status()).isEqualTo(mode == Approve.CLI ? 0 : 200);
            });
            if (mode == Approve.CLI) {
                var decided = local.approvals().store().waiting(java.time.Instant.EPOCH);
                assertThat(decided).as("nothing waits any more").isEmpty();
            }
            return result;
        }
    }

    /** --approve cli: the gate is decided through local/cutover-approve (list, approve), recorded with channel cli. */
    @Test
    void withApproveCliEachGateIsDecidedThroughTheCommandAndRecordedAsSuch() throws Exception {
        List<String> said = new CopyOnWriteArrayList<>();
        ExecutionResult approved = runGate("FREEZE", 600, null, said, Approve.CLI);
        assertThat(approved.statesEntered()).containsExactly("Gate approval", "Approved");
        assertThat(approved.output().at("/approval/channel").asText()).isEqualTo("cli");
        assertThat(approved.output().at("/approval/decidedBy").asText()).isEqualTo(GateApprover.OPERATOR);
        assertThat(said).anyMatch(l -> l.contains("approving the freeze gate with local/cutover-approve"));

        ExecutionResult rejected = runGate("CUTOVER", 600, Gate.CUTOVER, said, Approve.CLI);
        assertThat(rejected.statesEntered()).containsExactly("Gate approval", "Rejected: stop");
        assertThat(rejected.output().at("/rejection/Error").asText()).isEqualTo("Cutover.ApprovalRejected");
        assertThat(said).anyMatch(l -> l.contains("REJECTING the cutover gate with local/cutover-approve (--reject-at)"));
    }

    @Test
    void eachGateIsApprovedOnThePageAndTheMessageIsLogged() throws Exception {
        List<String> said = new CopyOnWriteArrayList<>();
        ExecutionResult result = runGate("FREEZE", 600, null, said);
        assertThat(result.statesEntered()).containsExactly("Gate approval", "Approved");
        assertThat(result.output().at("/approval/decidedBy").asText()).isEqualTo("rehearsal (automatic)");
        assertThat(said).containsExactly("    approving the freeze gate on the approval page");
        String log = Files.readString(out.resolve("notifications.log"));
        assertThat(log).contains("WAITING_FOR_APPROVAL").contains("approve to freeze writes on the source").contains("(gate FREEZE)");
        try (var files = Files.list(out.resolve("inbox"))) {
            assertThat(files.map(p -> p.getFileName().toString())).anySatisfy(n -> assertThat(n).endsWith("-WAITING_FOR_APPROVAL.txt"));
        }
    }

    @Test
    void inAdvanceTicksTheFreezePagesBoxSoTheFreezeApprovalCarriesTheCutoverApproval() throws Exception {
        ExecutionResult freeze = runGate("FREEZE", 600, null, new CopyOnWriteArrayList<>(), Approve.IN_ADVANCE);
        assertThat(freeze.output().at("/approval/cutoverInAdvance").asBoolean()).isTrue();
        ExecutionResult cutover = runGate("CUTOVER", 600, null, new CopyOnWriteArrayList<>(), Approve.IN_ADVANCE);
        assertThat(cutover.output().path("approval").has("cutoverInAdvance")).as("only the freeze gate has the box").isFalse();
        ExecutionResult auto = runGate("FREEZE", 600, null, new CopyOnWriteArrayList<>(), Approve.AUTO);
        assertThat(auto.output().at("/approval/cutoverInAdvance").asBoolean()).isFalse();
    }

    @Test
    void theGateNamedByRejectAtIsRejectedAndTheOtherApproved() throws Exception {
        List<String> said = new CopyOnWriteArrayList<>();
        ExecutionResult rejected = runGate("CUTOVER", 600, Gate.CUTOVER, said);
        assertThat(rejected.statesEntered()).containsExactly("Gate approval", "Rejected: stop");
        assertThat(rejected.output().at("/rejection/Error").asText()).isEqualTo("Cutover.ApprovalRejected");
        assertThat(said).containsExactly("    REJECTING the cutover gate on the approval page (--reject-at)");

        ExecutionResult approved = runGate("FREEZE", 600, Gate.CUTOVER, new CopyOnWriteArrayList<>());
        assertThat(approved.statesEntered()).containsExactly("Gate approval", "Approved");
    }

    @Test
    void theRollbackGateIsLeftUnansweredSoTheWindowRunsItsCourse() throws Exception {
        List<String> said = new CopyOnWriteArrayList<>();
        try (RehearsalPorts local = ports();
             GateApprover approver = new GateApprover(local.approvals(), Approve.AUTO, Gate.CUTOVER, said::add, Clock.systemUTC())) {
            // what the request handler sends for the decision to roll back during the rollback window
            local.ports().notifier().publish(new Notification("rehearsal", "WAITING_FOR_APPROVAL", "Cutover rehearsal: approve to roll back?",
                    "Decision:   Roll back to the source (gate ROLLBACK)\n\nApprove: " + local.approvals().url() + "/approvals/a1?sig=x\n"
                            + "Reject:  " + local.approvals().url() + "/approvals/a1?sig=y\n"));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (said.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(said).containsExactly("    left the rollback gate unanswered: the rollback window runs its course");
            assertThat(approver.decisions()).isEmpty();
            assertThat(local.approvals().store().find("a1")).isEmpty();
        }
    }

    /**
     * {@code --approve manual}: the approver only says where the page is; the gate waits, nothing is decided on its own,
     * until a person opens the inbox page, follows the request's link and submits the page's form: that decision (and
     * the name typed into the form) ends the wait.
     */
    @ParameterizedTest
    @ValueSource(strings = {"approve", "reject"})
    void inManualModeTheGateWaitsForTheDecisionAPersonPostsOnThePage(String decision) throws Exception {
        List<String> said = new CopyOnWriteArrayList<>();
        Path asl = gateAsl("CUTOVER", 600);
        try (RehearsalPorts local = ports();
             GateApprover approver = new GateApprover(local.approvals(), Approve.MANUAL, null, said::add, Clock.systemUTC())) {
            AslRunner runner = gateRunner(asl, local);
            CompletableFuture<ExecutionResult> execution = CompletableFuture.supplyAsync(() -> runner.run(input(600), Duration.ofSeconds(90)));

            String inbox = local.approvals().url() + "/inbox";
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (said.isEmpty()) {
                assertThat(execution).as("the gate waits for a person").isNotDone();
                assertThat(System.nanoTime()).as("the approver never said where to decide").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(said).containsExactly("    waiting for your decision on the cutover gate: open " + inbox
                    + ", read the evidence, follow the link and press Approve or Reject");
            // The approver polls its inbox every 0.5 s: after a few rounds still nothing is decided and the gate still waits.
            Thread.sleep(1_500);
            assertThat(execution).isNotDone();
            assertThat(approver.decisions()).isEmpty();

            // What a person's browser does: the inbox page, the request's link on it, the confirmation page, its form.
            HttpApprover browser = new HttpApprover();
            HttpApprover.Page page = browser.open(inbox);
            assertThat(page.status()).isEqualTo(200);
            String link = linkAfter(page.body(), decision.equals("approve") ? "Approve:" : "Reject:");
            HttpApprover.Page confirmation = browser.open(link);
            assertThat(confirmation.status()).isEqualTo(200);
            assertThat(confirmation.body()).contains("<form").contains("name=\"action\"");
            assertThat(execution).as("opening the link (GET) decides nothing").isNotDone();
            HttpApprover.Page decided = browser.decide(link, decision, "Dana (DBA on call)", "checked the evidence");
            assertThat(decided.status()).isEqualTo(200);

            ExecutionResult result = execution.get(60, TimeUnit.SECONDS);
            if (decision.equals("approve")) {
                assertThat(result.statesEntered()).containsExactly("Gate approval", "Approved");
                assertThat(result.output().at("/approval/decidedBy").asText()).isEqualTo("Dana (DBA on call)");
            } else {
                assertThat(result.statesEntered()).containsExactly("Gate approval", "Rejected: stop");
                assertThat(result.output().at("/rejection/Error").asText()).isEqualTo("Cutover.ApprovalRejected");
                assertThat(result.output().at("/rejection/Cause").asText()).contains("Dana (DBA on call)");
            }
            assertThat(approver.decisions()).as("the approver took no decision itself").isEmpty();
            assertThat(said).hasSize(1);
        }
    }

    /** The first link on the inbox page that follows {@code label} (the page shows each message's text with its links). */
    private static String linkAfter(String html, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + "\\s*<a href=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a link after '" + label + "' on the inbox page").isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    /** The approvals' one-gate ASL, with this gate and timeout. */
    private Path gateAsl(String gate, int timeoutSeconds) throws Exception {
        ObjectNode machine = (ObjectNode) Json.parse(Files.readString(Path.of(getClass().getResource("/approval/approval-gate.asl.json").toURI())));
        ObjectNode states = (ObjectNode) machine.get("States");
        ObjectNode task = (ObjectNode) states.remove("Freeze approval");
        task.put("TimeoutSeconds", timeoutSeconds);
        ((ObjectNode) task.at("/Parameters/Payload")).put("gate", gate);
        states.set("Gate approval", task);
        machine.put("StartAt", "Gate approval");
        Path copy = out.resolve("gate-" + gate + ".asl.json");
        Files.writeString(copy, Json.writePretty(machine));
        return copy;
    }

    private static ObjectNode input(int timeoutSeconds) {
        ObjectNode input = Json.object();
        ObjectNode config = input.putObject("config");
        config.put("migrationId", "rehearsal");
        config.putObject("source").put("secretId", "local/source/cutover");
        config.putObject("target").put("secretId", "local/target/cutover");
        config.putArray("schemas").add("shop");
        config.putObject("approval").put("freezeTimeoutSeconds", Math.max(60, timeoutSeconds)).put("cutoverTimeoutSeconds", Math.max(60, timeoutSeconds))
                .put("reminderBeforeExpirySeconds", 0);
        config.putObject("cutover").put("rollbackWindowHours", timeoutSeconds / 3600.0);
        input.putObject("readiness").put("blockers", 0).put("summary", "0 blockers");
        input.putObject("lag").put("seconds", 0.5);
        input.putArray("rowCounts");
        return input;
    }
}
