package io.cutover.approval;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The part of an API Gateway HTTP API event (payload format 2.0) the approval page reads. A record rather than
 * aws-lambda-java-events' APIGatewayV2HTTPEvent: that class is meant for the Lambda runtime's own serializer
 * (its {@code isBase64Encoded} does not bind with a plain ObjectMapper), and handlers here read payloads with
 * Cutover's Jackson configuration. Header names arrive lower-cased (HTTP API does that).
 */
public record HttpApiRequest(
        String rawPath,
        String rawQueryString,
        Map<String, String> headers,
        Map<String, String> queryStringParameters,
        Map<String, String> pathParameters,
        RequestContext requestContext,
        String body,
        @JsonProperty("isBase64Encoded") boolean isBase64Encoded) {

    public record RequestContext(Http http, String domainName, String requestId) {}

    public record Http(String method, String path, String sourceIp, String userAgent) {}

    public HttpApiRequest {
        headers = headers == null ? Map.of() : headers;
        queryStringParameters = queryStringParameters == null ? Map.of() : queryStringParameters;
        pathParameters = pathParameters == null ? Map.of() : pathParameters;
    }

    public String method() {
        return requestContext == null || requestContext.http() == null || requestContext.http().method() == null
                ? "" : requestContext.http().method().toUpperCase(Locale.ROOT);
    }

    public String sourceIp() {
        return requestContext == null || requestContext.http() == null ? null : requestContext.http().sourceIp();
    }

    public String header(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The body as text (HTTP API base64-encodes form posts). */
    public String bodyText() {
        if (body == null) {
            return "";
        }
        return isBase64Encoded ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
    }

    /** The approval id: the {approvalId} path parameter, or the last segment of /approvals/{id}. */
    public String approvalId() {
        String id = pathParameters.get("approvalId");
        if (id != null) {
            return id;
        }
        String path = rawPath == null ? "" : rawPath;
        int at = path.lastIndexOf("/approvals/");
        return at < 0 ? null : path.substring(at + "/approvals/".length());
    }

    @Override
    public String toString() {
        // the query string and the body carry signatures: never print them
        return "HttpApiRequest[" + method() + " " + rawPath + "]";
    }
}
