package io.cutover.approval;

import io.cutover.core.ports.approval.Approval;
import io.cutover.core.ports.approval.ApprovalAction;
import io.cutover.core.ports.approval.Decision;
import io.cutover.core.ports.approval.Gate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.owasp.encoder.Encode;

/**
 * The approval pages: server-rendered HTML that works on a phone and without JavaScript (there is none). Every
 * value that did not come from this class (evidence, names, comments, ids) goes through the OWASP encoder, so an
 * object named {@code <script>…} is shown, never run. Headers forbid scripts, framing, caching and referrers to
 * other sites.
 */
public final class ApprovalPage {
    /** Rows per evidence table on the page. */
    static final int PAGE_TABLE_ROWS = 500;

    static final String CSS = """
            body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1d1d1f}
            main{max-width:46rem;margin:0 auto;padding:1rem}
            h1{font-size:1.45rem;line-height:1.25;margin:.5rem 0 1rem}
            h2{font-size:1.1rem;margin:0 0 .5rem}
            .card{background:#fff;border-radius:8px;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px rgba(0,0,0,.12)}
            .notice{border-left:6px solid #888}.ok{border-left-color:#1a7f37}.bad{border-left-color:#b42318}.warn{border-left-color:#b54708}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
            dt{font-weight:600;color:#555}dd{margin:0;overflow-wrap:anywhere}
            .table{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}
            th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}th{white-space:nowrap}
            label{display:block;font-weight:600;margin:.75rem 0 .25rem}
            input,textarea{width:100%;box-sizing:border-box;font:inherit;padding:.6rem;border:1px solid #999;border-radius:6px}
            .buttons{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1rem}
            button{flex:1 1 12rem;min-height:3rem;font:inherit;font-weight:700;border:0;border-radius:6px;color:#fff;cursor:pointer}
            .approve{background:#1a7f37}.reject{background:#b42318}
            .error{color:#b42318;font-weight:700}small{color:#555}
            @media (max-width:32rem){dl{grid-template-columns:1fr}dt{margin-top:.4rem}}
            """;

    /** The page's one stylesheet is allowed by its hash; nothing else may load or run. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'sha256-" + sha256(CSS) + "'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private ApprovalPage() {}

    /** The headers of every approval page. */
    public static Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "text/html; charset=utf-8");
        h.put("Cache-Control", "no-store");
        h.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        // same-origin: the signed URL is never sent to another site, and a POST still carries its Origin header
        h.put("Referrer-Policy", "same-origin");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("X-Robots-Tag", "noindex, nofollow");
        return h;
    }

    /** What the form posts back: the signed link data of both actions (the page's CSRF token) and what was typed. */
    public record Form(String expires, String approveSig, String rejectSig, String name, String comment, String error) {}

    /** The confirmation page: what is asked, what each answer does, the evidence, and the two buttons. */
    public static String confirmation(Approval a, ApprovalAction linked, Form form, Instant now) {
        StringBuilder b = start("Decide: " + a.gate().action() + " — " + a.migrationId());
        b.append("<h1>").append(e(capitalize(a.gate().action()))).append(" for migration ").append(e(a.migrationId()))
                .append("?</h1>\n");
        summary(b, a, now);
        consequences(b, a);
        evidence(b, a, now);

        b.append("<form class=\"card\" method=\"post\" accept-charset=\"utf-8\">\n<h2>Your decision</h2>\n");
        b.append("<p>You followed the <strong>").append(e(a.gate().label(linked))).append("</strong> link. Opening this page "
                + "changed nothing; the buttons below decide, once and for all. Your name, comment and IP address are "
                + "recorded with the decision.</p>\n");
        if (form.error() != null) {
            b.append("<p class=\"error\" role=\"alert\">").append(e(form.error())).append("</p>\n");
        }
        b.append("<label for=\"name\">Your name</label>\n<input id=\"name\" name=\"name\" required maxlength=\"")
                .append(ApprovalCallback.MAX_NAME).append("\" autocomplete=\"name\" value=\"").append(e(nullToEmpty(form.name())))
                .append("\">\n");
        b.append("<label for=\"comment\">Comment <small>(optional)</small></label>\n<textarea id=\"comment\" name=\"comment\" "
                + "rows=\"3\" maxlength=\"").append(ApprovalCallback.MAX_COMMENT).append("\">")
                .append(e(nullToEmpty(form.comment()))).append("</textarea>\n");
        if (a.gate() == Gate.FREEZE) {
            b.append("<p><label><input type=\"checkbox\" name=\"").append(ApprovalCallback.CUTOVER_IN_ADVANCE_FIELD)
                    .append("\" value=\"").append(ApprovalCallback.CUTOVER_IN_ADVANCE_VALUE).append("\"> Freeze, and cut over as soon "
                            + "as the drain and validation are clean</label><br><small>With Approve only. No second approval is "
                            + "asked: once the drain is proven, the data validated identical and the rollback position recorded at "
                            + "the freeze position, Cutover stops DMS (the cutover point) at once. Any problem still stops at the "
                            + "cutover gate or rolls back, as without this box.</small></p>\n");
        }
        hidden(b, "expires", form.expires());
        hidden(b, "approveSig", form.approveSig());
        hidden(b, "rejectSig", form.rejectSig());
        b.append("<div class=\"buttons\">\n");
        List<ApprovalAction> order = linked == ApprovalAction.REJECT
                ? List.of(ApprovalAction.REJECT, ApprovalAction.APPROVE) : List.of(ApprovalAction.APPROVE, ApprovalAction.REJECT);
        for (ApprovalAction action : order) {
            b.append("<button type=\"submit\" name=\"action\" value=\"").append(action.param()).append("\" class=\"")
                    .append(action.param()).append("\">")
                    .append(e(a.gate().label(action))).append("</button>\n");
        }
        b.append("</div>\n</form>\n");
        return end(b);
    }

    /** Every other page: a decision taken, a refusal, an error. {@code approval} may be null (nothing known). */
    public static String message(String tone, String title, List<String> paragraphs, Approval approval, Instant now) {
        StringBuilder b = start(title);
        b.append("<h1>").append(e(title)).append("</h1>\n<div class=\"card notice ").append(e(tone)).append("\">\n");
        for (String p : paragraphs) {
            b.append("<p>").append(e(p)).append("</p>\n");
        }
        b.append("</div>\n");
        if (approval != null) {
            summary(b, approval, now);
        }
        return end(b);
    }

    private static void summary(StringBuilder b, Approval a, Instant now) {
        b.append("<section class=\"card\">\n<dl>\n");
        dd(b, "Migration", a.migrationId());
        dd(b, "Decision", capitalize(a.gate().action()) + " (gate " + a.gate() + ")");
        dd(b, "Execution", a.executionName());
        if (a.stateName() != null) {
            dd(b, "State", a.stateName());
        }
        if (a.createdAt() != null) {
            dd(b, "Requested", Times.utc(a.createdAt()));
        }
        dd(b, "Decide by", Times.withRemaining(a.expiresAt(), now));
        if (a.decision() != null) {
            Decision d = a.decision();
            dd(b, "Decided", a.gate().label(d.action()) + " (" + d.action().outcome() + ") by " + d.decidedBy()
                    + (d.decidedAt() == null ? "" : " at " + Times.utc(d.decidedAt())));
            if (d.comment() != null && !d.comment().isBlank()) {
                dd(b, "Comment", d.comment());
            }
            if (d.cutoverInAdvance() && a.gate() == Gate.FREEZE && d.action() == ApprovalAction.APPROVE) {
                dd(b, "Cutover", "approved in advance: cut over as soon as the drain and validation are clean");
            }
        }
        b.append("</dl>\n</section>\n");
    }

    private static void consequences(StringBuilder b, Approval a) {
        if (a.consequences() == null) {
            return;
        }
        b.append("<section class=\"card\">\n<dl>\n");
        dd(b, ApprovalMessages.ifYouChoose(a.gate(), ApprovalAction.APPROVE), a.consequences().onApprove());
        dd(b, ApprovalMessages.ifYouChoose(a.gate(), ApprovalAction.REJECT), a.consequences().onReject());
        dd(b, "If nobody decides in time", a.consequences().onTimeout());
        b.append("</dl>\n</section>\n");
    }

    private static void evidence(StringBuilder b, Approval a, Instant now) {
        EvidenceView view = EvidenceView.of(a.evidence(), PAGE_TABLE_ROWS);
        if (view.isEmpty()) {
            b.append("<section class=\"card\"><h2>Evidence</h2><p>None was given.</p></section>\n");
            return;
        }
        // How old the figures are: the page may be opened hours after they were measured.
        b.append("<section class=\"card\"><h2>How old these figures are</h2>\n<p>");
        if (a.createdAt() != null) {
            b.append("Gathered when the request was sent, ").append(e(Times.utc(a.createdAt()))).append(" (")
                    .append(e(Times.age(a.createdAt(), now))).append("); a figure with its own time says its age beside it.");
        } else {
            b.append("A figure with its own time says its age beside it.");
        }
        if (a.gate() == io.cutover.core.ports.approval.Gate.FREEZE) {
            b.append(" The lag is read again after your decision, before the freeze: if it has grown back above the "
                    + "threshold, nothing is frozen.");
        }
        b.append("</p>\n</section>\n");
        for (EvidenceView.Section section : view.sections()) {
            b.append("<section class=\"card\">\n<h2>").append(e(section.title())).append("</h2>\n");
            if (!section.rows().isEmpty()) {
                b.append("<dl>\n");
                for (EvidenceView.Row row : section.rows()) {
                    dd(b, row.label(), Times.withAge(row.value(), now));
                }
                b.append("</dl>\n");
            }
            for (EvidenceView.Table table : section.tables()) {
                if (!table.title().equals(section.title())) {
                    b.append("<h3>").append(e(table.title())).append("</h3>\n");
                }
                b.append("<div class=\"table\"><table>\n<thead><tr>");
                for (String column : table.columns()) {
                    b.append("<th>").append(e(column)).append("</th>");
                }
                b.append("</tr></thead>\n<tbody>\n");
                for (List<String> row : table.rows()) {
                    b.append("<tr>");
                    for (String cell : row) {
                        b.append("<td>").append(e(Times.withAge(cell, now))).append("</td>");
                    }
                    b.append("</tr>\n");
                }
                b.append("</tbody></table></div>\n");
                if (table.omitted() > 0) {
                    b.append("<p><small>").append(table.omitted()).append(" more rows not shown.</small></p>\n");
                }
            }
            b.append("</section>\n");
        }
    }

    private static StringBuilder start(String title) {
        StringBuilder b = new StringBuilder(8192);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"robots\" content=\"noindex, nofollow\">\n")
                .append("<title>").append(e(title)).append(" · Cutover</title>\n")
                .append("<style>").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        return b;
    }

    private static String end(StringBuilder b) {
        b.append("<p><small>Cutover approval page. Times are UTC.</small></p>\n</main>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void dd(StringBuilder b, String label, String value) {
        b.append("<dt>").append(e(label)).append("</dt><dd>").append(e(value)).append("</dd>\n");
    }

    private static void hidden(StringBuilder b, String name, String value) {
        b.append("<input type=\"hidden\" name=\"").append(e(name)).append("\" value=\"").append(e(nullToEmpty(value))).append("\">\n");
    }

    /** HTML-escapes text for element content and quoted attribute values. */
    static String e(String text) {
        return Encode.forHtml(text == null ? "" : text);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
