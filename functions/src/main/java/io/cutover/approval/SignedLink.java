package io.cutover.approval;

import io.cutover.core.ports.approval.ApprovalAction;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The data of one approve or reject link. The URL is a bearer credential for this one decision: never log it. */
public record SignedLink(String approvalId, ApprovalAction action, long expires, String signature) {

    /** {@code <base>/approvals/<id>?action=…&expires=…&sig=…} (every part is URL safe already). */
    public String url(String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + "/approvals/" + approvalId + "?action=" + action.param() + "&expires=" + expires
                + "&sig=" + URLEncoder.encode(signature, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "SignedLink[" + approvalId + ", " + action + ", expires " + expires + ", signature hidden]";
    }
}
