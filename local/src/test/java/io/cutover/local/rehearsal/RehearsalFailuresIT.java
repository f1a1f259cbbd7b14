package io.cutover.local.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.local.rehearsal.Rehearsal.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every failure rehearsal of {@code local/rehearse}, run for real: the failure is injected where its option says,
 * and the migration takes the path it must: a killed target session is recovered (the migration goes on and ends
 * identical on both servers), a table that fails to load stops it before the freeze, a difference found by the
 * post-freeze validation rolls back and unfreezes the source. In every case the rehearsal's own verification
 * (rows, the workload's writes on the server that stays primary, the source's write state) must hold.
 */
class RehearsalFailuresIT {
    @TempDir
    Path out;

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "--kill-target-connection, full-load, MIGRATED",
            "--kill-target-connection, cdc, MIGRATED",
            "--kill-target-connection, drain, MIGRATED",
            "--kill-target-connection, validation, MIGRATED",
            "--fail-table, shop.customers, STOPPED_BEFORE_FREEZE",
            "--corrupt-validation, , ROLLED_BACK_AFTER_FREEZE",
            "--reject-at, freeze, STOPPED_BEFORE_FREEZE",
    })
    void eachInjectedFailureTakesItsSafePath(String option, String value, Outcome expected) throws Exception {
        List<String> args = new ArrayList<>(List.of("--rows", "2k", "--write-rate", "10", "--rollback-window", "3s",
                "--max-poll-wait", "2s", "--set", "cutover.lagHoldSeconds=3", "--timeout", "8m", "--out", out.toString(), option));
        if (value != null) {
            args.add(value);
        }
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Rehearsal.Result r;
        try (PrintStream print = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            r = new Rehearsal(RehearsalOptions.parse(args.toArray(String[]::new)), RehearsalServers::start, print, false,
                    Clock.systemUTC()).run();
        }
        String text = console.toString(StandardCharsets.UTF_8);

        assertThat(r.outcome()).as("%s%n%s", r.verification().problems(), text).isEqualTo(expected);
        assertThat(r.ok()).as("%s", r.verification().problems()).isTrue();
        assertThat(r.workload().failed()).as("%s", r.workload().errors()).isZero();
        Rehearsal.Verification v = r.verification();
        if (expected == Outcome.MIGRATED) {
            assertThat(v.tables().identical()).as(v.tables().summary()).isTrue();
            assertThat(v.workloadOnTarget().ok()).as(v.workloadOnTarget().summary()).isTrue();
            assertThat(v.sourceWrites().readOnly()).isTrue();
            assertThat(killedSessions(r.injected())).as("%s", r.injected()).isPositive();
        } else {
            // the rollback path: the source writable again, the workload's writes all there
            assertThat(v.sourceWrites().readOnly()).isFalse();
            assertThat(v.sourceWrites().writeRefused()).isFalse();
            assertThat(v.workloadOnSource().ok()).as(v.workloadOnSource().summary()).isTrue();
            assertThat(r.invocations()).noneSatisfy(c -> assertThat(c.simpleHandler()).isEqualTo("ApplyDeferredObjectsHandler"));
        }
        if (expected == Outcome.ROLLED_BACK_AFTER_FREEZE) {
            assertThat(r.invocations()).anySatisfy(c -> assertThat(c.simpleHandler()).isEqualTo("UnfreezeHandler"));
            assertThat(r.execution().error()).isNotBlank();
        }
        if (option.equals("--corrupt-validation")) {
            // found without counting every table (exactCounts false, the default): the target's write counters, aligned with
            // the binlog by the baseline marker, show the row deleted behind DMS's back, and its table alone is verified in full
            var plan = io.cutover.core.json.Json.parse(java.nio.file.Files.readString(
                    out.resolve("artifacts/migrations/rehearsal/cutover/validation/post-freeze/plan.json")));
            assertThat(plan.path("warnings").toString()).contains("written on the target otherwise than DMS applied the binlog")
                    .doesNotContain("every table is counted exactly");
        }
        if (!option.equals("--reject-at")) {
            assertThat(r.injected()).as("what was injected").isNotEmpty()
                    .anySatisfy(line -> assertThat(line).contains("(" + option));
        }
        assertThat(text).contains("Result: " + expected.name());
    }

    /** The sessions the injection killed, from its last line ("target sessions killed: N of the DMS engine, M of …"). */
    private static int killedSessions(List<String> injected) {
        for (String line : injected) {
            Matcher m = Pattern.compile("target sessions killed: (\\d+) of the DMS engine, (\\d+) of the functions").matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2));
            }
        }
        return 0;
    }
}
