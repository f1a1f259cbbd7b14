package io.cutover.local.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.local.rehearsal.Rehearsal.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end rehearsal, as {@code local/rehearse} runs it: two new servers, the sample database, a concurrent
 * write workload on the source, the real migration state machine with the real handlers, the local DMS engine,
 * approvals on the local page. Small sample, modest write rate, short waits, so that it stays within a few minutes.
 */
class RehearsalIT {
    @TempDir
    Path out;

    private Rehearsal.Result rehearse(String... extra) throws Exception {
        String[] base = {"--rows", "3k", "--write-rate", "15", "--rollback-window", "8s", "--max-poll-wait", "2s",
                "--set", "cutover.lagHoldSeconds=4", "--timeout", "8m", "--out", out.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            Rehearsal.Result r = new Rehearsal(RehearsalOptions.parse(args), RehearsalServers::start, print, false, Clock.systemUTC()).run();
            String text = console.toString(StandardCharsets.UTF_8);
            assertThat(text).as("the console").contains("▶ Full load").contains("Timeline (total").contains("Result: ");
            assertThat(text).as("the profile the target played").contains("target profile: Aurora MySQL 3 (MySQL 8.0 compatible) profile");
            return r;
        }
    }

    @Test
    void aMigrationUnderAConcurrentWorkloadLeavesBothServersIdenticalAndTheSourceFrozen() throws Exception {
        Rehearsal.Result r = rehearse();

        assertThat(r.outcome()).as("%s", r.verification().problems()).isEqualTo(Outcome.MIGRATED);
        assertThat(r.ok()).as("%s", r.verification().problems()).isTrue();
        Rehearsal.Verification v = r.verification();
        // every row of every table identical on both servers (COUNT(*) and CHECKSUM TABLE)
        assertThat(v.tables().identical()).as(v.tables().summary()).isTrue();
        assertThat(v.tables().tables()).hasSize(SampleDatabase.tables().size());
        assertThat(v.tables().rowsCompared()).isGreaterThan(r.sample().totalRows());
        // the workload's writes, cascades included, all on the target
        Workload.Stats w = r.workload();
        assertThat(w.committed()).isGreaterThan(100);
        assertThat(w.cascadedRowsDeleted()).as("rows deleted by ON DELETE CASCADE / SET NULL during CDC").isPositive();
        assertThat(w.stopReason()).isEqualTo(Workload.StopReason.FROZEN);
        assertThat(w.refusedByFreeze()).isEqualTo(1);
        assertThat(w.failed()).as("%s", w.errors()).isZero();
        assertThat(v.workloadOnTarget().ok()).as(v.workloadOnTarget().summary()).isTrue();
        assertThat(v.workloadOnTarget().rowsChecked()).isGreaterThan(100);
        // deferred objects and foreign keys on the target
        assertThat(v.objects().complete()).as(v.objects().summary()).isTrue();
        assertThat(v.objects().onSource()).containsEntry("TRIGGER", 2).containsEntry("FOREIGN KEY", 5).containsEntry("EVENT", 1);
        // the source frozen for the rollback window, and still at the end
        assertThat(v.rollbackWindowChecks()).isNotEmpty()
                .allSatisfy(c -> assertThat(c).contains("read_only ON, a write by the application account is refused"));
        assertThat(v.sourceWrites().readOnly()).isTrue();
        assertThat(v.sourceWrites().writeRefused()).isTrue();
        // the timeline: a freeze window that ends at the cutover point, the drain proven by the marker
        Timeline.FreezeWindow window = r.timeline().freezeWindow().orElseThrow();
        assertThat(window.endedAtCutoverPoint()).isTrue();
        assertThat(window.parts()).containsKeys("drain proof", "post-freeze validation", "stop DMS");
        assertThat(r.rowsValidated()).containsKey("post-freeze counted");
        // the output directory
        assertThat(out.resolve("report.json")).exists();
        JsonNode report = Json.parse(Files.readString(out.resolve("report.json")));
        assertThat(report.path("outcome").asText()).isEqualTo("MIGRATED");
        assertThat(report.path("ok").asBoolean()).isTrue();
        assertThat(Files.readString(out.resolve("notifications.log"))).contains("WAITING_FOR_APPROVAL").contains("(gate CUTOVER)");
        assertThat(out.resolve("artifacts/migrations/rehearsal/cutover/freeze.json")).exists();
        try (var dumps = Files.walk(out.resolve("snapshots"))) {
            assertThat(dumps.filter(p -> p.getFileName().toString().equals("dump.sql"))).singleElement()
                    .satisfies(p -> assertThat(Files.readString(p)).contains("CREATE TABLE `orders`").contains("TRIGGER"));
        }
        assertThat(Files.readString(out.resolve("timeline.txt"))).contains("Write-freeze window:").contains("Result: MIGRATED");
    }

    @Test
    void aRejectionAtTheCutoverGateLeavesTheSourceWritableAndLosesNothing() throws Exception {
        Rehearsal.Result r = rehearse("--reject-at", "cutover");

        assertThat(r.outcome()).as("%s", r.verification().problems()).isEqualTo(Outcome.ROLLED_BACK_AFTER_FREEZE);
        assertThat(r.ok()).as("%s", r.verification().problems()).isTrue();
        assertThat(r.execution().error()).isNotBlank();
        Rehearsal.Verification v = r.verification();
        assertThat(v.sourceWrites().readOnly()).isFalse();
        assertThat(v.sourceWrites().writeRefused()).isFalse();
        assertThat(v.workloadOnSource().ok()).as(v.workloadOnSource().summary()).isTrue();
        assertThat(v.workloadOnSource().rowsChecked()).isGreaterThan(100);
        assertThat(r.workload().stopReason()).as("the freeze stopped the application").isEqualTo(Workload.StopReason.FROZEN);
        assertThat(r.workload().failed()).isZero();
        Timeline.FreezeWindow window = r.timeline().freezeWindow().orElseThrow();
        assertThat(window.endedAtCutoverPoint()).isFalse();
        assertThat(r.invocations()).anySatisfy(c -> assertThat(c.simpleHandler()).isEqualTo("UnfreezeHandler"))
                .noneSatisfy(c -> assertThat(c.simpleHandler()).isEqualTo("ApplyDeferredObjectsHandler"));
        assertThat(Files.readString(out.resolve("timeline.txt"))).contains("Result: ROLLED_BACK_AFTER_FREEZE (expected ROLLED_BACK_AFTER_FREEZE): OK");
    }
}
