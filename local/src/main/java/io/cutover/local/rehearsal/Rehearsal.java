package io.cutover.local.rehearsal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.json.Json;
import io.cutover.cutover.UnfreezeHandler;
import io.cutover.local.Project;
import io.cutover.local.asl.AslExecution;
import io.cutover.local.asl.AslRunner;
import io.cutover.local.asl.ExecutionEvent;
import io.cutover.local.asl.ExecutionResult;
import io.cutover.local.asl.Handlers;
import io.cutover.local.rehearsal.FinalVerification.ObjectsReport;
import io.cutover.local.rehearsal.FinalVerification.SourceWrites;
import io.cutover.local.rehearsal.FinalVerification.TablesReport;
import io.cutover.local.rehearsal.Invocations.Invocation;
import io.cutover.local.rehearsal.RehearsalOptions.Gate;
import io.cutover.local.template.SamTemplate;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One rehearsal, start to end: servers, sample database, local ports, the write workload, the real migration state
 * machine with the real handlers, approvals, failure injections, then the verification, the timeline and the report.
 * {@link Rehearse} is its command line; the end-to-end tests and the freeze-window benchmark call it directly.
 */
public final class Rehearsal {
    public static final String STATE_MACHINE = "MigrationStateMachine";

    /** How the migration ended, read from what the handlers did. */
    public enum Outcome {
        /** Cut over: DMS stopped after the cutover approval, the source left frozen for the rollback window. */
        MIGRATED,
        /** A dry run ({@code dryRun: true}): everything up to the freeze ran, then the report; never frozen. */
        DRY_RUN,
        /** The source was frozen, then unfrozen by a rollback branch. */
        ROLLED_BACK_AFTER_FREEZE,
        /** Readiness checks found blockers: the migration stopped before changing anything. */
        BLOCKED,
        /** The migration stopped (failed, rejected) before the source was ever frozen. */
        STOPPED_BEFORE_FREEZE,
        /** The execution did not end (timed out), or ended with the source still frozen and no cutover. */
        INCOMPLETE,
        /** The rehearsal did not start the migration: its servers or its preflight checks said no. */
        NOT_STARTED
    }

    /** The final checks; {@code problems} lists what does not hold for the outcome (empty: verified). */
    public record Verification(TablesReport tables, ObjectsReport objects, SourceWrites sourceWrites, List<String> rollbackWindowChecks,
                               WorkloadLedger.Verification workloadOnSource, WorkloadLedger.Verification workloadOnTarget,
                               List<String> problems) {}

    /**
     * {@code blockers}: the readiness blockers when the outcome is BLOCKED (each line as the readiness summary gives it);
     * {@code harnessFailures}: what failed in the rehearsal itself (its preflight, its checks, its hooks), never in
     * the migration: such a failure is reported here and never handed to the state machine.
     */
    public record Result(Outcome outcome, Set<Outcome> expected, ExecutionResult execution, Timeline timeline, Verification verification,
                         Workload.Stats workload, SampleDatabase.Summary sample, List<String> injected, List<Invocation> invocations,
                         Map<String, Long> rowsValidated, Path out, List<String> blockers, List<String> harnessFailures) {
        /** The rehearsal ended as its options said it would, the verification holds, and the rehearsal itself did not fail. */
        public boolean ok() {
            return expected.contains(outcome) && verification.problems().isEmpty() && harnessFailures.isEmpty();
        }
    }

    private final RehearsalOptions options;
    private final Supplier<RehearsalServers> servers;
    private final PrintStream console;
    private final boolean terminal;
    private final Clock clock;
    /** Test seam: throws at a named point of the rehearsal's own work ("rollback-window", "final-verification"). */
    private java.util.function.Consumer<String> harnessFaults = point -> { };

    /**
     * @param servers opens the servers (started, connected, or given by a test); they are closed at the end
     */
    public Rehearsal(RehearsalOptions options, Supplier<RehearsalServers> servers, PrintStream console, boolean terminal, Clock clock) {
        this.options = options;
        this.servers = servers;
        this.console = console;
        this.terminal = terminal;
        this.clock = clock;
    }

    /** Makes the rehearsal's own work fail at {@code point}, to prove such a failure stays the rehearsal's (tests only). */
    Rehearsal failHarnessAt(String point) {
        this.harnessFaults = p -> {
            if (p.equals(point)) {
                throw new IllegalStateException("injected rehearsal-harness failure at " + point);
            }
        };
        return this;
    }

    /**
     * The outcomes the options ask for: the earliest injected failure decides. A killed connection is recovered, so
     * the migration goes on. Cascades during the full load usually leave orphan rows on the target, which stop the
     * migration before CDC; when no cascade happened to hit a table while it loaded, there is nothing to find and the
     * migration is right to go on: both are correct.
     */
    public static Set<Outcome> expectedOutcomes(RehearsalOptions o) {
        JsonNode dryRun = o.inputOverrides().get("dryRun");
        if (dryRun != null && dryRun.asBoolean(false)) {
            return Set.of(Outcome.DRY_RUN); // it stops before the freeze gate, whatever is injected after it
        }
        if (o.failTable() != null || o.rejectAt() == Gate.FREEZE) {
            return Set.of(Outcome.STOPPED_BEFORE_FREEZE);
        }
        if (o.cascadeDuringLoad()) {
            return Set.of(Outcome.STOPPED_BEFORE_FREEZE, Outcome.MIGRATED);
        }
        if (o.corruptValidation() || o.rejectAt() == Gate.CUTOVER || o.rejectAt() == Gate.SWITCH) {
            return Set.of(Outcome.ROLLED_BACK_AFTER_FREEZE);
        }
        return Set.of(Outcome.MIGRATED);
    }

    /**
     * Runs the rehearsal and always ends with its report (report.json, timeline.txt): when the servers cannot be
     * reached or the preflight finds a problem (NOT_STARTED), when readiness blocks, and when the rehearsal itself fails
     * (a harness failure: said as such, never as the migration's).
     */
    public Result run() throws Exception {
        Instant start = clock.instant();
        Path out = options.out().toAbsolutePath().normalize();
        Files.createDirectories(out);
        Set<Outcome> expected = expectedOutcomes(options);
        ConsoleProgress progress = new ConsoleProgress(console, terminal, clock, start);
        progress.line("Cutover rehearsal: " + (options.usesSample() ? String.format(Locale.ROOT, "sample of %,d rows, workload %s", options.rows(),
                options.writeRate() > 0 ? String.format(Locale.ROOT, "%.0f transactions/s", options.writeRate()) : "off")
                : "schemas " + options.databases()) + "; approvals " + options.approve().name().toLowerCase(Locale.ROOT)
                + (options.failures().isEmpty() ? "" : "; failure rehearsal: " + String.join(", ", options.failures())));
        progress.line("output: " + out);
        RehearsalServers db;
        try {
            db = servers.get();
        } catch (RuntimeException e) {
            return notStarted(List.of("cannot reach the servers: " + e.getMessage()), expected, start, out, progress);
        }
        try (db; progress) {
            progress.line("source " + db.version(DatabaseRole.SOURCE) + " on " + db.address(DatabaseRole.SOURCE)
                    + ", target " + db.version(DatabaseRole.TARGET) + " on " + db.address(DatabaseRole.TARGET));
            progress.line("target profile: " + db.targetProfile());
            List<String> schemas = options.usesSample() ? SampleDatabase.SCHEMAS : options.databases();
            if (!options.startsServers()) {
                progress.line("preflight: accounts, grants and schemas on your servers…");
                List<String> problems = Preflight.check(db, schemas, !options.usesSample());
                if (!problems.isEmpty()) {
                    return notStarted(problems, expected, start, out, progress);
                }
                progress.line("preflight: both accounts log in with the grants they need" + (options.usesSample() ? "" : "; the schemas exist"));
            }
            SampleDatabase.Summary sample = null;
            if (options.usesSample()) {
                sample = loadSample(db, progress);
                db.grantWorkload(schemas);
                progress.expectedRows(sample.totalRows());
            }
            try (RehearsalPorts local = RehearsalPorts.open(db.secrets(), () -> db.admin(DatabaseRole.TARGET), out, options.approvalPort(), clock)) {
                return migrate(db, local, schemas, sample, progress, start, out, expected);
            } catch (Exception | AssertionError e) {
                // the rehearsal's own machinery failed outside the execution (its ports, the runner): still a report
                progress.line("✗ the rehearsal itself failed: " + e + " (check read_only on the source if the run had frozen it)");
                Timeline timeline = Timeline.of(List.of(), List.of(), start, clock.instant());
                Verification none = new Verification(null, null, null, List.of(), null, null, List.of());
                Result r = new Result(Outcome.INCOMPLETE, expected, null, timeline, none, null, sample, List.of(), List.of(), Map.of(), out,
                        List.of(), List.of("the rehearsal itself failed: " + e));
                String report = render(r);
                progress.raw(report);
                write(out, r, List.of(), List.of(), report);
                return r;
            }
        }
    }

    /** The report of a rehearsal that started nothing: what stopped it, and that nothing was changed. */
    private Result notStarted(List<String> problems, Set<Outcome> expected, Instant start, Path out, ConsoleProgress progress) throws IOException {
        problems.forEach(p -> progress.line("✗ " + p));
        Timeline timeline = Timeline.of(List.of(), List.of(), start, clock.instant());
        Verification none = new Verification(null, null, null, List.of(), null, null, List.of());
        Result r = new Result(Outcome.NOT_STARTED, expected, null, timeline, none, null, null, List.of(), List.of(), Map.of(), out, List.of(),
                List.copyOf(problems));
        String report = render(r);
        progress.raw(report);
        write(out, r, List.of(), List.of(), report);
        return r;
    }

    private SampleDatabase.Summary loadSample(RehearsalServers db, ConsoleProgress progress) throws SQLException {
        try (Connection target = db.admin(DatabaseRole.TARGET)) {
            SampleDatabase.requireAbsent(target, "target");
        }
        progress.line(String.format(Locale.ROOT, "loading the sample database (%,d rows) on the source…", options.rows()));
        try (Connection source = db.admin(DatabaseRole.SOURCE)) {
            SampleDatabase.Summary s = SampleDatabase.create(source, options.rows(), table -> { });
            progress.line(String.format(Locale.ROOT, "sample loaded in %.1f s: %s; %s", s.seconds(),
                    s.rows().entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue())).collect(Collectors.joining(", ")),
                    s.objects().entrySet().stream().map(e -> e.getValue().size() + " " + e.getKey().toLowerCase(Locale.ROOT) + "(s)")
                            .collect(Collectors.joining(", "))));
            return s;
        }
    }

    private Result migrate(RehearsalServers db, RehearsalPorts local, List<String> schemas, SampleDatabase.Summary sample,
                           ConsoleProgress progress, Instant start, Path out, Set<Outcome> expected) throws Exception {
        progress.dms(local.dms());
        ObjectNode input = RehearsalInput.build(options.migrationId(), schemas, options.rollbackWindow(), options.inputOverrides());
        SwitchStandIns switchStandIns = options.switchMode() == null ? null : new SwitchStandIns(options.switchMode(), local.endpoints(),
                db.address(DatabaseRole.SOURCE), db.address(DatabaseRole.TARGET));
        if (switchStandIns != null) {
            input.set("switch", switchStandIns.input());
        }
        Files.writeString(out.resolve("input.json"), Json.writePretty(input));
        progress.line("approval page and inbox: " + local.approvals().url() + "/inbox");

        Workload workload = null;
        if (options.usesSample() && options.writeRate() > 0) {
            workload = new Workload(db::app, options.writeRate(), 20_261_125L, clock);
            if (options.cascadeDuringLoad()) {
                workload.allowCascades();
            }
            if (switchStandIns != null && switchStandIns.endpoint() != null) {
                // the application reads its endpoint where the switch changes it, and reconnects when it changes
                workload.follow(new Workload.Follow(switchStandIns.endpoint(), endpoint -> db.app(switchStandIns.server(endpoint))));
            }
            progress.workload(workload);
        }
        FinalVerification verification = new FinalVerification(db, schemas);
        List<String> rollbackWindowChecks = new CopyOnWriteArrayList<>();
        List<String> harnessFailures = new CopyOnWriteArrayList<>();
        // the servers compared where they must be identical: at the switch (the cutover point, before the application
        // writes to the target); later the target has what the application wrote since
        java.util.concurrent.atomic.AtomicReference<TablesReport> tablesAtSwitch = new java.util.concurrent.atomic.AtomicReference<>();
        FailureInjection failures = new FailureInjection(options, local.dms(), local.databases(), db, schemas, progress::line, clock);
        Workload w = workload;
        // The failure injections fail the calls they target on purpose; the rehearsal's own observations never do: what
        // goes wrong in them is the rehearsal's failure, recorded as such, and the handler runs as it would in AWS.
        Invocations invocations = new Invocations(clock, options.maxPollWait())
                .hook(progress)
                .hook(failures)
                .hook(observer("the rehearsal's observation of the source during the rollback window", harnessFailures, progress, call -> {
                    if (w != null && !w.cascadesAllowed() && call.simpleHandler().equals("PollCdcCaughtUpHandler")
                            && !"DRAIN".equals(call.field("phase"))) {
                        w.allowCascades();
                        progress.line("    the workload now also deletes parent rows (CDC applies them with the target's cascades acting)");
                    }
                    if (call.simpleHandler().equals("ApplicationSwitchHandler") && "SWITCH".equals(call.field("direction"))
                            && w != null && switchStandIns != null && switchStandIns.endpoint() != null && tablesAtSwitch.get() == null) {
                        tablesAtSwitch.set(verification.compareTables());
                    }
                    if (call.simpleHandler().equals("RollbackWindowHandler")) {
                        harnessFaults.accept("rollback-window");
                        SourceWrites now = verification.sourceWrites();
                        rollbackWindowChecks.add(clock.instant() + " " + now.summary());
                    }
                }));
        List<ExecutionEvent> events = new CopyOnWriteArrayList<>();
        SamTemplate template = SamTemplate.read(Project.template());
        AslRunner.Builder builder = AslRunner.forStateMachine(template, STATE_MACHINE, local.ports(), Map.of())
                .callbacks(local.callbacks())
                .waitMillis(null)   // Wait states as written (the polls' waits, capped by --max-poll-wait)
                .retryMillis(null)  // Retry intervals as written
                .listener(events::add)
                .listener(progress);
        invocations.bind(builder, template, STATE_MACHINE, local.ports(), Map.of());
        String executionName = "rehearsal-" + LocalDateTime.now(clock).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));

        ExecutionResult result = null;
        String incomplete = null;
        List<GateApprover.Decision> decisions;
        if (workload != null) {
            workload.start();
            progress.line(String.format(Locale.ROOT, "workload started on the source: %.0f transactions/s as the application account", options.writeRate()));
        }
        progress.line("starting " + STATE_MACHINE + " (statemachine/migration.asl.json), execution " + executionName);
        try (GateApprover approver = new GateApprover(local.approvals(), options.approve(), options.rejectAt(), progress::line, clock);
             AslExecution execution = builder.build().start(input, executionName, null)) {
            try {
                result = execution.await(options.timeout());
            } catch (RuntimeException e) { // timed out, or the driver died: the verification and the restore still run
                incomplete = e.getMessage();
                progress.line("the execution did not end: " + e.getMessage());
            }
            decisions = approver.decisions();
        }
        progress.stopStatus();
        if (workload != null && workload.isRunning()) {
            workload.stop();
        }
        Workload.Stats workloadStats = workload == null ? null : workload.stats();
        List<Invocation> calls = invocations.all();
        Instant end = clock.instant();
        Timeline timeline = Timeline.of(calls, events, start, end);
        Outcome outcome = outcome(result, calls, timeline);
        progress.line("execution " + (result == null ? "INCOMPLETE" : result.status()) + (result != null && result.error() != null
                ? " (" + result.error() + ")" : "") + ": " + describe(outcome));
        List<String> blockers = outcome == Outcome.BLOCKED ? blockers(calls) : List.of();

        Verification checked;
        try {
            progress.line("verifying both servers…");
            harnessFaults.accept("final-verification");
            checked = verify(outcome, verification, workload, rollbackWindowChecks, incomplete, tablesAtSwitch.get(),
                    switchStandIns != null && switchStandIns.endpoint() != null);
        } catch (Exception | AssertionError e) {
            harnessFailures.add("the final verification failed: " + e);
            progress.line("✗ the rehearsal's own final verification failed (the migration's result above stands): " + e);
            checked = new Verification(null, null, null, List.copyOf(rollbackWindowChecks), null, null, List.of());
        } finally {
            restoreIfLeftFrozen(timeline, local, calls, progress, executionName, harnessFailures);
        }

        Map<String, Long> validated = rowsValidated(calls);
        Result r = new Result(outcome, expected, result, timeline, checked, workloadStats, sample, failures.injected(), calls, validated, out,
                blockers, List.copyOf(harnessFailures));
        String report = render(r);
        progress.raw(report);
        write(out, r, events, decisions, report);
        return r;
    }

    /** A hook that observes: what fails in it is the rehearsal's failure, recorded and printed, never the handler's. */
    private static Invocations.Hook observer(String what, List<String> harnessFailures, ConsoleProgress progress, Observation before) {
        return new Invocations.Hook() {
            @Override
            public void before(Invocation call) {
                try {
                    before.accept(call);
                } catch (Exception | AssertionError e) {
                    String failure = what + " failed before " + call.simpleHandler() + ": " + e;
                    harnessFailures.add(failure);
                    progress.line("    ✗ rehearsal harness: " + failure + " (not a failure of the migration; the handler runs as in AWS)");
                }
            }
        };
    }

    private interface Observation {
        void accept(Invocation call) throws Exception;
    }

    /** The readiness blockers as the readiness Lambdas summarised them (one line each), for a BLOCKED report. */
    static List<String> blockers(List<Invocation> calls) {
        List<String> out = new ArrayList<>();
        for (Invocation c : calls) {
            if ((c.simpleHandler().equals("CheckSourceReadinessHandler") || c.simpleHandler().equals("CheckTargetReadinessHandler"))
                    && c.result() != null) {
                for (String line : c.result().path("summary").asText("").split("\n")) {
                    if (line.trim().startsWith("BLOCKER") || line.trim().startsWith("…")) {
                        out.add(c.result().path("side").asText() + ": " + line.trim());
                    }
                }
            }
        }
        return out;
    }

    private static String describe(Outcome o) {
        return switch (o) {
            case MIGRATED -> "migrated (cut over; the source stays frozen for the rollback window)";
            case ROLLED_BACK_AFTER_FREEZE -> "rolled back after the freeze (the source was unfrozen)";
            case STOPPED_BEFORE_FREEZE -> "stopped before the freeze (the source was never frozen)";
            case BLOCKED -> "blocked by readiness checks (nothing was changed on either server)";
            case DRY_RUN -> "dry run complete (everything up to the freeze; the source was never frozen)";
            case INCOMPLETE -> "incomplete";
            case NOT_STARTED -> "not started";
        };
    }

    static Outcome outcome(ExecutionResult result, List<Invocation> calls, Timeline timeline) {
        boolean frozen = timeline.freezeWindow().isPresent();
        boolean cutover = timeline.freezeWindow().map(Timeline.FreezeWindow::endedAtCutoverPoint).orElse(false);
        boolean unfrozen = calls.stream().anyMatch(c -> c.simpleHandler().equals("UnfreezeHandler") && c.error() == null
                && c.result() != null && c.result().path("restored").asBoolean(true));
        if (result == null) {
            return Outcome.INCOMPLETE;
        }
        if (cutover && !unfrozen && result.succeeded()) {
            return Outcome.MIGRATED;
        }
        if (frozen && unfrozen) {
            return Outcome.ROLLED_BACK_AFTER_FREEZE;
        }
        if (!frozen && "Cutover.ReadinessBlocked".equals(result.error())) {
            return Outcome.BLOCKED;
        }
        if (!frozen && result.succeeded()) {
            return Outcome.DRY_RUN; // only a dry run succeeds without freezing
        }
        if (!frozen) {
            return Outcome.STOPPED_BEFORE_FREEZE;
        }
        return Outcome.INCOMPLETE;
    }

    private Verification verify(Outcome outcome, FinalVerification verification, Workload workload, List<String> rollbackWindowChecks,
                                String incomplete, TablesReport atSwitch, boolean workloadFollows) throws SQLException {
        List<String> problems = new ArrayList<>();
        if (incomplete != null) {
            problems.add("the execution did not end: " + incomplete);
        }
        SourceWrites writes = verification.sourceWrites();
        WorkloadLedger.Verification onSource = null;
        WorkloadLedger.Verification onTarget = null;
        if (workload != null) {
            try (Connection c = verification.admin(DatabaseRole.SOURCE)) {
                onSource = workload.sourceLedger().verify(c, "source");
            }
            if (!onSource.ok()) {
                problems.add("workload writes lost on the source: " + onSource.summary());
            }
        }
        TablesReport tables = null;
        ObjectsReport objects = null;
        if (outcome == Outcome.MIGRATED) {
            boolean wroteAfterSwitch = workload != null && workload.stats().committedAfterSwitch() > 0;
            tables = wroteAfterSwitch && atSwitch != null ? atSwitch : verification.compareTables();
            objects = verification.compareObjects();
            if (workloadFollows && workload != null && !wroteAfterSwitch) {
                problems.add("the workload did not write to the target after the switch (it follows the endpoint the switch changes)");
            }
            if (wroteAfterSwitch && atSwitch == null) {
                problems.add("the workload wrote to the target after the switch, but the servers were not compared at the switch");
            }
            if (!tables.identical()) {
                problems.add("the servers differ: " + tables.summary());
            }
            if (!objects.complete()) {
                problems.add("objects missing on the target: " + objects.summary());
            }
            if (!writes.readOnly() || !writes.writeRefused()) {
                problems.add("the source is not frozen after the cutover: " + writes.summary());
            }
            if (rollbackWindowChecks.isEmpty()) {
                problems.add("the rollback window was never observed (no RollbackWindowHandler call)");
            }
            rollbackWindowChecks.stream().filter(c -> !frozenCheck(c))
                    .forEach(c -> problems.add("the source was writable during the rollback window: " + c));
            if (workload != null) {
                try (Connection c = verification.admin(DatabaseRole.TARGET)) {
                    onTarget = workload.ledger().verify(c, "target");
                }
                if (!onTarget.ok()) {
                    problems.add("workload writes missing on the target: " + onTarget.summary());
                }
            }
        } else if (outcome == Outcome.ROLLED_BACK_AFTER_FREEZE || outcome == Outcome.STOPPED_BEFORE_FREEZE || outcome == Outcome.BLOCKED
                || outcome == Outcome.DRY_RUN) {
            if (writes.readOnly() || writes.writeRefused()) {
                problems.add("the source was left frozen: " + writes.summary());
            }
        } else if (writes.readOnly()) {
            problems.add("the source is still read-only: " + writes.summary());
        }
        return new Verification(tables, objects, writes, List.copyOf(rollbackWindowChecks), onSource, onTarget, List.copyOf(problems));
    }

    /**
     * The product must never leave the source frozen without a cutover; if it did (or the run was cut short), the
     * verification already says so, and the rehearsal restores what the freeze recorded (the real UnfreezeHandler),
     * so that a rehearsal against your own servers never ends with them read-only by accident. After a cutover the
     * source stays frozen: that is the design (the application writes to the target now).
     */
    private void restoreIfLeftFrozen(Timeline timeline, RehearsalPorts local, List<Invocation> calls, ConsoleProgress progress,
                                     String executionName, List<String> harnessFailures) {
        boolean cutOver = timeline.freezeWindow().map(Timeline.FreezeWindow::endedAtCutoverPoint).orElse(false);
        boolean froze = calls.stream().anyMatch(c -> c.simpleHandler().equals("FreezeWritesHandler") && c.error() == null);
        boolean unfrozen = calls.stream().anyMatch(c -> c.simpleHandler().equals("UnfreezeHandler") && c.error() == null
                && c.result() != null && c.result().path("restored").asBoolean(true));
        if (!froze || cutOver || unfrozen) {
            return;
        }
        JsonNode config = calls.stream().filter(c -> c.simpleHandler().equals("ValidateInputHandler") && c.result() != null)
                .map(Invocation::result).findFirst().orElse(null);
        if (config == null) {
            return;
        }
        ObjectNode payload = Json.object();
        payload.set("config", config);
        payload.put("stateName", "rehearsal: restore the source");
        payload.put("executionName", executionName);
        try {
            JsonNode r = Handlers.invoker(new UnfreezeHandler(local.ports()), "UnfreezeFunction").invoke(payload);
            progress.line("the run did not end cleanly: the rehearsal restored the source's recorded settings: " + r.path("summary").asText());
        } catch (Exception e) {
            harnessFailures.add("could not restore the source's settings: " + e.getMessage());
            progress.line("COULD NOT restore the source's settings: " + e.getMessage() + ". Check read_only on the source.");
        }
    }

    /** Rows counted and checksummed by the state machine's own validation, per pass. */
    static Map<String, Long> rowsValidated(List<Invocation> calls) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Invocation c : calls) {
            if (c.simpleHandler().equals("SummarizeValidationHandler") && c.result() != null) {
                String pass = c.result().path("pass").asText(c.field("pass"));
                out.put(pass + " counted", c.result().path("rowsCounted").asLong());
                out.put(pass + " checksummed", c.result().path("rowsChecksummed").asLong());
            }
        }
        return out;
    }

    String render(Result r) {
        StringBuilder b = new StringBuilder("\n");
        if (r.outcome() == Outcome.NOT_STARTED) {
            b.append("Not started (nothing was changed on either server):\n");
            r.harnessFailures().forEach(x -> b.append("  ✗ ").append(x).append('\n'));
            b.append(String.format(Locale.ROOT, "%nResult: %s (expected %s): NOT OK: fix the above, then run it again%n", r.outcome(),
                    expectedText(r.expected())));
            b.append("Output: ").append(r.out()).append('\n');
            return b.toString();
        }
        b.append(r.timeline().render());
        if (!r.rowsValidated().isEmpty()) {
            b.append("Rows validated by the state machine: ").append(r.rowsValidated().entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue())).collect(Collectors.joining(", "))).append('\n');
        }
        Workload.Stats w = r.workload();
        if (w != null) {
            b.append(String.format(Locale.ROOT, "Workload: %,d transactions committed (%.1f/s of %.0f/s asked), %,d rows inserted, %,d updated, "
                            + "%,d deleted (+%,d by cascades); %,d refused by the freeze (rolled back, not lost); stopped: %s%n",
                    w.committed(), w.achievedRate(), w.targetRate(), w.rowsInserted(), w.rowsUpdated(), w.rowsDeleted(), w.cascadedRowsDeleted(),
                    w.refusedByFreeze(), w.stopReason().name().toLowerCase(Locale.ROOT)));
            if (w.switchedAt() != null) {
                b.append(String.format(Locale.ROOT, "Workload after the switch: reconnected to %s (the endpoint the switch set) at %s; "
                        + "%,d transactions committed there%n", w.endpoint(), w.switchedAt(), w.committedAfterSwitch()));
            }
            if (w.failed() > 0 || w.uncertain() > 0) {
                b.append(String.format(Locale.ROOT, "  %,d transactions failed, %,d uncertain: %s%n", w.failed(), w.uncertain(), w.errors()));
            }
        }
        if (!r.injected().isEmpty()) {
            b.append("Failures injected:\n");
            r.injected().forEach(i -> b.append("  ").append(i).append('\n'));
        }
        if (!r.blockers().isEmpty()) {
            b.append("Readiness blockers (the migration stopped before changing anything):\n");
            r.blockers().forEach(x -> b.append("  ").append(x).append('\n'));
            b.append("  Fix them, or accept one you have judged harmless, with the reason, e.g.\n")
                    .append("  --set 'readiness.acceptedBlockers=[{\"check\":\"<id>\",\"reason\":\"<why it is harmless here>\"}]'")
                    .append(" (docs/readiness-checks.md)\n");
        }
        if (!r.harnessFailures().isEmpty()) {
            b.append(r.outcome() == Outcome.NOT_STARTED ? "Not started (nothing was changed on either server):\n"
                    : "The rehearsal itself failed (not the migration: its handlers never saw these):\n");
            r.harnessFailures().forEach(x -> b.append("  ✗ ").append(x).append('\n'));
        }
        Verification v = r.verification();
        b.append("Verification:\n");
        if (v.tables() != null) {
            b.append("  ").append(mark(v.tables().identical())).append(" rows: ").append(v.tables().summary()).append('\n');
        }
        if (v.objects() != null) {
            b.append("  ").append(mark(v.objects().complete())).append(" objects: ").append(v.objects().summary()).append('\n');
        }
        if (v.workloadOnTarget() != null) {
            b.append("  ").append(mark(v.workloadOnTarget().ok())).append(" workload: ").append(v.workloadOnTarget().summary()).append('\n');
        }
        if (v.workloadOnSource() != null) {
            b.append("  ").append(mark(v.workloadOnSource().ok())).append(" workload: ").append(v.workloadOnSource().summary()).append('\n');
        }
        boolean frozenExpected = r.outcome() == Outcome.MIGRATED;
        if (v.sourceWrites() != null) {
            b.append("  ").append(mark(frozenExpected == (v.sourceWrites().readOnly() && v.sourceWrites().writeRefused())))
                    .append(" source now: ").append(v.sourceWrites().summary()).append('\n');
        }
        if (!v.rollbackWindowChecks().isEmpty()) {
            b.append("  ").append(mark(v.rollbackWindowChecks().stream().allMatch(c -> frozenCheck(c))))
                    .append(" during the rollback window, checked ").append(v.rollbackWindowChecks().size()).append(" time(s): ")
                    .append(v.rollbackWindowChecks().get(v.rollbackWindowChecks().size() - 1).replaceFirst("^\\S+ ", "")).append('\n');
        }
        b.append(String.format(Locale.ROOT, "%nResult: %s (expected %s): %s%n", r.outcome(), expectedText(r.expected()),
                r.ok() ? "OK" : "NOT OK: " + (!r.expected().contains(r.outcome()) ? "the migration ended otherwise than expected. " : "")
                        + String.join("; ", v.problems()) + (r.harnessFailures().isEmpty() ? "" : (v.problems().isEmpty() ? "" : "; ")
                        + (r.outcome() == Outcome.NOT_STARTED ? "see above" : "the rehearsal harness failed (see above)"))));
        b.append("Output: ").append(r.out()).append('\n');
        return b.toString();
    }

    /** A rollback-window check that found the source frozen (refused the application's write, or read_only where none probes). */
    static boolean frozenCheck(String check) {
        return check.contains("read_only ON") && (check.contains("is refused") || check.contains("no write probe"));
    }

    static String expectedText(Set<Outcome> expected) {
        return expected.stream().sorted().map(Enum::name).collect(Collectors.joining(" or "));
    }

    private static String mark(boolean ok) {
        return ok ? "✓" : "✗";
    }

    private void write(Path out, Result r, List<ExecutionEvent> events, List<GateApprover.Decision> decisions, String report)
            throws IOException {
        Files.writeString(out.resolve("timeline.txt"), report, StandardCharsets.UTF_8);
        StringBuilder ev = new StringBuilder();
        for (ExecutionEvent e : events) {
            ev.append(Json.write(e.raw())).append('\n');
        }
        Files.writeString(out.resolve("events.jsonl"), ev, StandardCharsets.UTF_8);
        StringBuilder calls = new StringBuilder();
        for (Invocation c : r.invocations()) {
            ObjectNode n = Json.object();
            n.put("handler", c.simpleHandler());
            n.put("state", c.state());
            n.put("start", c.start().toString());
            n.put("millis", c.duration().toMillis());
            n.set("asked", c.payload());
            if (c.outcome() != null) {
                n.put("outcome", c.outcome());
                n.put("reason", c.reason());
            }
            if (c.error() != null) {
                n.put("error", c.error());
            }
            calls.append(Json.write(n)).append('\n');
        }
        Files.writeString(out.resolve("calls.jsonl"), calls, StandardCharsets.UTF_8);
        ObjectNode json = Json.object();
        json.put("outcome", r.outcome().name());
        json.put("expected", expectedText(r.expected()));
        json.put("ok", r.ok());
        if (r.execution() != null) {
            json.put("executionStatus", r.execution().status());
            json.put("error", r.execution().error());
            json.put("cause", r.execution().cause());
        }
        json.set("options", Json.tree(Map.of("rows", options.rows(), "writeRate", options.writeRate(), "approve", options.approve().name(),
                "failures", options.failures(), "rollbackWindowSeconds", options.rollbackWindow().toSeconds(),
                "maxPollWaitSeconds", options.maxPollWait().toSeconds(), "databases", options.databases())));
        if (r.sample() != null) {
            json.set("sample", Json.tree(r.sample()));
        }
        ObjectNode t = json.putObject("timeline");
        t.put("totalSeconds", Duration.between(r.timeline().start(), r.timeline().end()).toMillis() / 1000.0);
        var phases = t.putArray("phases");
        r.timeline().phases().forEach(p -> phases.addObject().put("name", p.name()).put("start", p.start().toString())
                .put("seconds", p.duration().toMillis() / 1000.0));
        r.timeline().downtime().ifPresent(d -> {
            ObjectNode a = t.putObject("applicationDowntime");
            a.put("seconds", d.seconds());
            a.put("frozenAt", d.frozenAt().toString());
            a.put("endedAt", d.endedAt().toString());
            a.put("endedReadyToSwitch", d.endedReadyToSwitch());
            a.set("parts", Json.tree(d.parts()));
        });
        r.timeline().freezeWindow().ifPresent(fw -> {
            ObjectNode f = t.putObject("freezeWindow");
            f.put("seconds", fw.seconds());
            f.put("frozenAt", fw.frozenAt().toString());
            f.put("endedAt", fw.endedAt().toString());
            f.put("endedAtCutoverPoint", fw.endedAtCutoverPoint());
            f.set("parts", Json.tree(fw.parts()));
            f.put("other", fw.other());
        });
        json.set("rowsValidated", Json.tree(r.rowsValidated()));
        if (r.workload() != null) {
            ObjectNode wl = (ObjectNode) Json.tree(r.workload());
            wl.put("achievedRate", r.workload().achievedRate());
            json.set("workload", wl);
        }
        json.set("verification", Json.tree(r.verification()));
        json.set("readinessBlockers", Json.tree(r.blockers()));
        json.set("harnessFailures", Json.tree(r.harnessFailures()));
        json.set("failuresInjected", Json.tree(r.injected()));
        json.set("approvals", Json.tree(decisions));
        Files.writeString(out.resolve("report.json"), Json.writePretty(json), StandardCharsets.UTF_8);
    }
}
