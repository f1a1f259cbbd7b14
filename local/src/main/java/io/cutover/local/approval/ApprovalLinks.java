package io.cutover.local.approval;

import io.cutover.core.ports.Notification;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The approve and reject links of an approval message (as a person would copy them from the email). */
public record ApprovalLinks(String approve, String reject) {
    /**
     * A line "<label>: <link>": the labels are the gate's words ("Approve", "Reject"; at the rollback gate "Roll back to
     * the source", "Keep Aurora"), so the link's own action parameter says which is which.
     */
    private static final Pattern LINK = Pattern.compile("^[A-Z][A-Za-z ]*:\\s+(https?://\\S+[?&]action=(approve|reject)\\S*)$",
            Pattern.MULTILINE);

    public static ApprovalLinks of(Notification message) {
        String approve = null;
        String reject = null;
        Matcher m = LINK.matcher(message.body());
        while (m.find()) {
            if (m.group(2).equals("approve")) {
                approve = m.group(1);
            } else {
                reject = m.group(1);
            }
        }
        if (approve == null || reject == null) {
            throw new IllegalArgumentException("not an approval message (no approve and reject links): " + message.subject());
        }
        return new ApprovalLinks(approve, reject);
    }

    @Override
    public String toString() {
        return "ApprovalLinks[hidden]";   // bearer credentials
    }
}
