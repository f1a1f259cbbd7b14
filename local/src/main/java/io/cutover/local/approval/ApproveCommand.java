package io.cutover.local.approval;

import io.cutover.approval.ApprovalCallback;
import io.cutover.approval.ApprovalReminders;
import io.cutover.core.aws.AwsClients;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.Env;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.approval.Approval;
import io.cutover.core.ports.approval.ApprovalAction;
import io.cutover.core.ports.approval.Decision;
import io.cutover.core.ports.approval.Gate;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code local/cutover-approve}: the second way to decide a gate, for an operator with their own AWS credentials, when
 * the approval message was lost (spam filter, unsubscribed approver) or the page cannot be reached. It reads the
 * approval store (the DynamoDB table of the deployment), decides through the same path as the page's button
 * ({@link ApprovalCallback#decide}: the store's conditional claim, so that a command and a link click on one gate
 * cannot both win), records who decided from STS GetCallerIdentity with the channel {@value Decision#CLI}, and
 * re-sends a gate's links on the approvals topic ({@link ApprovalReminders#resend}, through the deployed reminder
 * function, which holds the signing key: {@link LambdaResender}).
 *
 * <pre>
 * local/cutover-approve list                              the gates waiting for a decision
 * local/cutover-approve show ID                           a gate's evidence and what each answer does
 * local/cutover-approve approve|reject ID [--comment T]   decide the freeze or the cutover gate
 * local/cutover-approve roll-back|keep-aurora ID          decide the rollback gate
 * local/cutover-approve resend ID                         send the gate's links to the approvals topic again
 * </pre>
 *
 * A decision asks for confirmation on the terminal (type the action's word) unless {@code --yes} is given.
 */
public final class ApproveCommand {
    static final String USAGE = """
            usage: local/cutover-approve list
                   local/cutover-approve show ID
                   local/cutover-approve approve ID [--comment TEXT] [--yes]       (freeze and cutover gates)
                   local/cutover-approve reject ID [--comment TEXT] [--yes]        (freeze and cutover gates)
                   local/cutover-approve roll-back ID [--comment TEXT] [--yes]     (rollback gate: roll back to the source)
                   local/cutover-approve keep-aurora ID [--comment TEXT] [--yes]   (rollback gate: keep Aurora, close the window)
                   local/cutover-approve resend ID
            settings (environment; values from the stack's outputs, docs/approvals.md):
              AWS_REGION, APPROVALS_TABLE (ApprovalsTableName); for resend also
              REMIND_APPROVALS_FUNCTION (RemindApprovalsFunctionName); permissions: ApprovalOperatorPolicyArn
            """;

    /** Exit codes: 0 done, 1 refused or not delivered (nothing changed, or unknown), 2 usage or settings. */
    static final int OK = 0;
    static final int REFUSED = 1;
    static final int USAGE_ERROR = 2;

    /** Sends a gate's links again: the deployed reminder function in AWS (it holds the signing key), the logic locally. */
    @FunctionalInterface
    public interface Resender {
        ApprovalReminders.Resent resend(String approvalId, String requestedBy);

        /** In this JVM, with these ports (tests, the rehearsal). */
        static Resender local(Ports ports) {
            return (id, who) -> new ApprovalReminders(ports).resend(id, who);
        }
    }

    private final Ports ports;
    private final Resender resender;
    private final Supplier<String> caller;
    private final PrintStream out;
    private final BufferedReader in;

    /**
     * @param caller who runs the command (an ARN, from STS GetCallerIdentity in AWS), asked only when deciding or
     *               re-sending
     */
    public ApproveCommand(Ports ports, Resender resender, Supplier<String> caller, PrintStream out, Reader in) {
        this.ports = ports;
        this.resender = resender;
        this.caller = caller;
        this.out = out;
        this.in = new BufferedReader(in);
    }

    /** A setting the command needs, and the stack output that gives it. */
    static final java.util.Map<String, String> SETTINGS = java.util.Map.of(Env.REGION, "the stack's Region",
            Env.APPROVALS_TABLE, "the stack's output ApprovalsTableName");

    public static void main(String[] args) {
        Env env = Env.system();
        boolean help = java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h");
        for (var setting : new java.util.TreeMap<>(SETTINGS).entrySet()) {
            if (!help && env.optional(setting.getKey()) == null) {
                System.err.println("cutover-approve: set " + setting.getKey() + " (" + setting.getValue() + "; docs/approvals.md)");
                System.exit(USAGE_ERROR);
            }
        }
        AwsClients clients = new AwsClients(env);
        Supplier<String> caller = () -> callerIdentity(clients);
        int code;
        try {
            code = new ApproveCommand(new AwsPorts(clients), new LambdaResender(clients), caller, System.out,
                    new InputStreamReader(System.in, StandardCharsets.UTF_8)).run(args);
        } catch (ConfigurationException e) {
            System.err.println("cutover-approve: " + e.getMessage());
            code = USAGE_ERROR;
        } catch (RuntimeException e) {
            System.err.println("cutover-approve: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            code = REFUSED;
        }
        System.exit(code);
    }

    /**
     * The ARN of the credentials in use: STS GetCallerIdentity, which needs no permission
     * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html: "No permissions are required
     * to perform this operation").
     */
    public static String callerIdentity(AwsClients clients) {
        try (StsClient sts = clients.build(StsClient.builder(), "STS")) {
            return sts.getCallerIdentity().arn();
        } catch (SdkException e) {
            throw new ConfigurationException("cannot tell who you are (STS GetCallerIdentity failed: " + e.getMessage()
                    + "): give AWS credentials as for the aws CLI (environment, profile, or `aws configure export-credentials`)");
        }
    }

    public int run(String... args) {
        List<String> words = new ArrayList<>();
        String comment = null;
        boolean yes = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--comment" -> {
                    if (i + 1 >= args.length) {
                        return usage("--comment needs a text");
                    }
                    comment = args[++i];
                }
                case "--yes" -> yes = true;
                case "-h", "--help" -> {
                    out.print(USAGE);
                    return OK;
                }
                default -> {
                    // approval ids are base64url (22 characters of A-Z a-z 0-9 _ -): one may begin with "--"
                    if (args[i].startsWith("--") && !args[i].matches("[A-Za-z0-9_-]{22}")) {
                        return usage("unknown option " + args[i]);
                    }
                    words.add(args[i]);
                }
            }
        }
        if (words.isEmpty()) {
            return usage("say what to do");
        }
        String verb = words.get(0).toLowerCase(Locale.ROOT);
        if (verb.equals("list")) {
            return words.size() == 1 ? list() : usage("list takes no argument");
        }
        if (words.size() != 2) {
            return usage(verb + " takes one approval id (from `list`)");
        }
        String id = words.get(1);
        return switch (verb) {
            case "show" -> show(id);
            case "resend" -> resend(id);
            case "approve", "reject", "roll-back", "keep-aurora" -> decide(id, verb, comment, yes);
            default -> usage("unknown command " + verb);
        };
    }

    private int list() {
        Instant now = now();
        List<Approval> waiting = ports.approvals().waiting(now);
        if (waiting.isEmpty()) {
            out.println("No gate is waiting for a decision.");
            return OK;
        }
        out.printf("%-22s  %-8s  %-20s  %-8s  %-20s  %s%n", "ID", "GATE", "MIGRATION", "STATUS", "WAITING SINCE", "DECIDE BY");
        for (Approval a : waiting) {
            out.printf("%-22s  %-8s  %-20s  %-8s  %-20s  %s%n", a.approvalId(), a.gate(), a.migrationId(), a.status(),
                    a.createdAt() == null ? "?" : a.createdAt() + " (" + ago(a.createdAt(), now) + ")",
                    a.expiresAt() + " (in " + human(Duration.between(now, a.expiresAt())) + ")");
        }
        out.println("Decide with: local/cutover-approve " + actionWords(waiting.get(0).gate()) + " ID   (show ID first)");
        return OK;
    }

    private int show(String id) {
        Instant now = now();
        Optional<Approval> found = ports.approvals().find(id).map(Approval::withoutToken);
        if (found.isEmpty()) {
            out.println("No approval " + id + " (see `list`).");
            return REFUSED;
        }
        Approval a = found.get();
        out.println("Approval   " + a.approvalId());
        out.println("Migration  " + a.migrationId());
        out.println("Gate       " + a.gate() + ": " + a.gate().action());
        out.println("Execution  " + a.executionName() + (a.stateName() == null ? "" : " (state \"" + a.stateName() + "\")"));
        out.println("Status     " + a.status() + (a.decision() == null ? "" : ": " + describe(a.decision())));
        out.println("Requested  " + (a.createdAt() == null ? "?" : a.createdAt() + " (" + ago(a.createdAt(), now) + ")"));
        out.println("Decide by  " + a.expiresAt() + (a.isExpired(now) ? " (expired)" : " (in " + human(Duration.between(now, a.expiresAt())) + ")"));
        if (a.consequences() != null) {
            out.println();
            out.println(word(a.gate(), ApprovalAction.APPROVE) + ": " + a.consequences().onApprove());
            out.println(word(a.gate(), ApprovalAction.REJECT) + ": " + a.consequences().onReject());
            out.println("nobody decides in time: " + a.consequences().onTimeout());
        }
        out.println();
        out.println("Evidence (as measured when the gate was requested):");
        out.println(a.evidence() == null ? "  (none)" : Json.writePretty(a.evidence()));
        return OK;
    }

    private int decide(String id, String verb, String comment, boolean yes) {
        Instant now = now();
        Approval a = ports.approvals().find(id).map(Approval::withoutToken).orElse(null);
        if (a == null) {
            out.println("No approval " + id + " (see `list`). Nothing was decided.");
            return REFUSED;
        }
        ApprovalAction action = action(a.gate(), verb);
        if (action == null) {
            return usage("the " + a.gate() + " gate is decided with " + actionWords(a.gate()) + ", not " + verb);
        }
        String who = caller.get();
        if (!yes) {
            out.println("You are " + who + ".");
            out.println("Gate " + a.gate() + " of migration " + a.migrationId() + " (" + a.executionName() + "): "
                    + verb + ".");
            if (a.consequences() != null) {
                out.println("What happens: " + (action == ApprovalAction.APPROVE ? a.consequences().onApprove()
                        : a.consequences().onReject()));
            }
            out.print("Type " + verb + " to confirm: ");
            out.flush();
            String answer = readLine();
            if (answer == null || !answer.strip().equalsIgnoreCase(verb)) {
                out.println("Not confirmed. Nothing was decided.");
                return REFUSED;
            }
        }
        Decision decision = new Decision(ApprovalCallback.newDecisionId(), action, who, comment, null,
                "cutover-approve", now, Decision.CLI);
        ApprovalCallback.Delivery delivery = new ApprovalCallback(ports).decide(id, decision, now);
        Approval shown = delivery.approval();
        switch (delivery.outcome()) {
            case DELIVERED, DELIVERED_ON_RETRY -> {
                out.println("Decided: " + verb + " (" + delivery.decision().action().outcome() + ") by " + who + ", recorded "
                        + "with channel " + Decision.CLI + ".");
                if (shown.consequences() != null) {
                    out.println("What happens now: " + (action == ApprovalAction.APPROVE ? shown.consequences().onApprove()
                            : shown.consequences().onReject()));
                }
                return OK;
            }
            case ALREADY_DECIDED -> {
                out.println("Already decided: " + (shown.decision() == null ? shown.status().name()
                        : describe(shown.decision())) + ". Each gate is decided once: nothing was changed.");
                return REFUSED;
            }
            case EXPIRED -> {
                out.println("Expired at " + shown.expiresAt() + ": nothing was decided. "
                        + (shown.consequences() == null ? "" : "What happens: " + shown.consequences().onTimeout()));
                return REFUSED;
            }
            case NOT_FOUND -> {
                out.println("No approval " + id + ". Nothing was decided.");
                return REFUSED;
            }
            case NO_LONGER_WAITING, NO_LONGER_WAITING_OR_DELIVERED -> {
                out.println("Recorded, but the execution is no longer waiting (it timed out or was stopped"
                        + (delivery.outcome() == ApprovalCallback.Outcome.NO_LONGER_WAITING_OR_DELIVERED
                        ? ", or an earlier unconfirmed attempt delivered it" : "") + "): see its history in the Step Functions console.");
                return REFUSED;
            }
            case UNCONFIRMED -> {
                out.println("Could not confirm that Step Functions received the decision: it may or may not have arrived. "
                        + "Run the same command again in a minute (sending it twice is harmless; the other answer is refused).");
                return REFUSED;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private int resend(String id) {
        String who = caller.get();
        ApprovalReminders.Resent resent = resender.resend(id, who);
        switch (resent) {
            case SENT -> out.println("The links of " + id + " were sent again to the approvals topic.");
            case NOT_FOUND -> out.println("No approval " + id + " (see `list`). Nothing was sent.");
            case EXPIRED -> out.println("Approval " + id + " has expired. Nothing was sent.");
            case NOT_WAITING -> out.println("Approval " + id + " is already decided or being decided. Nothing was sent.");
        }
        return resent == ApprovalReminders.Resent.SENT ? OK : REFUSED;
    }

    /**
     * The words of each gate's two answers. The rollback gate's approve is the destructive choice: it is "roll-back"
     * (to the source), its reject "keep-aurora"; approve and reject are refused there.
     */
    static ApprovalAction action(Gate gate, String verb) {
        if (gate == Gate.ROLLBACK) {
            return switch (verb) {
                case "roll-back" -> ApprovalAction.APPROVE;
                case "keep-aurora" -> ApprovalAction.REJECT;
                default -> null;
            };
        }
        return switch (verb) {
            case "approve" -> ApprovalAction.APPROVE;
            case "reject" -> ApprovalAction.REJECT;
            default -> null;
        };
    }

    static String actionWords(Gate gate) {
        return gate == Gate.ROLLBACK ? "roll-back|keep-aurora" : "approve|reject";
    }

    private static String word(Gate gate, ApprovalAction action) {
        if (gate == Gate.ROLLBACK) {
            return action == ApprovalAction.APPROVE ? "roll-back" : "keep-aurora";
        }
        return action.param();
    }

    private static String describe(Decision d) {
        return d.action().outcome() + " by " + d.decidedBy() + " (" + d.channel() + ")"
                + (d.decidedAt() == null ? "" : " at " + d.decidedAt());
    }

    private Instant now() {
        return ports.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private String readLine() {
        try {
            return in.readLine();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int usage(String problem) {
        out.println("cutover-approve: " + problem);
        out.print(USAGE);
        return USAGE_ERROR;
    }

    private static String ago(Instant then, Instant now) {
        return human(Duration.between(then, now)) + " ago";
    }

    static String human(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        return s / 3600 + " h " + (s % 3600) / 60 + " min";
    }
}
