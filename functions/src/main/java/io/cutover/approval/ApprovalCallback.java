package io.cutover.approval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.aws.DynamoDbApprovalStore;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.approval.Approval;
import io.cutover.core.ports.approval.ApprovalAction;
import io.cutover.core.ports.approval.ApprovalStatus;
import io.cutover.core.ports.approval.ClaimResult;
import io.cutover.core.ports.approval.Decision;
import io.cutover.core.ports.approval.Gate;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The approval page behind API Gateway. GET (and HEAD) only verify the link and show the evidence with two
 * buttons: mail scanners open links before people do, so opening a link must change nothing. POST decides:
 * it verifies the signed link data carried by the form, the expiry and that nobody decided before (an atomic
 * claim in the store), then answers the waiting task: SendTaskSuccess on approve, SendTaskFailure with
 * {@value #REJECTED_ERROR} on reject. Every refusal is a clear page and changes nothing.
 */
public final class ApprovalCallback {
    /** The error the state machine catches when an approver rejects. */
    public static final String REJECTED_ERROR = "Cutover.ApprovalRejected";
    static final int MAX_NAME = 100;
    static final int MAX_COMMENT = 1000;
    static final int MAX_USER_AGENT = 200;
    /** The freeze gate's form field (a check box) that gives the cutover approval in advance, and its value when ticked. */
    static final String CUTOVER_IN_ADVANCE_FIELD = "cutoverInAdvance";
    static final String CUTOVER_IN_ADVANCE_VALUE = "yes";

    private static final Logger LOG = LoggerFactory.getLogger(ApprovalCallback.class);

    private final Ports ports;

    public ApprovalCallback(Ports ports) {
        this.ports = ports;
    }

    public HttpApiResponse handle(HttpApiRequest request) {
        Instant now = ports.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            return switch (request.method()) {
                case "GET", "HEAD" -> show(request, now);
                case "POST" -> decide(request, now);
                default -> {
                    Map<String, String> headers = new LinkedHashMap<>(ApprovalPage.headers());
                    headers.put("Allow", "GET, HEAD, POST");
                    yield HttpApiResponse.html(405, headers, ApprovalPage.message("bad", "Method not allowed",
                            List.of("Open the link from the message; decide with the buttons on the page."), null, now));
                }
            };
        } catch (RuntimeException e) {
            LOG.error("approval page failed for {}: {}", request, e.getClass().getName(), e);
            return page(500, "bad", "Something went wrong", List.of("Nothing was decided. Try again in a minute; "
                    + "if it keeps failing, ask the operator to look at the approval function's logs."), null, now);
        }
    }

    private HttpApiResponse show(HttpApiRequest request, Instant now) {
        Map<String, String> query = request.queryStringParameters().isEmpty()
                ? FormData.parse(request.rawQueryString()) : request.queryStringParameters();
        String approvalId = request.approvalId();
        LinkSigner signer = ApprovalEnvironment.signer(ports);
        LinkCheck check = signer.verify(approvalId, query.get("action"), query.get("expires"), query.get("sig"), now);
        if (!(check instanceof LinkCheck.Valid link)) {
            return refusedLink(check, now);
        }
        Approval approval = ports.approvals().find(approvalId).orElse(null);
        if (approval == null) {
            return notFound(now);
        }
        MDC.put("migration_id", approval.migrationId());
        if (approval.status() != ApprovalStatus.PENDING) {
            return alreadyDecided(approval, now);
        }
        if (approval.isExpired(now)) {
            return expired(approval.expiresAt(), approval, now);
        }
        LOG.info("approval {} shown ({} link)", approvalId, link.action().param());
        return HttpApiResponse.html(200, ApprovalPage.headers(),
                ApprovalPage.confirmation(approval, link.action(), form(signer, approval, null, null, null), now));
    }

    private HttpApiResponse decide(HttpApiRequest request, Instant now) {
        Map<String, String> form = FormData.parse(request.bodyText());
        String approvalId = request.approvalId();
        String actionParam = form.get("action");
        ApprovalAction action = ApprovalAction.fromParam(actionParam).orElse(null);
        String signature = action == ApprovalAction.REJECT ? form.get("rejectSig") : form.get("approveSig");
        LinkSigner signer = ApprovalEnvironment.signer(ports);
        LinkCheck check = signer.verify(approvalId, actionParam, form.get("expires"), signature, now);
        if (!(check instanceof LinkCheck.Valid)) {
            return refusedLink(check, now);
        }
        if (!sameOrigin(request)) {
            LOG.warn("approval {}: POST from another origin refused", approvalId);
            return page(403, "bad", "This form was sent from another site",
                    List.of("Decisions are only accepted from the approval page itself. Nothing was decided."), null, now);
        }
        String name = clean(form.get("name"), MAX_NAME);
        String comment = clean(form.get("comment"), MAX_COMMENT);
        if (name == null) {
            Approval approval = ports.approvals().find(approvalId).orElse(null);
            if (approval == null) {
                return notFound(now);
            }
            if (!approval.isOpen(now)) {
                return approval.status() == ApprovalStatus.PENDING ? expired(approval.expiresAt(), approval, now)
                        : alreadyDecided(approval, now);
            }
            return HttpApiResponse.html(400, ApprovalPage.headers(), ApprovalPage.confirmation(approval, action,
                    form(signer, approval, "Enter your name: it is recorded with the decision.", null, comment), now));
        }

        // The box on the freeze gate's page: the cutover approved in advance (only with Approve; the output reads it only
        // for the FREEZE gate, whatever a hand-made POST to another gate says).
        boolean cutoverInAdvance = action == ApprovalAction.APPROVE && CUTOVER_IN_ADVANCE_VALUE.equals(form.get(CUTOVER_IN_ADVANCE_FIELD));
        Decision decision = new Decision(newDecisionId(), action, name, comment, request.sourceIp(),
                clean(request.header("user-agent"), MAX_USER_AGENT), now, cutoverInAdvance, Decision.LINK);
        Delivery delivery = decide(approvalId, decision, now);
        Approval shown = delivery.approval();
        Decision delivered = delivery.decision();
        return switch (delivery.outcome()) {
            case NOT_FOUND -> notFound(now);
            case EXPIRED -> expired(shown.expiresAt(), shown, now);
            case ALREADY_DECIDED -> alreadyDecided(shown, now);
            case DELIVERED -> deliveredPage(shown, delivered, now, "");
            case DELIVERED_ON_RETRY -> deliveredPage(shown, delivered, now,
                    " (confirmed on a retry: Step Functions had already closed the task with it)");
            case NO_LONGER_WAITING_OR_DELIVERED -> page(410, "warn", "The migration is no longer waiting",
                    List.of("Your decision was recorded. An earlier attempt to deliver it got no answer, and the execution "
                                    + "is no longer waiting: either that attempt delivered it, or the approval timed out or the "
                                    + "execution was stopped. The execution's history in the Step Functions console says which.",
                            "If it timed out: " + onTimeout(shown)), shown, now);
            case NO_LONGER_WAITING -> page(410, "warn", "The migration is no longer waiting",
                    List.of("Your decision was recorded, but the execution had already stopped waiting for it: the "
                                    + "approval timed out or the execution was stopped. Nothing was changed.",
                            "If it timed out: " + onTimeout(shown)), shown, now);
            case UNCONFIRMED -> {
                String verb = shown.gate().label(delivered.action());
                yield page(503, "bad", "Your decision could not be confirmed",
                        List.of("Cutover could not confirm that Step Functions received your decision (" + delivered.action()
                                        .outcome().toLowerCase(java.util.Locale.ROOT) + "): it may or may not have arrived.",
                                "It stays the decision of this request: in a minute, open the link again and press " + verb
                                        + " to send it once more (sending it twice is harmless); the other button is refused from "
                                        + "now on. If it keeps failing, tell the operator."), shown, now);
            }
        };
    }

    /**
     * What became of a decision. {@code approval}: as it stands after it, without its task token (null only when
     * NOT_FOUND); {@code decision}: the one delivered (this one, or the earlier one of the same action that a retry
     * delivered once more), or this one when it was refused.
     */
    public record Delivery(Outcome outcome, Approval approval, Decision decision) {
        /** The decision reached the waiting task (DELIVERED, DELIVERED_ON_RETRY). */
        public boolean delivered() {
            return outcome == Outcome.DELIVERED || outcome == Outcome.DELIVERED_ON_RETRY;
        }
    }

    public enum Outcome {
        /** Step Functions received it: the migration goes on (approve) or takes the rejection path. */
        DELIVERED,
        /** Step Functions had already closed the task after an earlier, unconfirmed delivery of this same decision. */
        DELIVERED_ON_RETRY,
        /** The execution no longer waited (timed out or stopped); the decision is recorded, nothing changed. */
        NO_LONGER_WAITING,
        /** The execution no longer waits: an earlier unconfirmed delivery of it, a timeout or a stop closed it. */
        NO_LONGER_WAITING_OR_DELIVERED,
        /** Whether Step Functions received it is unknown: the claim is kept, the same decision may be sent again. */
        UNCONFIRMED,
        /** No approval has this id (or it was removed after its retention). */
        NOT_FOUND,
        /** Nobody decided before the expiry: nothing changed. */
        EXPIRED,
        /** Another decision claimed it first (a link click or a command): nothing changed. */
        ALREADY_DECIDED
    }

    /**
     * Decides an approval: the one path of every channel (the page's POST above, and the operator's command,
     * {@code local/cutover-approve}). The store's conditional claim lets exactly one of any number of racing
     * decisions through; the winner answers the waiting task. {@code decision} carries who, from where and how.
     */
    public Delivery decide(String approvalId, Decision decision, Instant now) {
        ApprovalAction action = decision.action();
        ClaimResult claim = ports.approvals().claim(approvalId, decision, now);
        if (claim instanceof ClaimResult.Refused refused && refused.reason() == ClaimResult.Reason.ALREADY_DECIDED
                && refused.current().status() == ApprovalStatus.DECIDING && refused.current().decision() != null
                && refused.current().decision().action() == action && refused.current().isOpenForDelivery(now)) {
            // The same decision again, while an earlier delivery of it is unconfirmed: deliver that decision once more
            // (never a different one: the other button is refused below, as "a decision is being delivered").
            Approval held = ports.approvals().find(approvalId).orElse(null); // with its task token
            if (held != null && held.taskToken() != null && held.isOpenForDelivery(now) && held.decision() != null
                    && held.decision().action() == action) {
                LOG.info("approval {}: retrying the delivery of the {} by {}", approvalId, action.param(), held.decision().decidedBy());
                return deliver(held, held.decision(), now, true);
            }
        }
        if (claim instanceof ClaimResult.Refused refused) {
            LOG.info("approval {}: {} by {} ({}) refused ({})", approvalId, action.param(), decision.decidedBy(),
                    decision.channel(), refused.reason());
            Outcome outcome = switch (refused.reason()) {
                case NOT_FOUND -> Outcome.NOT_FOUND;
                case EXPIRED -> Outcome.EXPIRED;
                case ALREADY_DECIDED -> Outcome.ALREADY_DECIDED;
            };
            return new Delivery(outcome, refused.current(), decision);
        }
        return deliver(((ClaimResult.Claimed) claim).approval(), decision, now, false);
    }

    /** A random id for a new decision (its claim). */
    public static String newDecisionId() {
        return HexFormat.of().formatHex(randomBytes());
    }

    /**
     * This request holds the approval: answer the waiting task, then record how that went. {@code redelivery}: an
     * earlier delivery of this same decision may have reached Step Functions (its answer was lost).
     *
     * <p>What Step Functions' answers mean (https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskSuccess.html):
     * TaskTimedOut is "the task token has either expired or the task associated with the token has already been
     * closed". Right after an attempt whose answer was lost, "closed" may be this decision's own doing: then, while the
     * gate's timeout cannot have passed yet, the decision is recorded as delivered. A failure that leaves it unknown
     * whether the decision arrived keeps the claim: the same decision can be sent again, a contradicting one never.
     */
    private Delivery deliver(Approval approval, Decision decision, Instant now, boolean redelivery) {
        MDC.put("migration_id", approval.migrationId());
        String token = approval.taskToken();
        String output = Json.write(output(approval, decision));
        try {
            if (decision.action() == ApprovalAction.APPROVE) {
                ports.callbacks().succeed(token, output);
            } else {
                ports.callbacks().fail(token, REJECTED_ERROR, output);
            }
        } catch (RuntimeException e) {
            boolean possiblyDelivered = redelivery || possiblyDelivered(e);
            if ((TaskGone.is(e) || possiblyDelivered(e)) && possiblyDelivered && approval.gateCannotHaveTimedOut(now)) {
                LOG.warn("approval {}: Step Functions reports the task closed after an unconfirmed delivery of this {}: recorded as "
                        + "delivered (the gate's timeout has not passed)", approval.approvalId(), decision.action().param());
                return delivered(approval, decision, now, Outcome.DELIVERED_ON_RETRY);
            }
            if (TaskGone.is(e) || possiblyDelivered(e)) {
                ports.approvals().finish(approval.approvalId(), decision.decisionId(), ApprovalStatus.NO_LONGER_WAITING, now);
                LOG.warn("approval {}: {} by {} arrived after the execution stopped waiting{}", approval.approvalId(),
                        decision.action().param(), decision.decidedBy(), possiblyDelivered ? " (or an earlier attempt delivered it)" : "");
                Approval shown = approval.withStatus(ApprovalStatus.NO_LONGER_WAITING, decision).withoutToken();
                return new Delivery(possiblyDelivered ? Outcome.NO_LONGER_WAITING_OR_DELIVERED : Outcome.NO_LONGER_WAITING,
                        shown, decision);
            }
            // Whether the decision arrived is unknown: keep this decision (DECIDING), so that only it can be sent again.
            LOG.error("approval {}: delivering the {} could not be confirmed; the claim is kept for a retry of the same decision: {}: {}",
                    approval.approvalId(), decision.action().param(), e.getClass().getName(),
                    TaskGone.redact(String.valueOf(e.getMessage()), token));
            return new Delivery(Outcome.UNCONFIRMED, approval.withoutToken(), decision);
        }
        return delivered(approval, decision, now, Outcome.DELIVERED);
    }

    private static boolean possiblyDelivered(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.cutover.core.ports.TaskCallbacks.PossiblyDeliveredException) {
                return true;
            }
        }
        return false;
    }

    /** The decision reached the task: record it. */
    private Delivery delivered(Approval approval, Decision decision, Instant now, Outcome outcome) {
        try {
            if (!ports.approvals().finish(approval.approvalId(), decision.decisionId(), ApprovalStatus.DECIDED, now)) {
                LOG.warn("approval {}: decision delivered but the store no longer held this claim", approval.approvalId());
            }
        } catch (RuntimeException e) {
            // Delivered is delivered: the page must say so. The token stays in the store until TTL removes it.
            LOG.error("approval {}: decision delivered, but recording it failed: {}", approval.approvalId(), e.getClass().getName());
        }
        LOG.info("approval {}: {} by {} ({})", approval.approvalId(), decision.action().outcome(), decision.decidedBy(),
                decision.channel());
        return new Delivery(outcome, approval.withStatus(ApprovalStatus.DECIDED, decision).withoutToken(), decision);
    }

    /** What the page says once the decision reached the task. */
    private static HttpApiResponse deliveredPage(Approval shown, Decision decision, Instant now, String note) {
        if (shown.gate() == io.cutover.core.ports.approval.Gate.ROLLBACK) {
            boolean rollBack = decision.action() == ApprovalAction.APPROVE;
            return page(200, rollBack ? "warn" : "ok", shown.gate().label(decision.action()), List.of("Thank you, "
                    + decision.decidedBy() + ". Your choice (" + shown.gate().label(decision.action()) + ") was recorded and "
                    + "sent to the migration" + note + ".", "What happens now: " + (rollBack ? shown.consequences().onApprove()
                    : shown.consequences().onReject())), shown, now);
        }
        if (decision.action() == ApprovalAction.APPROVE) {
            return page(200, "ok", "Approved", List.of("Thank you, " + decision.decidedBy() + ". Your approval was recorded "
                    + "and the migration goes on" + note + ".", "What happens now: " + shown.consequences().onApprove()), shown, now);
        }
        return page(200, "warn", "Rejected", List.of("Thank you, " + decision.decidedBy() + ". Your rejection was recorded "
                + "and sent to the migration" + note + ".", "What happens now: " + shown.consequences().onReject()), shown, now);
    }

    /** The task output (approve) or the failure cause (reject): who decided what, when and from where. */
    static ObjectNode output(Approval approval, Decision decision) {
        ObjectNode out = Json.object();
        out.put("decision", decision.action().outcome());
        out.put("gate", approval.gate().name());
        out.put("approvalId", approval.approvalId());
        out.put("migrationId", approval.migrationId());
        out.put("decidedBy", decision.decidedBy());
        if (decision.comment() != null) {
            out.put("comment", decision.comment());
        }
        out.put("decidedAt", decision.decidedAt().toString());
        out.put("channel", decision.channel());
        if (approval.gate() == Gate.FREEZE && decision.action() == ApprovalAction.APPROVE) {
            // read by "5.5 Cutover approved in advance?": true skips the cutover gate when the drain and validation are clean
            out.put("cutoverInAdvance", decision.cutoverInAdvance());
        }
        if (decision.sourceIp() != null) {
            out.put("sourceIp", decision.sourceIp());
        }
        return out;
    }

    private HttpApiResponse refusedLink(LinkCheck check, Instant now) {
        return switch (check) {
            case LinkCheck.Malformed m -> page(400, "bad", "This link is incomplete",
                    List.of("Its " + m.field() + " is missing or damaged. Open the link exactly as it was sent (copy the "
                            + "whole address if your mail program split it). Nothing was decided."), null, now);
            case LinkCheck.Forged f -> page(403, "bad", "This link is not valid",
                    List.of("It was changed, or it was not issued by this Cutover deployment. Nothing was decided. "
                            + "Use the link exactly as it was sent."), null, now);
            case LinkCheck.Expired x -> expired(x.expiresAt(), ports.approvals().find(x.approvalId()).orElse(null), now);
            case LinkCheck.Valid v -> throw new IllegalArgumentException("not a refusal");
        };
    }

    private HttpApiResponse expired(Instant expiresAt, Approval approval, Instant now) {
        Approval shown = approval == null ? null : approval.withoutToken();
        String next = approval == null ? "The state machine took the safe path when its timeout passed."
                : "What happens now: " + onTimeout(approval);
        return page(410, "warn", "This link has expired",
                List.of("It expired at " + Times.utc(expiresAt) + ". Nothing was decided.", next), shown, now);
    }

    private HttpApiResponse alreadyDecided(Approval approval, Instant now) {
        Decision d = approval.decision();
        String who = d == null ? "someone" : d.decidedBy();
        String what = d == null ? "decided" : d.action().outcome().toLowerCase(java.util.Locale.ROOT);
        String when = d == null || d.decidedAt() == null ? "" : " at " + Times.utc(d.decidedAt());
        Approval shown = approval.withoutToken();
        return switch (approval.status()) {
            case DECIDING -> page(409, "warn", "A decision is being delivered",
                    List.of(who + " " + what + " this request" + when + " and Cutover is delivering that decision now. "
                            + "Each link works once: nothing was changed by this request."), shown, now);
            case NO_LONGER_WAITING -> page(410, "warn", "The migration is no longer waiting",
                    List.of(who + " " + what + " this request" + when + ", but the execution had already stopped waiting "
                            + "for it. Nothing was changed by this request."), shown, now);
            default -> page(409, "warn", "Already decided",
                    List.of("This request was already " + what + " by " + who + when + ". Each link works once: "
                            + "nothing was changed by this request."), shown, now);
        };
    }

    private HttpApiResponse notFound(Instant now) {
        return page(404, "bad", "No such approval request",
                List.of("This link matches no approval request: it is older than Cutover keeps requests ("
                        + DynamoDbApprovalStore.RETENTION_DAYS + " days after expiry), or it belongs to another "
                        + "deployment. Nothing was decided."), null, now);
    }

    private static HttpApiResponse page(int status, String tone, String title, List<String> paragraphs, Approval approval, Instant now) {
        return HttpApiResponse.html(status, ApprovalPage.headers(), ApprovalPage.message(tone, title, paragraphs, approval, now));
    }

    private static ApprovalPage.Form form(LinkSigner signer, Approval approval, String error, String name, String comment) {
        String approve = signer.link(approval.approvalId(), ApprovalAction.APPROVE, approval.expiresAt()).signature();
        String reject = signer.link(approval.approvalId(), ApprovalAction.REJECT, approval.expiresAt()).signature();
        return new ApprovalPage.Form(Long.toString(approval.expiresAt().getEpochSecond()), approve, reject, name, comment, error);
    }

    private static String onTimeout(Approval approval) {
        return approval.consequences() == null ? "the state machine takes the safe path." : approval.consequences().onTimeout();
    }

    /**
     * A second line of defence after the signed form data: a browser posting from another site says so in its
     * Origin header. No Origin (non-browser clients, old browsers) is allowed: the signature is what counts.
     */
    static boolean sameOrigin(HttpApiRequest request) {
        String origin = request.header("origin");
        if (origin == null) {
            return true;
        }
        String host = request.header("host");
        if (host == null && request.requestContext() != null) {
            host = request.requestContext().domainName();
        }
        try {
            String authority = URI.create(origin.strip()).getAuthority();
            return authority != null && host != null && authority.equalsIgnoreCase(host.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Trimmed, without control characters, at most {@code max} characters; null when nothing is left. */
    static String clean(String value, int max) {
        if (value == null) {
            return null;
        }
        // control characters and Unicode line and paragraph separators (U+0085, U+2028, U+2029): a name stays one line
        String cleaned = value.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", " ").strip();
        if (cleaned.isEmpty()) {
            return null;
        }
        return cleaned.length() <= max ? cleaned : cleaned.substring(0, max);
    }

    /** A fresh SecureRandom per decision: nothing random is created during initialisation (SnapStart snapshots it). */
    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
