package io.cutover.local.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cutover.approval.ApprovalCallbackHandler;
import io.cutover.core.ports.memory.MemoryApprovalStore;
import io.cutover.approval.RemindApprovalsHandler;
import io.cutover.core.config.Env;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Notification;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.local.asl.FunctionInvoker;
import io.cutover.local.asl.Handlers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.owasp.encoder.Encode;

/**
 * The approval page of the local rehearsal: the real {@link ApprovalCallbackHandler} served on
 * {@code http://127.0.0.1:<port>/approvals/…}, invoked exactly as API Gateway invokes it (an HTTP API 2.0 event
 * in, the response document out), plus the local inbox at {@code /inbox}, where the approval emails arrive with
 * their links. Loopback only.
 *
 * <pre>{@code
 * try (LocalApprovalServer approvals = LocalApprovalServer.start()) {
 *     InMemoryPorts ports = approvals.configure(InMemoryPorts.builder().callbacks(driverCallbacks), secrets).build();
 *     approvals.serve(ports);           // now the links in approvals.inbox() work
 * }
 * }</pre>
 */
public final class LocalApprovalServer implements AutoCloseable {
    public static final String SIGNING_SECRET_ID = "cutover/local/approval-signing-key";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "approval-page");
        t.setDaemon(true);
        return t;
    });
    private final MemoryApprovalStore store = new MemoryApprovalStore();
    private final LocalInbox inbox;
    private final String signingKey;
    private volatile Ports ports;
    private volatile FunctionInvoker callback;
    private volatile FunctionInvoker reminders;
    private ScheduledExecutorService reminderSchedule;

    private LocalApprovalServer(int port, LocalInbox inbox) {
        this.inbox = inbox;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.signingKey = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        server.setExecutor(executor);
        server.createContext("/approvals/", guarded(this::approval));
        server.createContext("/inbox", guarded(this::inboxPage));
        server.createContext("/", guarded(exchange -> {
            exchange.getResponseHeaders().set("Location", "/inbox");
            exchange.sendResponseHeaders(303, -1);
            exchange.close();
        }));
        server.start();
    }

    /** Listens on a free loopback port, with an in-memory inbox. */
    public static LocalApprovalServer start() {
        return new LocalApprovalServer(0, new LocalInbox());
    }

    /** Listens on {@code port} (0: any free one); the inbox may write each message to a directory. */
    public static LocalApprovalServer start(int port, LocalInbox inbox) {
        return new LocalApprovalServer(port, inbox);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public LocalInbox inbox() {
        return inbox;
    }

    public MemoryApprovalStore store() {
        return store;
    }

    /** The ports the page decides with ({@link #serve}): local/cutover-approve uses the same ones in a rehearsal. */
    public Ports ports() {
        if (ports == null) {
            throw new IllegalStateException("serve(ports) first");
        }
        return ports;
    }

    /** APPROVAL_BASE_URL (this server) and APPROVAL_SIGNING_SECRET_ID, for the ports' environment. */
    public Map<String, String> environment() {
        return Map.of(Env.APPROVAL_BASE_URL, url(), Env.APPROVAL_SIGNING_SECRET_ID, SIGNING_SECRET_ID);
    }

    /**
     * Gives the ports this server's store, inbox (as both notifiers: locally one person reads the notifications and
     * the approval links) and environment, and puts the (random, per run) signing key into {@code secrets}, which
     * the builder must use.
     */
    public InMemoryPorts.Builder configure(InMemoryPorts.Builder builder, MemorySecrets secrets) {
        secrets.put(SIGNING_SECRET_ID, signingKey);
        return builder.approvals(store).notifier(inbox).approvalNotifier(inbox).secrets(secrets).env(new Env(environment()));
    }

    /** Starts answering /approvals/ with the real callback handler on {@code ports} (built with {@link #configure}). */
    public LocalApprovalServer serve(Ports ports) {
        this.ports = ports;
        this.callback = Handlers.invoker(new ApprovalCallbackHandler(ports), "ApprovalCallbackFunction");
        this.reminders = Handlers.invoker(new RemindApprovalsHandler(ports), "RemindApprovalsFunction");
        return this;
    }

    /** Runs the reminder handler every {@code period}, as the deployed schedule does. */
    public synchronized LocalApprovalServer remindEvery(Duration period) {
        if (reminderSchedule == null) {
            reminderSchedule = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "approval-reminders");
                t.setDaemon(true);
                return t;
            });
            reminderSchedule.scheduleAtFixedRate(() -> {
                try {
                    runReminders();
                } catch (Exception e) {
                    System.err.println("approval reminders failed: " + e);
                }
            }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** One run of the reminder handler; returns how many reminders went out. */
    public int runReminders() throws Exception {
        FunctionInvoker r = reminders;
        if (r == null) {
            throw new IllegalStateException("serve(ports) first");
        }
        return r.invoke(Json.object()).path("reminded").asInt();
    }

    private void approval(HttpExchange exchange) throws IOException {
        try (exchange) {
            FunctionInvoker handler = callback;
            if (handler == null) {
                send(exchange, 503, Map.of("Content-Type", "text/plain; charset=utf-8"), "the approval page is not served yet");
                return;
            }
            JsonNode response;
            try {
                response = handler.invoke(event(exchange));
            } catch (BodyTooLarge e) {
                send(exchange, 413, Map.of("Content-Type", "text/plain; charset=utf-8"), "the request body is larger than " + MAX_BODY + " bytes");
                return;
            } catch (Exception e) {
                send(exchange, 502, Map.of("Content-Type", "text/plain; charset=utf-8"), "the approval function failed: " + e.getClass().getName());
                return;
            }
            Map<String, String> headers = Json.MAPPER.convertValue(response.path("headers"),
                    Json.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, String.class));
            send(exchange, response.path("statusCode").asInt(500), headers == null ? Map.of() : headers,
                    response.path("body").asText(""));
        }
    }

    static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("request body over " + MAX_BODY + " bytes");
        }
    }

    /** The largest request body read: the approval form is a few hundred bytes (a name, a comment, two signatures). */
    static final int MAX_BODY = 16 * 1024;

    /**
     * Only requests addressed to this server by its own name: a page on another site can make a browser send requests
     * to 127.0.0.1 under a host name it controls (DNS rebinding: https://en.wikipedia.org/wiki/DNS_rebinding); the
     * browser then sends that name in Host, so anything but 127.0.0.1:port or localhost:port is refused. And no body
     * larger than {@link #MAX_BODY}.
     */
    private com.sun.net.httpserver.HttpHandler guarded(com.sun.net.httpserver.HttpHandler handler) {
        return exchange -> {
            String host = exchange.getRequestHeaders().getFirst("Host");
            int port = server.getAddress().getPort();
            if (host == null || !(host.equalsIgnoreCase("127.0.0.1:" + port) || host.equalsIgnoreCase("localhost:" + port))) {
                try (exchange) {
                    send(exchange, 421, Map.of("Content-Type", "text/plain; charset=utf-8"),
                            "this server answers only requests addressed to 127.0.0.1:" + port + " or localhost:" + port);
                }
                return;
            }
            String length = exchange.getRequestHeaders().getFirst("Content-Length");
            if (length != null && (!length.strip().matches("[0-9]{1,9}") || Long.parseLong(length.strip()) > MAX_BODY)) {
                try (exchange) {
                    send(exchange, 413, Map.of("Content-Type", "text/plain; charset=utf-8"), "the request body is larger than "
                            + MAX_BODY + " bytes");
                }
                return;
            }
            handler.handle(exchange);
        };
    }

    /** The HTTP API payload format 2.0 event API Gateway would send for this request (form bodies base64). */
    static ObjectNode event(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        ObjectNode e = Json.object();
        e.put("version", "2.0");
        e.put("routeKey", method + " /approvals/{approvalId}");
        e.put("rawPath", path);
        e.put("rawQueryString", query == null ? "" : query);
        ObjectNode headers = e.putObject("headers");
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        if (query != null && !query.isEmpty()) {
            ObjectNode q = e.putObject("queryStringParameters");
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (!q.has(name)) {
                    q.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        e.putObject("pathParameters").put("approvalId", path.substring(path.lastIndexOf('/') + 1));
        ObjectNode context = e.putObject("requestContext");
        context.put("domainName", exchange.getRequestHeaders().getFirst("Host"));
        context.put("requestId", Long.toHexString(System.nanoTime()));
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", path);
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        http.put("userAgent", exchange.getRequestHeaders().getFirst("User-Agent"));
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) { // a chunked body, without Content-Length
            throw new BodyTooLarge();
        }
        e.put("body", body.length == 0 ? null : Base64.getEncoder().encodeToString(body));
        e.put("isBase64Encoded", body.length > 0);
        return e;
    }

    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+");

    private void inboxPage(HttpExchange exchange) throws IOException {
        try (exchange) {
            StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Cutover local inbox</title>"
                    + "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:0 auto;padding:1rem}"
                    + "article{border:1px solid #ccc;border-radius:8px;padding:0 1rem 1rem;margin:1rem 0}"
                    + "pre{white-space:pre-wrap;overflow-wrap:anywhere}</style></head><body>\n<h1>Cutover local inbox</h1>\n");
            List<LocalInbox.Message> messages = inbox.messages();
            if (messages.isEmpty()) {
                b.append("<p>No message yet. Approval requests arrive here when the rehearsal reaches a gate.</p>\n");
            }
            for (int i = messages.size() - 1; i >= 0; i--) {
                LocalInbox.Message m = messages.get(i);
                Notification n = m.notification();
                b.append("<article><h2>").append(Encode.forHtml(n.subject())).append("</h2><p><small>#").append(m.number())
                        .append(" · ").append(Encode.forHtml(String.valueOf(n.event()))).append(" · ")
                        .append(m.receivedAt()).append("</small></p><pre>").append(linkify(n.body())).append("</pre></article>\n");
            }
            b.append("</body></html>\n");
            send(exchange, 200, Map.of("Content-Type", "text/html; charset=utf-8", "Cache-Control", "no-store",
                    "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"), b.toString());
        }
    }

    /** The message text, escaped, with its URLs as links (escaped too). */
    static String linkify(String text) {
        StringBuilder out = new StringBuilder();
        Matcher m = URL.matcher(text);
        int at = 0;
        while (m.find()) {
            out.append(Encode.forHtml(text.substring(at, m.start())));
            String url = m.group();
            out.append("<a href=\"").append(Encode.forHtmlAttribute(url)).append("\">").append(Encode.forHtml(url)).append("</a>");
            at = m.end();
        }
        out.append(Encode.forHtml(text.substring(at)));
        return out.toString();
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (reminderSchedule != null) {
                reminderSchedule.shutdownNow();
            }
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
