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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code local/rehearse --switch parameter}: "8.1 Switch the application" changes the stand-in of the Parameter Store
 * parameter the workload reads its endpoint from; the workload, refused by the frozen source, reconnects to the
 * endpoint the parameter names and goes on writing there; the SWITCH acknowledgement opens the rollback window.
 */
class RehearsalSwitchIT {
    @TempDir
    Path out;

    private String text;

    private Rehearsal.Result rehearse(String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--rows", "3k", "--write-rate", "15", "--rollback-window", "8s",
                "--max-poll-wait", "2s", "--set", "cutover.lagHoldSeconds=4", "--timeout", "8m", "--out", out.toString()));
        args.addAll(List.of(extra));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            Rehearsal.Result r = new Rehearsal(RehearsalOptions.parse(args.toArray(String[]::new)), RehearsalServers::start, print, false,
                    Clock.systemUTC()).run();
            text = console.toString(StandardCharsets.UTF_8);
            return r;
        }
    }

    private JsonNode switchRecord() throws Exception {
        Path cutover = out.resolve("artifacts/migrations/rehearsal/cutover");
        try (Stream<Path> files = Files.list(cutover)) {
            Path record = files.filter(f -> f.getFileName().toString().startsWith("switch-")).findFirst().orElseThrow();
            return Json.parse(Files.readString(record));
        }
    }

    @Test
    void theWorkloadFollowsTheParameterAndWritesToTheTargetAfterTheSwitch() throws Exception {
        Rehearsal.Result r = rehearse("--switch", "parameter");

        assertThat(r.outcome()).as("%s", r.verification().problems()).isEqualTo(Outcome.MIGRATED);
        assertThat(r.ok()).as("%s", r.verification().problems()).isTrue();
        Workload.Stats w = r.workload();
        assertThat(w.switchedAt()).as("the workload reconnected after the switch").isNotNull();
        assertThat(w.endpoint()).as("to the endpoint the parameter names: the target's").isNotBlank();
        assertThat(w.committedAfterSwitch()).as("transactions committed on the target after the switch").isPositive();
        assertThat(w.failed()).as("%s", w.errors()).isZero();
        Rehearsal.Verification v = r.verification();
        // identical at the switch (the cutover point); every write, before and after the switch, on the target
        assertThat(v.tables().identical()).as(v.tables().summary()).isTrue();
        assertThat(v.workloadOnTarget().ok()).as(v.workloadOnTarget().summary()).isTrue();
        assertThat(v.workloadOnSource().ok()).as(v.workloadOnSource().summary()).isTrue();
        // the timeline shows the switch and its acknowledgement, then the wait for the restorable time, the snapshot and the rollback window
        List<String> phases = r.timeline().phases().stream().map(Timeline.Phase::name).toList();
        assertThat(phases).containsSubsequence("Restore point", "Application switch", "Switch acknowledgement", "Restorable time", "Snapshot", "Rollback window");
        assertThat(Files.readString(out.resolve("notifications.log"))).contains("(gate SWITCH)");
        assertThat(text).contains("Workload after the switch: reconnected to " + w.endpoint());
        // the switch record: the parameter's previous value (the source) and the new one (the target)
        JsonNode step = switchRecord().path("steps").get(0);
        assertThat(step.path("action").asText()).isEqualTo("parameter");
        assertThat(step.path("value").asText()).isEqualTo(w.endpoint());
        assertThat(step.path("previous").asText()).isNotEqualTo(w.endpoint());
        assertThat(step.path("state").asText()).isEqualTo("SWITCHED");
    }

    @Test
    void aRejectedAcknowledgementReversesTheSwitchAndUnfreezesTheSource() throws Exception {
        Rehearsal.Result r = rehearse("--switch", "parameter", "--reject-at", "switch");

        assertThat(r.outcome()).as("%s", r.verification().problems()).isEqualTo(Outcome.ROLLED_BACK_AFTER_FREEZE);
        assertThat(r.ok()).as("%s", r.verification().problems()).isTrue();
        JsonNode step = switchRecord().path("steps").get(0);
        assertThat(step.path("action").asText()).isEqualTo("parameter");
        assertThat(step.path("state").asText()).as("the parameter got its previous value back").isEqualTo("REVERSED");
        List<String> phases = r.timeline().phases().stream().map(Timeline.Phase::name).toList();
        assertThat(phases).containsSubsequence("Application switch", "Switch acknowledgement", "Rollback: unfreeze",
                "Rollback: reverse the switch");
        assertThat(r.verification().sourceWrites().readOnly()).as("the source is writable again").isFalse();
        assertThat(Files.readString(out.resolve("notifications.log"))).contains("ROLLED_BACK").contains("The application switch was reversed");
    }
}
