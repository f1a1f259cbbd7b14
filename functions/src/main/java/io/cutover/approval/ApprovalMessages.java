package io.cutover.approval;

import io.cutover.core.ports.Notification;
import io.cutover.core.ports.approval.Approval;
import java.time.Instant;
import java.util.List;

/**
 * The email an approver acts on: which migration, which gate, until when, what each answer does, the evidence
 * and the two links. Plain text (SNS email). It holds the signed links, never the task token.
 */
public final class ApprovalMessages {
    public static final String EVENT_REQUEST = "WAITING_FOR_APPROVAL";
    public static final String EVENT_REMINDER = "APPROVAL_REMINDER";
    /** Rows per evidence table in an email; the page shows the rest. */
    static final int EMAIL_TABLE_ROWS = 20;

    private ApprovalMessages() {}

    public static Notification request(Approval a, String approveUrl, String rejectUrl, Instant now) {
        String subject = "Cutover " + a.migrationId() + ": approve to " + a.gate().action() + "? (decide by "
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

    private static String body(String opening, Approval a, String approveUrl, String rejectUrl, Instant now) {
        StringBuilder b = new StringBuilder();
        b.append(opening).append("\n\n");
        b.append("Migration:  ").append(a.migrationId()).append('\n');
        b.append("Decision:   ").append(capitalize(a.gate().action())).append(" (gate ").append(a.gate()).append(")\n");
        b.append("Execution:  ").append(a.executionName());
        if (a.stateName() != null) {
            b.append(" (state \"").append(a.stateName()).append("\")");
        }
        b.append('\n');
        b.append("Decide by:  ").append(Times.withRemaining(a.expiresAt(), now)).append("\n\n");
        if (a.consequences() != null) {
            b.append("If you approve: ").append(a.consequences().onApprove()).append("\n\n");
            b.append("If you reject: ").append(a.consequences().onReject()).append("\n\n");
            b.append("If nobody decides in time: ").append(a.consequences().onTimeout()).append("\n\n");
        }
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
        b.append("\nApprove: ").append(approveUrl).append('\n');
        b.append("Reject:  ").append(rejectUrl).append("\n\n");
        b.append("Opening a link changes nothing: it shows this evidence and asks you to confirm with a button. "
                + "The links work once, until the time above, and only exactly as sent. Do not forward this message: "
                + "anyone who has these links can decide.\n");
        return b.toString();
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
