package io.cutover.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.core.ports.approval.Approval;
import io.cutover.core.ports.approval.ApprovalStatus;
import io.cutover.core.ports.approval.Decision;
import io.cutover.core.ports.memory.RecordingCallbacks;
import io.cutover.local.approval.ApproveCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * local/cutover-approve against the in-memory store and recorded callbacks: the second channel decides through the
 * page's own path, records who (the caller's ARN) and how (cli), and races the link click fairly: exactly one wins.
 */
class ApproveCommandTest {
    static final String DBA = "arn:aws:sts::123456789012:assumed-role/DBA/ana";

    /** What the command printed and returned. */
    record Run(int code, String out) {}

    static Run typed(ApprovalFixture f, String stdin, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = new ApproveCommand(f.ports, ApproveCommand.Resender.local(f.ports), () -> DBA, out, new StringReader(stdin)).run(args);
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }

    static Run run(ApprovalFixture f, String... args) {
        return typed(f, "", args);
    }

    @Test
    void listsTheWaitingGatesAndNothingOnceDecided() {
        ApprovalFixture f = new ApprovalFixture();
        String id = f.request().approvalId();
        f.clock.advance(Duration.ofMinutes(3));

        Run list = run(f, "list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains(id).contains("FREEZE").contains("orders-eu").contains("PENDING").contains("3 min ago");

        assertThat(run(f, "approve", id, "--yes").code()).isZero();
        assertThat(run(f, "list").out()).contains("No gate is waiting");
    }

    @Test
    void aCommandDecisionIsDeliveredAndRecordedWithTheCallerAndTheChannel() {
        ApprovalFixture f = new ApprovalFixture();
        String id = f.request().approvalId();

        Run approve = run(f, "approve", id, "--comment", "lag 0, counts equal", "--yes");

        assertThat(approve.code()).isZero();
        assertThat(approve.out()).contains("Decided: approve (APPROVED) by " + DBA);
        List<RecordingCallbacks.Callback> calls = f.recorded().calls();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).kind()).isEqualTo("success");
        assertThat(calls.get(0).taskToken()).isEqualTo(ApprovalFixture.TOKEN);
        JsonNode output = Json.parse(calls.get(0).outputOrError());
        assertThat(output.path("decidedBy").asText()).isEqualTo(DBA);
        assertThat(output.path("channel").asText()).isEqualTo(Decision.CLI);
        assertThat(output.path("comment").asText()).isEqualTo("lag 0, counts equal");
        assertThat(output.has("sourceIp")).isFalse();
        Approval stored = f.store.find(id).orElseThrow();
        assertThat(stored.status()).isEqualTo(ApprovalStatus.DECIDED);
        assertThat(stored.decision().channel()).isEqualTo(Decision.CLI);
        assertThat(stored.decision().decidedBy()).isEqualTo(DBA);
        assertThat(stored.taskToken()).isNull();
    }

    @Test
    void aRejectionFailsTheTaskWithTheRejectedError() {
        ApprovalFixture f = new ApprovalFixture();
        String id = f.request().approvalId();

        assertThat(run(f, "reject", id, "--yes").code()).isZero();

        RecordingCallbacks.Callback call = f.recorded().calls().get(0);
        assertThat(call.kind()).isEqualTo("failure");
        assertThat(call.outputOrError()).isEqualTo(ApprovalCallback.REJECTED_ERROR);
        assertThat(Json.parse(call.cause()).path("channel").asText()).isEqualTo("cli");
    }

    @Test
    void withoutYesTheOperatorMustTypeTheActionAndAnythingElseDecidesNothing() {
        ApprovalFixture f = new ApprovalFixture();
        String id = f.request().approvalId();

        Run refused = typed(f, "yes\n", "approve", id);
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.out()).contains("You are " + DBA).contains("Type approve to confirm").contains("Nothing was decided");
        assertThat(f.recorded().calls()).isEmpty();

        assertThat(typed(f, "approve\n", "approve", id).code()).isZero();
        assertThat(f.recorded().calls()).hasSize(1);
    }

    @Test
    void aLinkClickAfterTheCommandIsRefusedAndNamesTheOperator() {
        ApprovalFixture f = new ApprovalFixture();
        String id = f.request().approvalId();
        String link = ApprovalFixture.link(f.lastMessage(), "approve");

        assertThat(run(f, "reject", id, "--yes").code()).isZero();
        HttpApiResponse page = f.post(link, ApprovalFixture.formFor(link, "approve", "Bo", null));

        assertThat(page.statusCode()).isEqualTo(409);
        assertThat(page.body()).contains("Already decided").contains(DBA);
        assertThat(f.recorded().calls()).hasSize(1);
        assertThat(f.recorded().calls().get(0).kind()).isEqualTo("failure");
    }

    @Test
    void theCommandAfterALinkClickIsRefusedAndChangesNothing() {
        ApprovalFixture f = new ApprovalFixture();
        String id = f.request().approvalId();
        String link = ApprovalFixture.link(f.lastMessage(), "approve");

        assertThat(f.post(link, ApprovalFixture.formFor(link, "approve", "Bo", null)).statusCode()).isEqualTo(200);
        Run late = run(f, "reject", id, "--yes");

        assertThat(late.code()).isEqualTo(1);
        assertThat(late.out()).contains("Already decided: APPROVED by Bo (link)").contains("nothing was changed");
        assertThat(f.recorded().calls()).hasSize(1);
        assertThat(f.recorded().calls().get(0).kind()).isEqualTo("success");
    }

    /** The command and the page's button at the same moment, many times: one decision reaches the task, never two. */
    @Test
    void aCommandAndALinkClickRacingOnOneGateExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            int commandWins = 0;
            int clickWins = 0;
            for (int round = 0; round < 40; round++) {
                ApprovalFixture f = new ApprovalFixture();
                String id = f.request().approvalId();
                String link = ApprovalFixture.link(f.lastMessage(), "reject");
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Run> command = pool.submit(() -> {
                    start.await();
                    return run(f, "approve", id, "--yes");
                });
                Future<HttpApiResponse> click = pool.submit(() -> {
                    start.await();
                    return f.post(link, ApprovalFixture.formFor(link, "reject", "Bo", null));
                });
                Run c = command.get();
                HttpApiResponse p = click.get();

                assertThat(f.recorded().calls()).as("round %d", round).hasSize(1);
                boolean commandWon = c.code() == 0;
                boolean clickWon = p.statusCode() == 200;
                assertThat(commandWon ^ clickWon).as("round %d: command %s, page %s", round, c.out(), p.statusCode()).isTrue();
                assertThat(f.recorded().calls().get(0).kind()).isEqualTo(commandWon ? "success" : "failure");
                assertThat(f.store.find(id).orElseThrow().decision().channel()).isEqualTo(commandWon ? Decision.CLI : Decision.LINK);
                if (commandWon) {
                    commandWins++;
                } else {
                    clickWins++;
                    assertThat(c.out()).contains("Already decided");
                }
            }
            assertThat(commandWins + clickWins).isEqualTo(40);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theRollbackGateIsDecidedWithWordsThatSayWhatTheyDo() {
        ApprovalFixture f = new ApprovalFixture();
        String id = f.request(ApprovalFixture.requestPayload("ROLLBACK", ApprovalFixture.TOKEN, ApprovalFixture.evidence()))
                .approvalId();

        Run approve = run(f, "approve", id, "--yes");
        assertThat(approve.code()).isEqualTo(2);
        assertThat(approve.out()).contains("the ROLLBACK gate is decided with roll-back|keep-aurora");
        assertThat(run(f, "roll-back", ApprovalFixture.TOKEN.substring(0, 5), "--yes").code()).isEqualTo(1);
        assertThat(f.recorded().calls()).isEmpty();

        assertThat(run(f, "keep-aurora", id, "--yes").code()).isZero();
        assertThat(f.recorded().calls().get(0).kind()).isEqualTo("failure");
    }

    @Test
    void theFreezeGateRefusesTheRollbackWords() {
        ApprovalFixture f = new ApprovalFixture();
        String id = f.request().approvalId();

        assertThat(run(f, "roll-back", id, "--yes").code()).isEqualTo(2);
        assertThat(f.recorded().calls()).isEmpty();
    }

    @Test
    void resendSendsTheSameLinksAgainToTheApproversOnlyWhileTheGateWaits() {
        ApprovalFixture f = new ApprovalFixture();
        String id = f.request().approvalId();
        var first = f.lastMessage();
        int notices = f.notifications.sent().size();

        Run resend = run(f, "resend", id);

        assertThat(resend.code()).isZero();
        var again = f.lastMessage();
        assertThat(f.approvers.sent()).hasSize(2);
        assertThat(again.event()).isEqualTo(ApprovalMessages.EVENT_RESENT);
        assertThat(again.body()).contains(DBA);
        assertThat(ApprovalFixture.link(again, "approve")).isEqualTo(ApprovalFixture.link(first, "approve"));
        assertThat(ApprovalFixture.link(again, "reject")).isEqualTo(ApprovalFixture.link(first, "reject"));
        assertThat(f.notifications.sent()).hasSize(notices);

        assertThat(run(f, "approve", id, "--yes").code()).isZero();
        Run late = run(f, "resend", id);
        assertThat(late.code()).isEqualTo(1);
        assertThat(late.out()).contains("already decided");
        assertThat(f.approvers.sent()).hasSize(2);
    }

    @Test
    void anExpiredGateIsNeitherDecidedNorResent() {
        ApprovalFixture f = new ApprovalFixture();
        String id = f.request().approvalId();
        f.clock.advance(Duration.ofDays(2));

        assertThat(run(f, "list").out()).contains("No gate is waiting");
        Run approve = run(f, "approve", id, "--yes");
        assertThat(approve.code()).isEqualTo(1);
        assertThat(approve.out()).contains("Expired");
        assertThat(run(f, "resend", id).out()).contains("has expired");
        assertThat(f.recorded().calls()).isEmpty();
    }

    @Test
    void showGivesTheEvidenceAndWhatEachAnswerDoesWithoutTheToken() {
        ApprovalFixture f = new ApprovalFixture();
        String id = f.request().approvalId();

        Run show = run(f, "show", id);

        assertThat(show.code()).isZero();
        assertThat(show.out()).contains("FREEZE").contains("approve: Cutover sets the source read-only")
                .contains("\"heldSeconds\"").doesNotContain(ApprovalFixture.TOKEN);
    }

    @Test
    void usageErrorsSayWhatIsWrong() {
        ApprovalFixture f = new ApprovalFixture();
        assertThat(run(f).out()).contains("say what to do");
        assertThat(run(f, "approve").out()).contains("approve takes one approval id");
        assertThat(run(f, "frobnicate", "x").code()).isEqualTo(2);
        assertThat(run(f, "list", "--comment").out()).contains("--comment needs a text");
    }
}
