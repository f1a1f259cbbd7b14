package io.cutover.approval;

import static io.cutover.approval.ApprovalFixture.TOKEN;
import static io.cutover.approval.ApprovalFixture.formFromPage;
import static io.cutover.approval.ApprovalFixture.link;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Notification;
import io.cutover.core.ports.approval.Approval;
import io.cutover.core.ports.approval.ApprovalStatus;
import io.cutover.core.ports.approval.Gate;
import io.cutover.testing.CapturedStdout;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Forged links, script injection, racing decisions, and the token kept out of messages and logs. */
class ApprovalSecurityTest {
    private static final String SCRIPT = "<script>document.title='pwned'</script>";
    private static final String IMG = "\"><img src=x onerror=\"alert(1)\">";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"approval id", "action", "expires", "sig"})
    void aTamperedLinkShowsARefusalOnGetAndPostAndNeverCallsBack(String field) {
        ApprovalFixture f = new ApprovalFixture();
        ApprovalRequested requested = f.request();
        String approve = link(f.lastMessage(), "approve");
        Map<String, String> form = formFromPage(f.get(approve), "approve", "Mallory", null);
        String tampered = tamper(approve, field);

        HttpApiResponse page = f.get(tampered);
        Map<String, String> tamperedForm = new LinkedHashMap<>(form);
        switch (field) {
            case "expires" -> tamperedForm.put("expires", Long.toString(Long.parseLong(form.get("expires")) + 3600));
            case "sig" -> tamperedForm.put("approveSig", tamperSignature(form.get("approveSig")));
            case "action" -> tamperedForm.put("rejectSig", form.get("approveSig"));   // approve's signature, reject button
            default -> { }
        }
        if (field.equals("action")) {
            tamperedForm.put("action", "reject");
        }
        String postUrl = field.equals("approval id") ? tampered : approve;
        HttpApiResponse post = f.post(postUrl, tamperedForm);

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("This link is not valid").contains("Nothing was decided").doesNotContain("<form");
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(f.recorded().calls()).isEmpty();
        assertThat(f.store.find(requested.approvalId()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    void aMadeUpOrDamagedLinkIsRefused() {
        ApprovalFixture f = new ApprovalFixture();
        f.request();
        HttpApiResponse made = f.get("https://approvals.example.com/approvals/AAAAAAAAAAAAAAAAAAAAAA?action=approve"
                + "&expires=9999999999&sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        HttpApiResponse cut = f.get(link(f.lastMessage(), "approve").replaceAll("&sig=.*", ""));
        assertThat(made.statusCode()).isEqualTo(403);
        assertThat(cut.statusCode()).isEqualTo(400);
        assertThat(cut.body()).contains("This link is incomplete").contains("signature is missing or damaged");
        assertThat(f.recorded().calls()).isEmpty();
    }

    @Test
    void evidenceValuesAreEscapedSoObjectNamesCannotInjectScript() {
        ApprovalFixture f = new ApprovalFixture();
        ObjectNode evidence = ApprovalFixture.evidence();
        ((ObjectNode) evidence.get("rowCounts").get(0)).put("table", "shop." + SCRIPT);
        evidence.putObject("objects").put("view", IMG).putArray(SCRIPT).add(SCRIPT);
        ObjectNode payload = ApprovalFixture.requestPayload("FREEZE", TOKEN, evidence);
        ((ObjectNode) payload.get("config")).put("migrationId", "orders-eu");
        payload.put("executionName", "exec-" + SCRIPT);
        f.request(payload);
        String approve = link(f.lastMessage(), "approve");

        HttpApiResponse page = f.get(approve);
        assertThat(page.body()).doesNotContain("<script").doesNotContain("<img")
                .contains("shop.&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;")
                .contains("&#34;&gt;&lt;img src=x onerror=&#34;alert(1)&#34;&gt;");

        HttpApiResponse decided = f.post(approve, formFromPage(page, "approve", IMG, SCRIPT));
        assertThat(decided.statusCode()).isEqualTo(200);
        assertThat(decided.body()).doesNotContain("<script").doesNotContain("<img").contains("&lt;script&gt;");
        HttpApiResponse again = f.get(approve);
        assertThat(again.body()).doesNotContain("<script").doesNotContain("<img");
    }

    @Test
    void racingDecisionsLetExactlyOneWin() throws Exception {
        ApprovalFixture f = new ApprovalFixture();
        f.request();
        String approve = link(f.lastMessage(), "approve");
        HttpApiResponse page = f.get(approve);
        int racers = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<Future<HttpApiResponse>> results = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                Map<String, String> form = formFromPage(page, i % 2 == 0 ? "approve" : "reject", "racer-" + i, null);
                Callable<HttpApiResponse> post = () -> {
                    start.await();
                    return f.post(approve, form);
                };
                results.add(pool.submit(post));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpApiResponse> r : results) {
                statuses.add(r.get(30, TimeUnit.SECONDS).statusCode());
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 409).hasSize(racers - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.recorded().calls()).hasSize(1);
        Approval stored = f.store.find(ApprovalFlowTest.approvalId(approve)).orElseThrow();
        assertThat(stored.status()).isEqualTo(ApprovalStatus.DECIDED);
        String winner = stored.decision().decidedBy();
        assertThat(Json.parse(f.recorded().calls().get(0).kind().equals("success")
                ? f.recorded().calls().get(0).outputOrError() : f.recorded().calls().get(0).cause())
                .path("decidedBy").asText()).isEqualTo(winner);
    }

    @Test
    void theTaskTokenIsNeverInTheMessageThePagesOrTheLogs() {
        ApprovalFixture f = new ApprovalFixture();
        List<String> bodies = new ArrayList<>();
        String logs;
        try (CapturedStdout captured = CapturedStdout.start()) {
            f.request();
            Notification message = f.lastMessage();
            bodies.add(message.subject());
            bodies.add(message.body());
            String approve = link(message, "approve");
            HttpApiResponse page = f.get(approve);
            bodies.add(page.body());
            bodies.add(f.post(approve, formFromPage(page, "approve", "Ana", null)).body());
            bodies.add(f.get(approve).body());
            f.clock.advance(java.time.Duration.ofDays(1));
            bodies.add(f.get(approve).body());
            logs = captured.text();
            // the signed link is a credential too: never logged
            assertThat(logs).doesNotContain(FormData.parse(URI.create(approve).getRawQuery()).get("sig"));
        }
        assertThat(logs).contains("requested").contains("APPROVED by Ana");
        assertThat(bodies).allSatisfy(text -> assertThat(text).doesNotContain(TOKEN).doesNotContain(TOKEN.substring(0, 24)));
        assertThat(logs).doesNotContain(TOKEN).doesNotContain(TOKEN.substring(0, 24));
        assertThat(new Approval("x", Gate.FREEZE, "m", "e", "s", TOKEN, null, null, null, ApprovalFixture.START, null, null,
                ApprovalStatus.PENDING, null).toString()).doesNotContain(TOKEN);
    }

    private static String tamper(String url, String field) {
        URI uri = URI.create(url);
        Map<String, String> q = FormData.parse(uri.getRawQuery());
        String id = ApprovalFlowTest.approvalId(url);
        switch (field) {
            case "approval id" -> id = new LinkSigner(ApprovalFixture.SIGNING_KEY).approvalId("another-token");
            case "action" -> q.put("action", "reject");
            case "expires" -> q.put("expires", Long.toString(Long.parseLong(q.get("expires")) + 3600));
            case "sig" -> q.put("sig", tamperSignature(q.get("sig")));
            default -> throw new IllegalArgumentException(field);
        }
        return "https://" + uri.getHost() + "/approvals/" + id + "?action=" + q.get("action") + "&expires=" + q.get("expires")
                + "&sig=" + q.get("sig");
    }

    private static String tamperSignature(String sig) {
        char replacement = sig.charAt(5) == 'x' ? 'y' : 'x';
        return sig.substring(0, 5) + replacement + sig.substring(6);
    }
}
