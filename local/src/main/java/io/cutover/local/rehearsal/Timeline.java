package io.cutover.local.rehearsal;

import io.cutover.local.asl.ExecutionEvent;
import io.cutover.local.rehearsal.Invocations.Invocation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The rehearsal's timeline, built from the recorded handler calls and the execution's events: the phases in order
 * with their durations; the application downtime (from the freeze, when the source starts refusing the application's
 * writes, to "8 Notify: ready to switch", when the target may take them) with the phases it is made of; and the
 * write-freeze window (from the freeze to the cutover point, the stop of the DMS task after the cutover approval)
 * with where its seconds went. Phases are recognised by handler class and by what the
 * payload asked (gate, validation pass, lag phase), not by state names, so the timeline follows the state machine
 * as it is written.
 */
public record Timeline(Instant start, Instant end, List<Phase> phases, Optional<FreezeWindow> freezeWindow,
                       Optional<Downtime> downtime) {

    public record Phase(String name, Instant start, Instant end) {
        public Duration duration() {
            return Duration.between(start, end);
        }
    }

    /**
     * {@code seconds}: freeze (read_only set) to the cutover point. {@code parts}: drain proof, post-freeze validation,
     * rollback position, cutover approval, stop; {@code other} is what is left (state transitions, notifications).
     * {@code endedAtCutoverPoint} is false when the migration did not reach the cutover point (a rollback): the window
     * then ends when the source was unfrozen, or at the end of the run.
     */
    public record FreezeWindow(Instant frozenAt, Instant endedAt, boolean endedAtCutoverPoint, Map<String, Double> parts) {
        public double seconds() {
            return Duration.between(frozenAt, endedAt).toMillis() / 1000.0;
        }

        public double other() {
            return Math.max(0, seconds() - parts.values().stream().mapToDouble(Double::doubleValue).sum());
        }
    }

    /**
     * What the application feels: from the freeze (read_only set: the source refuses its writes) to the moment Cutover
     * says "ready to switch" (the READY_TO_SWITCH notification is sent: the target may take the writes), or, when the
     * migration rolled back, to the unfreeze (the source takes writes again), or to the end of the run.
     * {@code parts}: the seconds of each phase inside that span (a phase runs from its first call to the next phase's
     * first call, so the waits and transitions between calls count in the phase they belong to, and the parts add up
     * to the whole).
     */
    public record Downtime(Instant frozenAt, Instant endedAt, boolean endedReadyToSwitch, Map<String, Double> parts) {
        public double seconds() {
            return Duration.between(frozenAt, endedAt).toMillis() / 1000.0;
        }
    }

    /** The phase a call belongs to, or null when it continues the current phase (notifications, status polls). */
    static String phaseOf(Invocation call, State state) {
        String pass = call.field("pass");
        return switch (call.simpleHandler()) {
            case "ValidateInputHandler" -> "Validate input";
            case "CheckSourceReadinessHandler", "CheckTargetReadinessHandler", "PublishReadinessHandler" -> "Readiness checks";
            case "CreateTargetSchemaHandler", "PrepareForeignKeysHandler", "CreateHeartbeatTableHandler" -> "Prepare the target";
            case "CheckTargetForReplicationHandler" -> "true".equals(call.field("checkOrphans")) ? "Full load" : "Prepare the target";
            case "EnsureEndpointsHandler", "StartConnectionTestsHandler", "PollConnectionTestsHandler", "BuildTaskSettingsHandler",
                 "CreateTaskHandler", "StartAssessmentHandler", "PollAssessmentHandler" -> "Replication set-up";
            case "StartReplicationHandler", "PollFullLoadHandler", "SetTargetInitStatementsHandler" -> "Full load";
            case "PollCdcCaughtUpHandler" -> "DRAIN".equals(call.field("phase")) ? "Drain proof" : "CDC catch-up";
            case "PlanValidationHandler", "ValidateBatchHandler", "RecheckMismatchesHandler", "SummarizeValidationHandler" ->
                    "post-freeze".equals(pass) ? "Post-freeze validation" : "catch-up".equals(pass) ? "Catch-up validation" : "Pre-freeze validation";
            case "RequestApprovalHandler" -> switch (String.valueOf(call.field("gate"))) {
                case "CUTOVER" -> "Cutover approval";
                case "SWITCH" -> "Switch acknowledgement";
                case "ROLLBACK" -> "Rollback window";
                default -> "Freeze approval";
            };
            case "FreezeWritesHandler" -> "Write freeze";
            case "ProveDrainHandler" -> "Drain proof";
            case "RecordRollbackPositionHandler" -> state.frozen ? "Rollback position" : null;
            case "StopTaskHandler" -> state.cutoverApproved && !state.unfrozen ? "Stop DMS (cutover point)" : null;
            case "ExtractDeferredObjectsHandler", "ApplyDeferredObjectsHandler" -> "Deferred objects";
            // the orphan scan of the source before the freeze, after the pre-freeze validation pass; the foreign keys after the cutover point
            // and the orphan check of the rows changed before the catch-up validation, on the source too
            case "RecreateForeignKeysHandler" -> switch (String.valueOf(call.field("step"))) {
                case "ORPHANS_BEFORE_FREEZE" -> "Orphan scan (source)";
                case "ORPHANS_SINCE_CATCH_UP" -> "Orphan check since the scan (source)";
                default -> "Foreign keys";
            };
            case "ValidateSchemaHandler" -> state.windowOpened ? "Post-go-live checks" : "Schema validation";
            // the restore point is recorded inside the application downtime; the wait until the cluster's backups reach it
            // and the snapshot come after READY_TO_SWITCH and the switch
            case "CreateSnapshotHandler" -> "RESTORE_POINT".equals(call.field("step")) ? "Restore point" : "Snapshot";
            case "PollSnapshotHandler" -> "RESTORE_POINT".equals(call.field("step")) ? "Restorable time" : "Snapshot";
            case "RollbackWindowHandler" -> "Rollback window";
            case "UnfreezeHandler" -> "Rollback: unfreeze";
            case "ApplicationSwitchHandler" -> "REVERSE".equals(call.field("direction")) ? "Rollback: reverse the switch" : "Application switch";
            default -> null;
        };
    }

    /** What has happened so far, as the calls are read in order. */
    static final class State {
        boolean frozen;
        boolean cutoverApproved;
        boolean unfrozen;
        boolean windowOpened;

        /** What a finished call changed: the freeze, the unfreeze, the rollback window opening. */
        void observe(Invocation call) {
            if (call.error() != null) {
                return;
            }
            switch (call.simpleHandler()) {
                case "FreezeWritesHandler" -> frozen |= call.result() != null && call.result().path("frozen").asBoolean(true);
                case "UnfreezeHandler" -> unfrozen |= frozen;
                case "RollbackWindowHandler" -> windowOpened = true;
                case "RequestApprovalHandler" -> windowOpened |= "ROLLBACK".equals(call.field("gate"));
                default -> { }
            }
        }
    }

    public static Timeline of(List<Invocation> calls, List<ExecutionEvent> events, Instant start, Instant end) {
        State state = new State();
        List<Phase> phases = new ArrayList<>();
        String current = null;
        Instant currentStart = null;
        Instant frozenAt = null;
        Instant drainProvenAt = null;
        Instant stopRequestedAt = null;
        Instant stoppedAt = null;
        Instant unfrozenAt = null;
        Instant readyAt = null;
        Map<String, Instant[]> spans = new LinkedHashMap<>(); // part → [first start, last end] inside the window
        for (Invocation call : calls) {
            if (!state.cutoverApproved && approvedInAdvance(events, call.start())) {
                state.cutoverApproved = true; // the freeze approval gave the cutover approval too: no cutover gate
            }
            String phase = phaseOf(call, state);
            if (phase != null && !phase.equals(current)) {
                if (current != null) {
                    phases.add(new Phase(current, currentStart, call.start()));
                }
                current = phase;
                currentStart = call.start();
            }
            String h = call.simpleHandler();
            boolean wasFrozen = state.frozen;
            boolean wasUnfrozen = state.unfrozen;
            state.observe(call);
            if (state.frozen && !wasFrozen) {
                frozenAt = call.end();
            }
            if (state.unfrozen && !wasUnfrozen) {
                unfrozenAt = call.end();
            }
            if (readyAt == null && frozenAt != null && unfrozenAt == null && call.error() == null && h.equals("NotifyHandler")
                    && "READY_TO_SWITCH".equals(call.field("event"))) {
                readyAt = call.end();
            }
            if (h.equals("RequestApprovalHandler") && "CUTOVER".equals(call.field("gate"))) {
                Instant decided = decision(events, call).orElse(null);
                if (decided != null && frozenAt != null) {
                    span(spans, "cutover approval", call.start(), decided);
                }
                if (approved(events, call)) {
                    state.cutoverApproved = true;
                }
            }
            if (frozenAt != null && stopRequestedAt == null && unfrozenAt == null) {
                switch (h) {
                    case "ProveDrainHandler" -> {
                        if ("DONE".equals(call.outcome()) && drainProvenAt == null) {
                            drainProvenAt = call.end();
                        }
                    }
                    case "PlanValidationHandler", "ValidateBatchHandler", "RecheckMismatchesHandler", "SummarizeValidationHandler" -> {
                        if ("post-freeze".equals(call.field("pass"))) {
                            span(spans, "post-freeze validation", call.start(), call.end());
                        }
                    }
                    case "RecordRollbackPositionHandler" -> span(spans, "rollback position", call.start(), call.end());
                    case "StopTaskHandler" -> {
                        if (state.cutoverApproved && call.error() == null) {
                            span(spans, "stop DMS", call.start(), call.end());
                            stopRequestedAt = call.end();
                        }
                    }
                    default -> { }
                }
            } else if (stopRequestedAt != null && stoppedAt == null && h.equals("PollTaskStatusHandler")
                    && "STOPPED".equals(call.field("awaiting"))) {
                // the cutover point is when DMS has stopped: the poll that sees it
                span(spans, "stop DMS", call.start(), call.end());
                if ("DONE".equals(call.outcome())) {
                    stoppedAt = call.end();
                }
            }
        }
        Instant cutoverPoint = stoppedAt != null ? stoppedAt : stopRequestedAt;
        if (current != null) {
            phases.add(new Phase(current, currentStart, end));
        }
        Optional<FreezeWindow> window = Optional.empty();
        Optional<Downtime> downtime = Optional.empty();
        if (frozenAt != null) {
            Instant downEnd = readyAt != null ? readyAt : unfrozenAt != null ? unfrozenAt : end;
            downtime = Optional.of(new Downtime(frozenAt, downEnd, readyAt != null, within(phases, frozenAt, downEnd)));
            Map<String, Double> parts = new LinkedHashMap<>();
            if (drainProvenAt != null) {
                parts.put("drain proof", seconds(frozenAt, drainProvenAt));
            }
            spans.forEach((name, s) -> parts.put(name, seconds(s[0], s[1])));
            Instant windowEnd = cutoverPoint != null ? cutoverPoint : unfrozenAt != null ? unfrozenAt : end;
            window = Optional.of(new FreezeWindow(frozenAt, windowEnd, cutoverPoint != null, parts));
        }
        return new Timeline(start, end, List.copyOf(phases), window, downtime);
    }

    /** The seconds of each phase inside [from, to], by phase name in lower case, in the order they first ran. */
    private static Map<String, Double> within(List<Phase> phases, Instant from, Instant to) {
        Map<String, Double> parts = new LinkedHashMap<>();
        for (Phase p : phases) {
            Instant a = p.start().isAfter(from) ? p.start() : from;
            Instant b = p.end().isBefore(to) ? p.end() : to;
            if (b.isAfter(a)) {
                parts.merge(p.name().toLowerCase(Locale.ROOT), seconds(a, b), Double::sum);
            }
        }
        return parts;
    }

    private static void span(Map<String, Instant[]> spans, String name, Instant from, Instant to) {
        Instant[] s = spans.get(name);
        if (s == null) {
            spans.put(name, new Instant[] {from, to});
        } else {
            s[1] = to.isAfter(s[1]) ? to : s[1];
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    /**
     * True when, before {@code before}, the state machine passed "5.5 Cutover approved at the freeze": the approver of
     * the freeze chose to cut over as soon as the drain and validation were clean, and they were.
     */
    private static boolean approvedInAdvance(List<ExecutionEvent> events, Instant before) {
        return events.stream().anyMatch(e -> IN_ADVANCE_STATE.equals(e.stateName()) && "StateExited".equals(e.type())
                && e.timestamp() <= before.toEpochMilli());
    }

    private static final String IN_ADVANCE_STATE = "5.5 Cutover approved at the freeze";

    /** When the gate's state ended (the decision arrived), from the execution's events. */
    private static Optional<Instant> decision(List<ExecutionEvent> events, Invocation call) {
        return gateEnd(events, call).map(e -> Instant.ofEpochMilli(e.timestamp()));
    }

    private static boolean approved(List<ExecutionEvent> events, Invocation call) {
        return gateEnd(events, call).map(e -> "StateExited".equals(e.type())).orElse(false);
    }

    private static Optional<ExecutionEvent> gateEnd(List<ExecutionEvent> events, Invocation call) {
        long after = call.start().toEpochMilli();
        return events.stream()
                .filter(e -> call.state() != null && call.state().equals(e.stateName()) && e.timestamp() >= after - 5)
                .filter(e -> "StateExited".equals(e.type()) || "StateFailed".equals(e.type()))
                .findFirst();
    }

    /** The timeline as the rehearsal prints it. */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append("Timeline (total ").append(format(Duration.between(start, end))).append(")\n");
        for (Phase p : phases) {
            b.append(String.format(Locale.ROOT, "  %-36s %10s   at %s%n", p.name(), format(p.duration()), format(Duration.between(start, p.start()))));
        }
        downtime.ifPresent(d -> {
            b.append(String.format(Locale.ROOT, "Application downtime: %.1f s %s%n", d.seconds(), d.endedReadyToSwitch()
                    ? "(freeze → ready to switch: the application can write nowhere)"
                    : "(freeze → unfreeze: the migration rolled back; writes went back to the source)"));
            d.parts().forEach((name, s) -> b.append(String.format(Locale.ROOT, "  %-36s %8.1f s%n", name, s)));
        });
        freezeWindow.ifPresent(w -> {
            b.append(String.format(Locale.ROOT, "Write-freeze window: %.1f s %s%n", w.seconds(),
                    w.endedAtCutoverPoint() ? "(freeze → cutover point)" : "(freeze → unfreeze: the migration rolled back)"));
            w.parts().forEach((name, s) -> b.append(String.format(Locale.ROOT, "  %-36s %8.1f s%n", name, s)));
            b.append(String.format(Locale.ROOT, "  %-36s %8.1f s%n", "other (transitions, notifications)", w.other()));
        });
        return b.toString();
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return String.format(Locale.ROOT, "%d min %02d s", ms / 60_000, (ms / 1000) % 60);
    }
}
