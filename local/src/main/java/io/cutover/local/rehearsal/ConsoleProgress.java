package io.cutover.local.rehearsal;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.local.asl.ExecutionEvent;
import io.cutover.local.dms.LocalDmsEngine;
import io.cutover.local.rehearsal.Invocations.Invocation;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.core.ports.Replication.TableState;
import io.cutover.core.ports.Replication.TaskProgress;
import io.cutover.core.ports.Replication.TaskRef;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What a person watching the rehearsal sees, as it goes: each phase when it starts, each state the first time it
 * is entered, retries and errors, the polls' reasons when they change, and, during the long steps, one status line
 * redrawn every second (a progress bar for the full load, the CDC lag and counters, the workload). On a terminal
 * the status line is redrawn in place; otherwise (a log, CI) it is printed every 10 seconds.
 */
public final class ConsoleProgress implements Invocations.Hook, Consumer<ExecutionEvent>, AutoCloseable {
    private static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final Clock clock;
    private final Instant start;
    private volatile LocalDmsEngine dms;
    private volatile Workload workload;
    private final ScheduledExecutorService ticker;
    private final Timeline.State state = new Timeline.State();
    private final Set<String> statesSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, String> lastFailure = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<String> gateStates = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Set<String> failedGates = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, String> lastReason = new HashMap<>();
    private volatile String phase;
    private volatile TaskRef task;
    private volatile long expectedRows;
    private boolean statusShown;
    private long lastStatusPrinted;

    public ConsoleProgress(PrintStream out, boolean terminal, Clock clock, Instant start) {
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
        this.start = start;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cutover-rehearsal-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** The engine whose progress the status line shows. */
    public void dms(LocalDmsEngine engine) {
        this.dms = engine;
        engine.onNotice(this::dmsNotice);
    }

    /** A lost connection, a retry, a recovery of the local DMS engine, printed as it happens (⚠ / ↻ / ✓). */
    void dmsNotice(String notice) {
        String mark = notice.contains("recovered") ? "✓" : notice.contains(": retry ") ? "↻" : "⚠";
        line("    " + mark + " DMS " + notice);
    }

    /** No more status lines (the execution ended); printed lines go on. */
    public void stopStatus() {
        ticker.shutdownNow();
        synchronized (this) {
            clearStatus();
        }
    }

    /** The workload whose counters the status line shows (none: no workload). */
    public void workload(Workload w) {
        this.workload = w;
    }

    /** Rows the sample has, for the full-load bar's row count. */
    public void expectedRows(long rows) {
        this.expectedRows = rows;
    }

    public String phase() {
        return phase;
    }

    /** A line of the rehearsal's own (set-up, verification), with the elapsed time. */
    public synchronized void line(String text) {
        clearStatus();
        out.println(stamp() + text);
        out.flush();
    }

    /** A line without the time stamp (reports). */
    public synchronized void raw(String text) {
        clearStatus();
        out.print(text.endsWith("\n") ? text : text + "\n");
        out.flush();
    }

    @Override
    public void before(Invocation pending) {
        String p = Timeline.phaseOf(pending, state);
        if (p != null && !p.equals(phase)) {
            phase = p;
            line("▶ " + p);
        }
        if (pending.state() != null && statesSeen.add(pending.state())) {
            line("  · " + pending.state());
        }
        if (pending.simpleHandler().equals("RequestApprovalHandler") && pending.state() != null) {
            gateStates.add(pending.state());
        }
    }

    @Override
    public void after(Invocation call) {
        String h = call.simpleHandler();
        if (call.error() != null) {
            String e = call.error();
            line("    ✗ " + h + ": " + (e.length() > 300 ? e.substring(0, 297) + "…" : e));
            return;
        }
        state.observe(call);
        if (h.equals("CreateTaskHandler") && call.result() != null && call.result().hasNonNull("taskArn")) {
            JsonNode r = call.result();
            task = new TaskRef(r.get("taskArn").asText(), r.path("taskId").asText(), r.path("created").asBoolean());
        }
        JsonNode summary = call.result() == null ? null : call.result().get("summary");
        if (summary != null && summary.isTextual() && !summary.asText().isBlank() && call.outcome() == null) {
            line("    " + firstLine(summary.asText()));
        }
        String reason = call.reason();
        boolean barred = h.equals("PollFullLoadHandler") || (h.equals("PollCdcCaughtUpHandler") && !"DRAIN".equals(call.field("phase")));
        if (reason != null && (!barred || !"CONTINUE".equals(call.outcome())) && !reason.equals(lastReason.put(h, reason))) {
            line("    " + (call.outcome() == null ? "" : call.outcome().toLowerCase(Locale.ROOT) + ": ") + firstLine(reason));
        }
    }

    @Override
    public void accept(ExecutionEvent e) {
        switch (e.type()) {
            case "StateEntered" -> {
                // Tasks are printed by before(), after their phase; Parallel and Map states open a group of tasks
                if (e.stateName() != null && ("Parallel".equals(e.stateType()) || "Map".equals(e.stateType()))
                        && statesSeen.add(e.stateName())) {
                    line("  · " + e.stateName());
                }
            }
            case "StateExited" -> {
                if (gateStates.contains(e.stateName()) && !failedGates.remove(e.stateName())) {
                    line("    approved: " + e.stateName());
                    if (phase != null && phase.startsWith("Cutover")) {
                        state.cutoverApproved = true;
                    }
                }
            }
            case "StateRetried" -> line("    ↻ retrying " + e.stateName());
            case "StateCaught" -> line("    ⤷ " + caught(e.stateName(), lastFailure.remove(e.stateName())));
            case "StateFailed" -> {
                if (e.stateName() != null && e.error() != null) {
                    lastFailure.put(e.stateName(), e.error()); // the interpreter names the error here, not in StateCaught
                }
                if (gateStates.contains(e.stateName())) {
                    failedGates.add(e.stateName()); // a caught failure is followed by a StateExited
                    line("    rejected or timed out: " + e.stateName() + (e.error() == null ? "" : " (" + e.error() + ")"));
                }
            }
            default -> { }
        }
    }

    /** A caught error said as what it means: the rollback window ends by failing its Parallel state on purpose. */
    static String caught(String stateName, String error) {
        if ("Cutover.RollbackWindowOver".equals(error)) {
            return stateName + ": the window is over (" + error + ", caught as planned)";
        }
        if ("Cutover.RollbackWindowClosed".equals(error)) {
            return stateName + ": the window was closed early (" + error + ", caught as planned)";
        }
        if ("Cutover.RollbackRequested".equals(error)) {
            return stateName + ": a rollback was requested (" + error + ")";
        }
        return stateName + " caught " + (error == null ? "an error" : error);
    }

    private void tick() {
        try {
            String status = status();
            synchronized (this) {
                if (status == null) {
                    clearStatus();
                    return;
                }
                long now = System.nanoTime();
                if (terminal) {
                    out.print("\r\033[2K" + status);
                    statusShown = true;
                    out.flush();
                } else if (now - lastStatusPrinted > 10_000_000_000L) {
                    lastStatusPrinted = now;
                    out.println(stamp() + "  " + status);
                    out.flush();
                }
            }
        } catch (RuntimeException e) {
            // a status line is best effort: the engine may be closing
        }
    }

    /** The status line of the current phase, or null when it has none. */
    String status() {
        String p = phase;
        TaskRef t = task;
        LocalDmsEngine dms = this.dms;
        if (p == null || (t != null && dms == null)) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        if (t != null && p.equals("Full load")) {
            TaskProgress progress = dms.progress(t);
            int percent = progress.fullLoadPercent() == null ? 0 : progress.fullLoadPercent();
            long rows = progress.tables().stream().mapToLong(TableState::fullLoadRows).sum();
            int tables = progress.tables().size();
            b.append(bar(percent)).append(String.format(Locale.ROOT, " %3d%%  tables %d/%d", percent, progress.tablesLoaded(), tables));
            b.append(expectedRows > 0 ? String.format(Locale.ROOT, "  rows %,d/%,d", rows, expectedRows) : String.format(Locale.ROOT, "  rows %,d", rows));
            if (progress.tablesErrored() > 0) {
                b.append("  errored ").append(progress.tablesErrored());
            }
            b.append("  ").append(progress.status());
        } else if (t != null && (p.equals("CDC catch-up") || p.equals("Drain proof") || p.equals("Pre-freeze validation")
                || p.equals("Catch-up validation"))) {
            CdcSample s = dms.cdcSample(t);
            b.append(String.format(Locale.ROOT, "CDC lag source %s target %s  applied %,d ins %,d upd %,d del  waiting %s",
                    seconds(s.sourceLatencySeconds()), seconds(s.targetLatencySeconds()), s.inserts(), s.updates(), s.deletes(),
                    s.incomingChanges() == null ? "-" : String.format(Locale.ROOT, "%,d", s.incomingChanges())));
        } else if (!p.endsWith("approval")) {
            return null;
        } else {
            b.append("waiting for the ").append(p.toLowerCase(Locale.ROOT));
        }
        Workload w = workload;
        if (w != null) {
            Workload.Stats ws = w.stats();
            b.append(String.format(Locale.ROOT, "  | workload %,d tx", ws.committed()));
            if (ws.stopReason() == Workload.StopReason.FROZEN) {
                b.append(" (stopped by the freeze)");
            }
        }
        return b.toString();
    }

    static String bar(int percent) {
        int filled = Math.max(0, Math.min(BAR_WIDTH, percent * BAR_WIDTH / 100));
        return "[" + "█".repeat(filled) + "░".repeat(BAR_WIDTH - filled) + "]";
    }

    private static String seconds(Double s) {
        return s == null ? "-" : String.format(Locale.ROOT, "%.0f s", s);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 197) + "…" : line;
    }

    private void clearStatus() {
        if (statusShown) {
            out.print("\r\033[2K");
            statusShown = false;
        }
    }

    private String stamp() {
        long s = Duration.between(start, clock.instant()).toSeconds();
        return String.format(Locale.ROOT, "[%02d:%02d] ", s / 60, s % 60);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            clearStatus();
            out.flush();
        }
    }
}
