package io.cutover.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.config.Env;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Notification;
import io.cutover.core.ports.Notifier;
import io.cutover.core.ports.TaskCallbacks;
import io.cutover.core.ports.approval.ApprovalStore;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryApprovalStore;
import io.cutover.core.ports.memory.MemoryNotifier;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.core.ports.memory.RecordingCallbacks;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ports and helpers for approval tests: in-memory store, recorded callbacks and notifications, a hand-moved
 * clock, and HTTP API events built like API Gateway builds them. Handlers are invoked through
 * {@code handleRequest} with bytes, exactly as Lambda does.
 */
public final class ApprovalFixture {
    static final String BASE_URL = "https://approvals.example.com";
    static final String HOST = "approvals.example.com";
    static final String SECRET_ID = "cutover/approval-signing-key";
    static final String SIGNING_KEY = "k3y-for-tests-only-0123456789abcdefghijklmnopqrstuvwxyz";
    static final String TOKEN = "AQCEAAAAKgAAAAMAAAAAAAAAAeZ1c2VjcmV0LXRhc2stdG9rZW4tZm9yLXRlc3Rz+/=";
    static final Instant START = Instant.parse("2026-11-24T20:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final ApprovalStore store;
    /** The approvals topic: the links and reminders. */
    final MemoryNotifier approvers = new MemoryNotifier();
    /** The notification topic: never a link. */
    final MemoryNotifier notifications = new MemoryNotifier();
    final TaskCallbacks callbacks;
    final InMemoryPorts ports;

    ApprovalFixture() {
        this(new RecordingCallbacks());
    }

    ApprovalFixture(TaskCallbacks callbacks) {
        this(callbacks, new MemoryApprovalStore());
    }

    ApprovalFixture(TaskCallbacks callbacks, ApprovalStore store) {
        this(callbacks, store, null);
    }

    /** @param notificationTopic in place of {@link #notifications} (e.g. one that fails), or null */
    ApprovalFixture(TaskCallbacks callbacks, ApprovalStore store, Notifier notificationTopic) {
        this.callbacks = callbacks;
        this.store = store;
        this.ports = InMemoryPorts.builder()
                .approvals(store)
                .approvalNotifier(approvers)
                .notifier(notificationTopic == null ? notifications : notificationTopic)
                .callbacks(callbacks)
                .clock(clock)
                .secrets(new MemorySecrets().put(SECRET_ID, SIGNING_KEY))
                .env(new Env(Map.of(Env.APPROVAL_BASE_URL, BASE_URL, Env.APPROVAL_SIGNING_SECRET_ID, SECRET_ID)))
                .build();
    }

    RecordingCallbacks recorded() {
        return (RecordingCallbacks) callbacks;
    }

    static ObjectNode config(String migrationId) {
        ObjectNode config = Json.object();
        config.put("migrationId", migrationId);
        config.putObject("source").put("secretId", "cutover/source");
        config.putObject("target").put("secretId", "cutover/target");
        config.putArray("schemas").add("shop");
        return config;
    }

    /** A request payload as the state machine sends it. */
    static ObjectNode requestPayload(String gate, String token, JsonNode evidence) {
        ObjectNode payload = Json.object();
        payload.set("config", Json.tree(Json.convert(config("orders-eu"), MigrationConfig.class)));
        payload.put("stateName", "6 Freeze approval");
        payload.put("executionName", "exec-42");
        payload.put("taskToken", token);
        payload.put("gate", gate);
        if (evidence != null) {
            payload.set("evidence", evidence);
        }
        return payload;
    }

    public static ObjectNode evidence() {
        return (ObjectNode) Json.parse("""
                {"readiness": {"blockers": 0, "warnings": 1, "summary": "12 checks: 0 blockers, 1 warning"},
                 "lag": {"seconds": 1.5, "heldSeconds": 60},
                 "drain": {"proven": true, "markerId": "m-1"},
                 "validation": {"tablesCompared": 2, "mismatches": 0},
                 "rowCounts": [{"table": "shop.orders", "source": 1200, "target": 1200},
                               {"table": "shop.items", "source": 5400, "target": 5400}]}""");
    }

    ApprovalRequested request(JsonNode payload) {
        JsonNode out = invoke(new RequestApprovalHandler(ports), payload, "RequestApprovalFunction");
        return Json.convert(out, ApprovalRequested.class);
    }

    ApprovalRequested request() {
        return request(requestPayload("FREEZE", TOKEN, evidence()));
    }

    /** The last message to the approvers. */
    Notification lastMessage() {
        var sent = approvers.sent();
        return sent.get(sent.size() - 1);
    }

    /** The approve or reject URL in a message. */
    static String link(Notification message, String action) {
        Matcher m = Pattern.compile("(https?://\\S+/approvals/\\S+\\?action=" + action + "\\S*)").matcher(message.body());
        if (!m.find()) {
            throw new AssertionError("no " + action + " link in:\n" + message.body());
        }
        return m.group(1);
    }

    HttpApiResponse get(String url) {
        return call(httpEvent("GET", url, null, Map.of()));
    }

    /** The POST the confirmation page's form makes (fields as a browser sends them). */
    HttpApiResponse post(String url, Map<String, String> fields) {
        return post(url, fields, Map.of("origin", "https://" + HOST));
    }

    HttpApiResponse post(String url, Map<String, String> fields, Map<String, String> extraHeaders) {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return call(httpEvent("POST", url, body.toString(), extraHeaders));
    }

    /** The form fields a person sends by pressing {@code action} after opening {@code link}. */
    static Map<String, String> formFor(String link, String action, String name, String comment) {
        Map<String, String> q = FormData.parse(URI.create(link).getRawQuery());
        Map<String, String> f = new LinkedHashMap<>();
        f.put("name", name);
        if (comment != null) {
            f.put("comment", comment);
        }
        f.put("expires", q.get("expires"));
        f.put(q.get("action") + "Sig", q.get("sig"));
        f.put("action", action);
        return f;
    }

    /** The fields the confirmation page's form sends when {@code action} is pressed (hidden fields read from the page). */
    static Map<String, String> formFromPage(HttpApiResponse page, String action, String name, String comment) {
        Map<String, String> f = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(page.body());
        while (m.find()) {
            f.put(m.group(1), m.group(2));
        }
        if (f.isEmpty()) {
            throw new AssertionError("no form on the page:\n" + page.body());
        }
        f.put("name", name);
        if (comment != null) {
            f.put("comment", comment);
        }
        f.put("action", action);
        return f;
    }

    HttpApiResponse call(JsonNode event) {
        return Json.convert(invoke(new ApprovalCallbackHandler(ports), event, "ApprovalCallbackFunction"), HttpApiResponse.class);
    }

    /** An HTTP API payload 2.0 event as API Gateway sends it (form bodies base64-encoded). */
    static ObjectNode httpEvent(String method, String url, String body, Map<String, String> extraHeaders) {
        URI uri = URI.create(url);
        ObjectNode e = Json.object();
        e.put("version", "2.0");
        e.put("routeKey", method + " /approvals/{approvalId}");
        e.put("rawPath", uri.getRawPath());
        e.put("rawQueryString", uri.getRawQuery() == null ? "" : uri.getRawQuery());
        ObjectNode headers = e.putObject("headers");
        headers.put("host", uri.getHost());
        headers.put("user-agent", "Mozilla/5.0 (test)");
        if (body != null) {
            headers.put("content-type", "application/x-www-form-urlencoded");
        }
        extraHeaders.forEach(headers::put);
        if (uri.getRawQuery() != null) {
            ObjectNode q = e.putObject("queryStringParameters");
            FormData.parse(uri.getRawQuery()).forEach(q::put);
        }
        String path = uri.getRawPath();
        e.putObject("pathParameters").put("approvalId", path.substring(path.lastIndexOf('/') + 1));
        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("domainName", uri.getHost());
        ctx.put("requestId", "req-1");
        ObjectNode http = ctx.putObject("http");
        http.put("method", method);
        http.put("path", path);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "203.0.113.7");
        http.put("userAgent", "Mozilla/5.0 (test)");
        if (body != null) {
            e.put("body", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
            e.put("isBase64Encoded", true);
        } else {
            e.put("isBase64Encoded", false);
        }
        return e;
    }

    static JsonNode invoke(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler, JsonNode payload, String function) {
        return io.cutover.core.handler.LambdaInvocation.invoke(handler, function, payload);
    }
}
