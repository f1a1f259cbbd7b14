package io.cutover.approval;

import io.cutover.core.ports.Notification;
import io.cutover.core.ports.approval.Approval;
import io.cutover.core.ports.approval.ApprovalAction;
import io.cutover.core.ports.approval.Gate;
import java.time.Instant;
import java.util.List;

/**
 * The email an approver acts on: which migration, which gate, until when, what each answer does, the evidence
 * and the two links. Plain text (SNS email). It holds the signed links, never the task token. The request and the
 * reminder go to the approvers' channel only; {@link #notice} tells the notification topic, without a link, that a
 * gate waits.
 */
public final class ApprovalMessages {
    public static final String EVENT_REQUEST = "WAITING_FOR_APPROVAL";
    public static final String EVENT_REMINDER = "APPROVAL_REMINDER";
    /** The same links sent again on an operator's request ({@code local/cutover-approve resend}). */
    public static final String EVENT_RESENT = "APPROVAL_LINKS_RESENT";
    /** The link-free notice on the notification topic. */
    public static final String EVENT_NOTICE = "APPROVAL_REQUESTED";
    /** Rows per evidence table in an email; the page shows the rest. */
    static final int EMAIL_TABLE_ROWS = 20;

    private ApprovalMessages() {}

    public static Notification request(Approval a, String approveUrl, String rejectUrl, Instant now) {
        String subject = "Cutover " + a.migrationId() + ": " + lower(a.gate().question()) + " (decide by "
                + Times.utc(a.expiresAt()) + ")";
        return new Notification(a.migrationId(), EVENT_REQUEST, subject,
                body("Cutover is waiting for your decision.", a, approveUrl, rejectUrl, now));
    }

    public static Notification reminder(Approval a, String approveUrl, String rejectUrl, Instant now) {
        String subject = "Reminder: Cutover " + a.migrationId() + " waits for you to " + a.gate().action()
                + " (" + Times.remaining(a.expiresAt(), now) + ")";
        return new Notification(a.migrationId(), EVENT_REMINDER, subject,
                body("REMINDER: nobody has decided yet, and the link expires " + Times.remaining(a.expiresAt(), now) + ".",
                        a, approveUrl, rejectUrl, now));
    }

    /** The request's links again, asked for by {@code requestedBy} (an operator, with the command). */
    public static Notification resent(Approval a, String approveUrl, String rejectUrl, String requestedBy, Instant now) {
        String subject = "Cutover " + a.migrationId() + ": " + lower(a.gate().question()) + " (links sent again; decide by "
                + Times.utc(a.expiresAt()) + ")";
        return new Notification(a.migrationId(), EVENT_RESENT, subject,
                body("The links of this request, sent again at the request of " + requestedBy + ". Nobody has decided yet; "
                        + "the links are the same as in the first message and the first decision wins.", a, approveUrl,
                        rejectUrl, now));
    }

    /**
     * For whoever follows the migration: a gate waits, until when, and what each answer does. No link and no
     * evidence: the links are bearer credentials and go to the approvers only.
     */
    public static Notification notice(Approval a, Instant now) {
        String subject = "Cutover " + a.migrationId() + ": waiting for the approvers to " + a.gate().action()
                + " (until " + Times.utc(a.expiresAt()) + ")";
        StringBuilder b = new StringBuilder();
        b.append("Cutover is waiting for a decision. The approvers have been sent the links on the approvals topic; "
                + "this message carries none.\n\n");
        header(b, a, now);
        if (a.gate() == Gate.ROLLBACK) {
            consequences(b, a, "If the approvers choose " + a.gate().label(ApprovalAction.APPROVE) + ": ",
                    "If the approvers choose " + a.gate().label(ApprovalAction.REJECT) + ": ");
        } else {
            consequences(b, a, "If approved: ", "If rejected: ");
        }
        return new Notification(a.migrationId(), EVENT_NOTICE, subject, b.toString());
    }

    private static void header(StringBuilder b, Approval a, Instant now) {
        b.append("Migration:  ").append(a.migrationId()).append('\n');
        b.append("Decision:   ").append(capitalize(a.gate().action())).append(" (gate ").append(a.gate()).append(")\n");
        b.append("Execution:  ").append(a.executionName());
        if (a.stateName() != null) {
            b.append(" (state \"").append(a.stateName()).append("\")");
        }
        b.append('\n');
        b.append("Decide by:  ").append(Times.withRemaining(a.expiresAt(), now)).append("\n\n");
    }

    private static void consequences(StringBuilder b, Approval a, String onApprove, String onReject) {
        if (a.consequences() != null) {
            b.append(onApprove).append(a.consequences().onApprove()).append("\n\n");
            b.append(onReject).append(a.consequences().onReject()).append("\n\n");
            b.append("If nobody decides in time: ").append(a.consequences().onTimeout()).append("\n\n");
        }
    }

    private static String body(String opening, Approval a, String approveUrl, String rejectUrl, Instant now) {
        StringBuilder b = new StringBuilder();
        b.append(opening).append("\n\n");
        header(b, a, now);
        consequences(b, a, ifYouChoose(a.gate(), ApprovalAction.APPROVE) + ": ", ifYouChoose(a.gate(), ApprovalAction.REJECT) + ": ");
        EvidenceView evidence = EvidenceView.of(a.evidence(), EMAIL_TABLE_ROWS);
        b.append("EVIDENCE\n");
        if (evidence.isEmpty()) {
            b.append("  (none was given)\n");
        }
        for (EvidenceView.Section section : evidence.sections()) {
            b.append('\n').append(section.title()).append('\n');
            for (EvidenceView.Row row : section.rows()) {
                b.append("  ").append(row.label().isEmpty() ? "" : row.label() + ": ").append(row.value()).append('\n');
            }
            for (EvidenceView.Table table : section.tables()) {
                if (!table.title().equals(section.title())) {
                    b.append("  ").append(table.title()).append('\n');
                }
                b.append("  ").append(String.join(" | ", table.columns())).append('\n');
                for (List<String> row : table.rows()) {
                    b.append("  ").append(String.join(" | ", row)).append('\n');
                }
                if (table.omitted() > 0) {
                    b.append("  … and ").append(table.omitted()).append(" more rows on the approval page\n");
                }
            }
        }
        b.append('\n').append(a.gate().label(ApprovalAction.APPROVE)).append(": ").append(approveUrl).append('\n');
        b.append(a.gate().label(ApprovalAction.REJECT)).append(": ").append(rejectUrl).append("\n\n");
        b.append("Opening a link changes nothing: it shows this evidence and asks you to confirm with a button. "
                + "The links work once, until the time above, and only exactly as sent. Do not forward this message: "
                + "anyone who has these links can decide.\n");
        return b.toString();
    }

    /** "If you approve" / "If you reject"; at the rollback gate "If you choose Roll back to the source" / "… Keep Aurora". */
    static String ifYouChoose(Gate gate, ApprovalAction action) {
        if (gate == Gate.ROLLBACK) {
            return "If you choose " + gate.label(action);
        }
        return action == ApprovalAction.APPROVE ? "If you approve" : "If you reject";
    }

    private static String lower(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
