package io.cutover.local.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.json.Json;
import io.cutover.local.asl.ExecutionEvent;
import io.cutover.local.rehearsal.Invocations.Invocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a person sees: a line per phase and per state, the steps' summaries, poll reasons when they change, errors. */
class ConsoleProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static Invocation call(String handler, String state, String result, String error, String... asked) {
        ObjectNode payload = Json.object();
        for (int i = 0; i < asked.length; i += 2) {
            payload.put(asked[i], asked[i + 1]);
        }
        Instant now = Instant.now();
        return new Invocation(handler + "Function", "io.cutover.x." + handler, state, payload, now, now,
                result == null ? null : Json.parse(result), error);
    }

    private void step(ConsoleProgress p, Invocation c) {
        p.before(new Invocation(c.function(), c.handler(), c.state(), c.payload(), c.start(), null, null, null));
        p.after(c);
    }

    @Test
    void phasesStatesSummariesAndChangedReasonsArePrintedOnce() {
        try (ConsoleProgress p = new ConsoleProgress(out, false, Clock.systemUTC(), Instant.now())) {
            step(p, call("CreateTargetSchemaHandler", "2.5 Create target schema", "{\"ok\":true,\"summary\":\"7 table(s): 7 match\"}", null));
            step(p, call("PollConnectionTestsHandler", "3.1 Poll connection tests",
                    "{\"decision\":{\"outcome\":\"CONTINUE\",\"reason\":\"testing connections\"}}", null));
            step(p, call("PollConnectionTestsHandler", "3.1 Poll connection tests",
                    "{\"decision\":{\"outcome\":\"CONTINUE\",\"reason\":\"testing connections\"}}", null));
            step(p, call("PollConnectionTestsHandler", "3.1 Poll connection tests",
                    "{\"decision\":{\"outcome\":\"DONE\",\"reason\":\"both endpoints connect\"}}", null));
            step(p, call("PollFullLoadHandler", "4.1 Poll the full load", "{\"decision\":{\"outcome\":\"CONTINUE\",\"reason\":\"42%\"}}", null));
            step(p, call("ValidateBatchHandler", "5.3a Validate a batch", null, "io.cutover.core.error.TransientDatabaseException: target: lost",
                    "pass", "post-freeze"));
            ObjectNode raw = Json.object().put("type", "StateRetried");
            p.accept(new ExecutionEvent("StateRetried", "5.3a Validate a batch", "Task", null, null, null, null, 0, raw));
            p.line("done");
        }
        String text = bytes.toString(StandardCharsets.UTF_8).replaceAll("\\[\\d\\d:\\d\\d] ", "");
        assertThat(text).isEqualTo("""
                ▶ Prepare the target
                  · 2.5 Create target schema
                    7 table(s): 7 match
                ▶ Replication set-up
                  · 3.1 Poll connection tests
                    continue: testing connections
                    done: both endpoints connect
                ▶ Full load
                  · 4.1 Poll the full load
                ▶ Post-freeze validation
                  · 5.3a Validate a batch
                    ✗ ValidateBatchHandler: io.cutover.core.error.TransientDatabaseException: target: lost
                    ↻ retrying 5.3a Validate a batch
                done
                """);
    }

    @Test
    void aCaughtErrorIsNamedFromTheFailureBeforeItAndTheRollbackWindowsEndIsSaidAsPlanned() {
        try (ConsoleProgress p = new ConsoleProgress(out, false, Clock.systemUTC(), Instant.now())) {
            p.accept(new ExecutionEvent("StateFailed", "8 Rollback window", "Parallel", null, null,
                    "Cutover.RollbackWindowOver", "over", 0, Json.object()));
            p.accept(new ExecutionEvent("StateCaught", "8 Rollback window", "Parallel", null, null, null, null, 0, Json.object()));
            p.accept(new ExecutionEvent("StateFailed", "3.4 Create DMS task", "Task", null, null,
                    "io.cutover.core.error.ConfigurationException", "bad", 0, Json.object()));
            p.accept(new ExecutionEvent("StateCaught", "3.4 Create DMS task", "Task", null, null, null, null, 0, Json.object()));
            p.accept(new ExecutionEvent("StateCaught", "3.4 Create DMS task", "Task", null, null, null, null, 0, Json.object()));
        }
        String text = bytes.toString(StandardCharsets.UTF_8).replaceAll("\\[\\d\\d:\\d\\d] ", "");
        assertThat(text).isEqualTo("""
                    ⤷ 8 Rollback window: the window is over (Cutover.RollbackWindowOver, caught as planned)
                    ⤷ 3.4 Create DMS task caught io.cutover.core.error.ConfigurationException
                    ⤷ 3.4 Create DMS task caught an error
                """);
    }

    @Test
    void theProgressBarIsFilledInProportion() {
        assertThat(ConsoleProgress.bar(0)).isEqualTo("[" + "░".repeat(30) + "]");
        assertThat(ConsoleProgress.bar(50)).isEqualTo("[" + "█".repeat(15) + "░".repeat(15) + "]");
        assertThat(ConsoleProgress.bar(100)).isEqualTo("[" + "█".repeat(30) + "]");
        assertThat(ConsoleProgress.bar(150)).isEqualTo("[" + "█".repeat(30) + "]");
    }

    /** Issue 16: a lost DMS connection, its retries and its recovery show on the console as they happen. */
    @Test
    void dmsLossesRetriesAndRecoveriesArePrintedAsTheyHappen() {
        try (ConsoleProgress p = new ConsoleProgress(out, false, Clock.systemUTC(), Instant.now())) {
            p.dmsNotice("cutover-rehearsal: connection lost while writing `shop`.`orders` to the target: [08S01] Communications link failure");
            p.dmsNotice("cutover-rehearsal: retry 1 of 5 of writing `shop`.`orders` to the target in 5.0 s");
            p.dmsNotice("cutover-rehearsal: recovered: writing `shop`.`orders` to the target works again after 1 retry");
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("⚠ DMS cutover-rehearsal: connection lost while writing `shop`.`orders`")
                .contains("↻ DMS cutover-rehearsal: retry 1 of 5").contains("✓ DMS cutover-rehearsal: recovered");
    }
}
