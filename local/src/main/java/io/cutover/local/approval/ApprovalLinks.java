package io.cutover.local.approval;

import io.cutover.core.ports.Notification;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The approve and reject links of an approval message (as a person would copy them from the email). */
public record ApprovalLinks(String approve, String reject) {
    private static final Pattern LINK = Pattern.compile("^(Approve|Reject):\\s+(https?://\\S+)$", Pattern.MULTILINE);

    public static ApprovalLinks of(Notification message) {
        String approve = null;
        String reject = null;
        Matcher m = LINK.matcher(message.body());
        while (m.find()) {
            if (m.group(1).equals("Approve")) {
                approve = m.group(2);
            } else {
                reject = m.group(2);
            }
        }
        if (approve == null || reject == null) {
            throw new IllegalArgumentException("not an approval message (no Approve/Reject links): " + message.subject());
        }
        return new ApprovalLinks(approve, reject);
    }

    @Override
    public String toString() {
        return "ApprovalLinks[hidden]";   // bearer credentials
    }
}
