package io.cutover.local.approval;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decides on an approval the way a person does, over plain HTTP: opens the link (the confirmation page), then
 * submits the page's form with a name, a comment and one of its buttons. For unattended rehearsals and tests;
 * the browser test does the same with a real browser.
 */
public final class HttpApprover {
    /** A page as received. */
    public record Page(int status, String body) {}

    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** GET: what a mail scanner or a person opening the link gets. */
    public Page open(String link) {
        return send(HttpRequest.newBuilder(URI.create(link)).GET());
    }

    /**
     * Opens {@code link} and presses {@code action} ("approve" or "reject") on its page. When the page has no
     * form (expired, already decided, …) that page is returned and nothing is posted.
     */
    public Page decide(String link, String action, String name, String comment) {
        return decide(link, action, name, comment, Map.of());
    }

    /** As {@link #decide(String, String, String, String)}, with more form fields (a ticked check box: its name and value). */
    public Page decide(String link, String action, String name, String comment, Map<String, String> fields) {
        Page page = open(link);
        Map<String, String> form = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(page.body());
        while (m.find()) {
            form.put(m.group(1), unescape(m.group(2)));
        }
        if (page.status() != 200 || form.isEmpty()) {
            return page;
        }
        form.put("name", name);
        if (comment != null) {
            form.put("comment", comment);
        }
        form.putAll(fields);
        form.put("action", action);
        URI uri = URI.create(link);
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", uri.getScheme() + "://" + uri.getAuthority())
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("the approval page could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The page escapes attribute values; signatures and expiries are plain, but undo the escapes anyway. */
    private static String unescape(String value) {
        return value.replace("&#34;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
