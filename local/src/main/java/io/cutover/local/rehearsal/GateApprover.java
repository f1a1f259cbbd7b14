package io.cutover.local.rehearsal;

import io.cutover.core.ports.Notification;
import io.cutover.local.approval.ApprovalLinks;
import io.cutover.local.approval.ApproveCommand;
import io.cutover.local.approval.HttpApprover;
import io.cutover.local.approval.LocalApprovalServer;
import io.cutover.local.approval.LocalInbox;
import io.cutover.local.rehearsal.RehearsalOptions.Approve;
import io.cutover.local.rehearsal.RehearsalOptions.Gate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers the approval requests that arrive in the local inbox. Automatic: opens the link of each request and
 * presses the button on the approval page over HTTP (the real callback handler decides, as a person's browser would
 * make it), approving, or rejecting at the gate named by {@code --reject-at}. CLI ({@code --approve cli}): the same
 * decisions through local/cutover-approve ({@link ApproveCommand}: list, then approve or reject the waiting gate). Manual: says where the page is and
 * leaves the decision to the person.
 */
public final class GateApprover implements AutoCloseable {
    /**
     * A decision taken here ({@code gate}: FREEZE, CUTOVER, ROLLBACK, as the message names it). {@code via}: "page" (then
     * {@code status} is the page's HTTP status) or "cli" (local/cutover-approve: {@code status} is its exit code, 0 done).
     */
    public record Decision(String gate, String action, Instant at, int status, String via) {}

    private static final Pattern GATE = Pattern.compile("\\(gate ([A-Z_]+)\\)");

    private final LocalApprovalServer server;
    private final Approve mode;
    private final Gate rejectAt;
    private final Consumer<String> say;
    private final Clock clock;
    private final HttpApprover http = new HttpApprover();
    private final List<Decision> decisions = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    public GateApprover(LocalApprovalServer server, Approve mode, Gate rejectAt, Consumer<String> say, Clock clock) {
        this.server = server;
        this.mode = mode;
        this.rejectAt = rejectAt;
        this.say = say;
        this.clock = clock;
        this.thread = new Thread(this::run, "cutover-rehearsal-approver");
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized List<Decision> decisions() {
        return List.copyOf(decisions);
    }

    /** The gate a request is for, from its text ("Decision: … (gate FREEZE)"). */
    static Optional<String> gate(Notification n) {
        Matcher m = GATE.matcher(n.body());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private void run() {
        LocalInbox inbox = server.inbox();
        int after = 0;
        while (!closed) {
            Notification request;
            try {
                request = inbox.awaitApprovalRequest(after, Duration.ofMillis(500));
            } catch (IllegalStateException timeout) {
                continue; // nothing yet (or interrupted by close)
            }
            after = numberOf(inbox, request, after);
            String gate = gate(request).orElse("?");
            if (mode == Approve.MANUAL) {
                say.accept(gate.equals("ROLLBACK")
                        ? "    the rollback window is open: on " + server.url() + "/inbox, press “Roll back to the source” only to roll "
                                + "back, “Keep Aurora” to close the window now; leave it and the window ends as planned"
                        : "    waiting for your decision on the " + gate.toLowerCase(Locale.ROOT) + " gate: open " + server.url()
                                + "/inbox, read the evidence, follow the link and press Approve or Reject");
                continue;
            }
            if (!gate.equals(Gate.FREEZE.name()) && !gate.equals(Gate.CUTOVER.name()) && !gate.equals(Gate.SWITCH.name())) {
                // The rollback decision during the rollback window: approving would roll back a good migration, and
                // rejecting would close the window early. Unanswered, the window ends as planned.
                say.accept("    left the " + gate.toLowerCase(Locale.ROOT) + " gate unanswered: the rollback window runs its course");
                continue;
            }
            String action = gate.equals(rejectAt == null ? null : rejectAt.name()) ? "reject" : "approve";
            if (mode == Approve.CLI) {
                decideWithTheCommand(gate, action);
                continue;
            }
            say.accept("    " + (action.equals("approve") ? "approving" : "REJECTING") + " the " + gate.toLowerCase(Locale.ROOT)
                    + " gate on the approval page" + (action.equals("reject") ? " (--reject-at)" : ""));
            try {
                ApprovalLinks links = ApprovalLinks.of(request);
                boolean inAdvance = mode == Approve.IN_ADVANCE && action.equals("approve") && gate.equals(Gate.FREEZE.name());
                HttpApprover.Page page = http.decide(action.equals("approve") ? links.approve() : links.reject(), action,
                        "rehearsal (automatic)", action.equals("approve") ? "approved by local/rehearse --approve "
                                + mode.name().toLowerCase(Locale.ROOT).replace('_', '-')
                                : "rejected by local/rehearse --reject-at " + rejectAt.name().toLowerCase(Locale.ROOT),
                        // the freeze page's check box "Freeze, and cut over as soon as the drain and validation are clean"
                        inAdvance ? java.util.Map.of("cutoverInAdvance", "yes") : java.util.Map.of());
                synchronized (this) {
                    decisions.add(new Decision(gate, action, clock.instant(), page.status(), "page"));
                }
                if (page.status() != 200) {
                    say.accept("    the approval page answered HTTP " + page.status() + ": the decision may not have been taken");
                }
            } catch (RuntimeException e) {
                say.accept("    could not decide on the approval page: " + e.getMessage());
            }
        }
    }

    /**
     * As an operator without the email: {@code local/cutover-approve list}, then {@code approve ID} (or {@code reject}) on
     * the waiting gate, through {@link ApproveCommand} on the page's own ports (the same store and callbacks).
     */
    private void decideWithTheCommand(String gate, String action) {
        say.accept("    " + (action.equals("approve") ? "approving" : "REJECTING") + " the " + gate.toLowerCase(Locale.ROOT)
                + " gate with local/cutover-approve" + (action.equals("reject") ? " (--reject-at)" : ""));
        var ports = server.ports();
        ApproveCommand command = new ApproveCommand(ports, ApproveCommand.Resender.local(ports), () -> OPERATOR,
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), new java.io.StringReader(""));
        command.run("list");
        var waiting = ports.approvals().waiting(clock.instant()).stream()
                .filter(a -> a.gate().name().equals(gate) && a.status() == io.cutover.core.ports.approval.ApprovalStatus.PENDING)
                .toList();
        if (waiting.isEmpty()) {
            say.accept("    local/cutover-approve list shows no waiting " + gate.toLowerCase(Locale.ROOT) + " gate");
            return;
        }
        String id = waiting.get(waiting.size() - 1).approvalId();
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        int code = new ApproveCommand(ports, ApproveCommand.Resender.local(ports), () -> OPERATOR,
                new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8), new java.io.StringReader(""))
                .run(action, id, "--yes", "--comment", action.equals("approve") ? "approved by local/rehearse --approve cli"
                        : "rejected by local/rehearse --reject-at " + rejectAt.name().toLowerCase(Locale.ROOT));
        synchronized (this) {
            decisions.add(new Decision(gate, action, clock.instant(), code, "cli"));
        }
        if (code != 0) {
            say.accept("    local/cutover-approve answered (exit " + code + "): "
                    + printed.toString(java.nio.charset.StandardCharsets.UTF_8).strip());
        }
    }

    /** Who decides in a rehearsal with --approve cli (in AWS: the caller's ARN from STS). */
    static final String OPERATOR = "local/rehearse operator (--approve cli)";

    /** The number of the message just received, so that the next wait starts after it. */
    private static int numberOf(LocalInbox inbox, Notification n, int after) {
        for (LocalInbox.Message m : inbox.messages()) {
            if (m.number() > after && m.notification().equals(n)) {
                return m.number();
            }
        }
        return after + 1;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
