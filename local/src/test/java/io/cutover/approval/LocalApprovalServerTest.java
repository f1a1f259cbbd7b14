package io.cutover.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Notification;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.core.ports.memory.RecordingCallbacks;
import io.cutover.local.approval.ApprovalLinks;
import io.cutover.local.approval.HttpApprover;
import io.cutover.local.approval.LocalApprovalServer;
import io.cutover.local.approval.LocalInbox;
import io.cutover.local.asl.Handlers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local approval page server and inbox, over real HTTP on loopback. */
class LocalApprovalServerTest {
    @TempDir
    Path inboxDir;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final RecordingCallbacks callbacks = new RecordingCallbacks();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-24T20:00:00Z"));
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    };
    private LocalApprovalServer server;
    private InMemoryPorts ports;

    private void start() {
        server = LocalApprovalServer.start(0, new LocalInbox(inboxDir, clock));
        ports = server.configure(InMemoryPorts.builder().callbacks(callbacks).clock(clock), new MemorySecrets()).build();
        server.serve(ports);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Notification request(String migrationId, String token) throws Exception {
        ObjectNode payload = Json.object();
        ObjectNode config = payload.putObject("config");
        config.put("migrationId", migrationId);
        config.putArray("schemas").add("shop");
        payload.put("executionName", "exec-1");
        payload.put("taskToken", token);
        payload.put("gate", "CUTOVER");
        payload.putObject("evidence").putObject("validation").put("mismatches", 0).put("note", "<b>bold</b>");
        int before = server.inbox().size();
        Handlers.invoker(new RequestApprovalHandler(ports), "RequestApprovalFunction").invoke(payload);
        return server.inbox().awaitApprovalRequest(before, Duration.ofSeconds(5));
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theLinksInTheInboxOpenTheRealPageWithItsHeadersAndDecideOnce() throws Exception {
        start();
        Notification message = request("orders-eu", "tok-1");
        ApprovalLinks links = ApprovalLinks.of(message);
        assertThat(links.approve()).startsWith(server.url() + "/approvals/");

        HttpResponse<String> page = get(links.approve());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("default-src 'none'");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body()).contains("Cut over to the target for migration orders-eu?").contains("&lt;b&gt;bold&lt;/b&gt;");
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(links.approve())).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(callbacks.calls()).isEmpty();

        HttpApprover approver = new HttpApprover();
        assertThat(approver.decide(links.reject(), "reject", "Bo", null).status()).isEqualTo(200);
        assertThat(approver.decide(links.approve(), "approve", "Ana", null).status()).isEqualTo(409);
        assertThat(callbacks.calls()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("failure");
            assertThat(c.taskToken()).isEqualTo("tok-1");
            assertThat(c.outputOrError()).isEqualTo("Cutover.ApprovalRejected");
            assertThat(Json.parse(c.cause()).path("sourceIp").asText()).isEqualTo("127.0.0.1");
        });
    }

    @Test
    void theInboxShowsEveryMessageEscapedWithClickableLinksAndWritesThemToFiles() throws Exception {
        start();
        Notification message = request("<img src=x onerror=alert(1)>", "tok-2");

        HttpResponse<String> root = get(server.url() + "/");
        assertThat(root.statusCode()).isEqualTo(303);
        assertThat(root.headers().firstValue("Location")).hasValue("/inbox");
        HttpResponse<String> inbox = get(server.url() + "/inbox");
        assertThat(inbox.statusCode()).isEqualTo(200);
        assertThat(inbox.body()).contains("Cutover local inbox").doesNotContain("<img")
                .contains("&lt;img src=x onerror=alert(1)&gt;")
                .contains("<a href=\"" + ApprovalLinks.of(message).approve().replace("&", "&amp;") + "\">");

        List<Path> files;
        try (var list = Files.list(inboxDir)) {
            files = list.toList();
        }
        // the request with its links (the approvals topic), then the notice without them (the notification topic):
        // locally one inbox stands for both
        assertThat(files.stream().map(f -> f.getFileName().toString()).sorted())
                .containsExactly("001-WAITING_FOR_APPROVAL.txt", "002-APPROVAL_REQUESTED.txt");
        Path request = inboxDir.resolve("001-WAITING_FOR_APPROVAL.txt");
        assertThat(Files.readString(request)).contains("Subject: " + message.subject()).contains("Approve: http://127.0.0.1:");
        assertThat(Files.readString(inboxDir.resolve("002-APPROVAL_REQUESTED.txt"))).doesNotContain("http://");
        for (Path f : files) {
            assertThat(Files.readString(f)).doesNotContain("tok-2");
        }
    }

    @Test
    void theServerRunsTheReminderHandlerLikeTheSchedule() throws Exception {
        start();
        request("orders-eu", "tok-3");
        assertThat(server.runReminders()).isZero();
        now.set(now.get().plus(Duration.ofMinutes(50)));   // cutover timeout 1 h, reminder 15 min before the expiry
        assertThat(server.runReminders()).isEqualTo(1);
        assertThat(server.runReminders()).isZero();
        assertThat(server.inbox().messages()).extracting(m -> m.notification().event())
                .containsExactly("WAITING_FOR_APPROVAL", "APPROVAL_REQUESTED", "APPROVAL_REMINDER");
    }

    /** A raw HTTP/1.1 exchange (java.net.http will not send a Host header of our choosing). */
    private String raw(String request) throws Exception {
        int port = URI.create(server.url()).getPort();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))
                    .readLine(); // the status line
        }
    }

    /** Issue 16: DNS rebinding (a foreign host name pointing at 127.0.0.1) and oversized bodies are refused. */
    @Test
    void onlyRequestsAddressedToTheLoopbackNameAndSmallBodiesAreServed() throws Exception {
        start();
        int port = URI.create(server.url()).getPort();
        assertThat(raw("GET /inbox HTTP/1.1\r\nHost: rebind.attacker.example:" + port + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 421");
        assertThat(raw("GET /inbox HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
        assertThat(raw("GET /inbox HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
        assertThat(raw("POST /approvals/abc HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Length: 10000000\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 413");
        assertThat(raw("POST /approvals/abc HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(20_000) + "\r\n" + "a".repeat(20_000) + "\r\n0\r\n\r\n")).startsWith("HTTP/1.1 413");
    }
}
