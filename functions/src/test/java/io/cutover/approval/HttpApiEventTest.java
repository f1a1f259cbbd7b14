package io.cutover.approval;

import static io.cutover.approval.ApprovalFixture.link;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handler reads API Gateway's HTTP API 2.0 events as documented and answers in the 2.0 response format. */
class HttpApiEventTest {
    private static String sample(Map<String, String> values) throws IOException {
        try (InputStream in = HttpApiEventTest.class.getResourceAsStream("/approval/http-api-get-event.json")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> v : values.entrySet()) {
                text = text.replace("${" + v.getKey() + "}", v.getValue());
            }
            return text;
        }
    }

    @Test
    void aDocumentedGetEventShowsThePageAndTheResponseHasThePayload2Shape() throws IOException {
        ApprovalFixture f = new ApprovalFixture();
        f.request();
        URI approve = URI.create(link(f.lastMessage(), "approve"));
        Map<String, String> q = FormData.parse(approve.getRawQuery());
        String id = ApprovalFlowTest.approvalId(approve.toString());
        JsonNode event = Json.parse(sample(Map.of("approvalId", id, "query", approve.getRawQuery(), "action", q.get("action"),
                "expires", q.get("expires"), "sig", q.get("sig"))));

        HttpApiRequest bound = Json.convert(event, HttpApiRequest.class);
        assertThat(bound.method()).isEqualTo("GET");
        assertThat(bound.approvalId()).isEqualTo(id);
        assertThat(bound.sourceIp()).isEqualTo("198.51.100.23");
        assertThat(bound.header("Host")).isEqualTo("abc123.execute-api.eu-west-1.amazonaws.com");
        assertThat(bound.toString()).doesNotContain(q.get("sig"));

        JsonNode response = ApprovalFixture.invoke(new ApprovalCallbackHandler(f.ports), event, "ApprovalCallbackFunction");
        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(response.path("isBase64Encoded").isBoolean()).isTrue();
        assertThat(response.path("isBase64Encoded").asBoolean()).isFalse();
        assertThat(response.path("headers").path("Content-Type").asText()).isEqualTo("text/html; charset=utf-8");
        assertThat(response.path("body").asText()).startsWith("<!DOCTYPE html>");
        assertThat(response.fieldNames()).toIterable().containsExactlyInAnyOrder("statusCode", "headers", "body", "isBase64Encoded");
    }

    @Test
    void aBase64FormPostFromTheStageUrlIsDecodedAndTheIdComesFromThePathParameter() throws IOException {
        ApprovalFixture f = new ApprovalFixture();
        f.request();
        String approve = link(f.lastMessage(), "approve");
        Map<String, String> form = ApprovalFixture.formFromPage(f.get(approve), "approve", "Ana", null);
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=').append(v.replace(" ", "+")));
        ObjectNode event = ApprovalFixture.httpEvent("POST", approve, null, Map.of("origin", "https://approvals.example.com",
                "host", "approvals.example.com"));
        event.put("rawPath", "/prod/approvals/" + ApprovalFlowTest.approvalId(approve));
        event.put("body", Base64.getEncoder().encodeToString(body.toString().getBytes(StandardCharsets.UTF_8)));
        event.put("isBase64Encoded", true);

        HttpApiResponse response = f.call(event);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(f.recorded().calls()).hasSize(1);
    }

    private static JsonNode restEvent(String method, String approvalId, String query, String body) throws IOException {
        try (InputStream in = HttpApiEventTest.class.getResourceAsStream("/approval/rest-api-post-event.json")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${method}", method).replace("${approvalId}", approvalId)
                    .replace("${query}", query).replace("${body}", body);
            return Json.parse(text);
        }
    }

    @Test
    void theRestApiProxyEventOfTheDeployedApprovalApiShowsThePageAndDecides() throws IOException {
        ApprovalFixture f = new ApprovalFixture();
        f.request();
        URI approve = URI.create(link(f.lastMessage(), "approve"));
        Map<String, String> q = FormData.parse(approve.getRawQuery());
        String id = ApprovalFlowTest.approvalId(approve.toString());

        JsonNode get = restEvent("GET", id, Json.write(Json.tree(q)), "null");
        HttpApiRequest bound = Json.convert(get, HttpApiRequest.class);
        assertThat(bound.method()).isEqualTo("GET");
        assertThat(bound.approvalId()).isEqualTo(id);
        assertThat(bound.sourceIp()).isEqualTo("198.51.100.23");
        assertThat(bound.header("host")).isEqualTo("abc123.execute-api.eu-west-1.amazonaws.com");
        JsonNode page = ApprovalFixture.invoke(new ApprovalCallbackHandler(f.ports), get, "ApprovalCallbackFunction");
        assertThat(page.path("statusCode").asInt()).isEqualTo(200);
        assertThat(page.path("body").asText()).contains("Approve");
        assertThat(f.recorded().calls()).isEmpty();

        Map<String, String> form = ApprovalFixture.formFor(approve.toString(), "approve", "Ana Lima", "lag 0.8 s");
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
        JsonNode post = restEvent("POST", id, "null", Json.write(Json.MAPPER.getNodeFactory().textNode(body.toString())));
        JsonNode decided = ApprovalFixture.invoke(new ApprovalCallbackHandler(f.ports), post, "ApprovalCallbackFunction");
        assertThat(decided.path("statusCode").asInt()).isEqualTo(200);
        assertThat(decided.path("body").asText()).contains("Approved");
        assertThat(f.recorded().calls()).singleElement().asString().contains("success").contains("Ana Lima").contains("198.51.100.23");
    }
}
