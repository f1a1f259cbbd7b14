package io.cutover.approval;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The part of an API Gateway proxy event the approval page reads: an HTTP API event (payload format 2.0) or a
 * REST API Lambda proxy event (format 1.0: {@code httpMethod}, {@code path}, {@code requestContext.identity}), which
 * is what the deployed {@code ApprovalApi} (a REST API, see template.yaml) sends. Both answer with the same
 * {statusCode, headers, body, isBase64Encoded} document. One record rather than aws-lambda-java-events' two classes
 * ({@code APIGatewayProxyRequestEvent} for 1.0, {@code APIGatewayV2HTTPEvent} for 2.0): the page accepts both formats,
 * and every handler reads its payload with Cutover's Jackson configuration (TaskHandler). Cutover does not declare
 * that library (docs/development.md, "Libraries"). Header names are compared case-insensitively (HTTP API lower-cases
 * them, REST API keeps the client's).
 */
public record HttpApiRequest(
        String rawPath,
        String rawQueryString,
        Map<String, String> headers,
        Map<String, String> queryStringParameters,
        Map<String, String> pathParameters,
        RequestContext requestContext,
        String body,
        @JsonProperty("isBase64Encoded") boolean isBase64Encoded,
        String httpMethod,
        String path) {

    /** {@code http}: format 2.0; {@code identity}: format 1.0 (REST API). */
    public record RequestContext(Http http, String domainName, String requestId, Identity identity) {}

    public record Http(String method, String path, String sourceIp, String userAgent) {}

    public record Identity(String sourceIp, String userAgent) {}

    public HttpApiRequest {
        headers = headers == null ? Map.of() : headers;
        queryStringParameters = queryStringParameters == null ? Map.of() : queryStringParameters;
        pathParameters = pathParameters == null ? Map.of() : pathParameters;
    }

    public String method() {
        String method = requestContext != null && requestContext.http() != null ? requestContext.http().method() : httpMethod;
        return method == null ? "" : method.toUpperCase(Locale.ROOT);
    }

    public String sourceIp() {
        if (requestContext == null) {
            return null;
        }
        if (requestContext.http() != null) {
            return requestContext.http().sourceIp();
        }
        return requestContext.identity() == null ? null : requestContext.identity().sourceIp();
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

    /** The approval id: the {approvalId} (or {id}) path parameter, or the last segment of /approvals/{id}. */
    public String approvalId() {
        String id = pathParameters.get("approvalId");
        if (id == null) {
            id = pathParameters.get("id");
        }
        if (id != null) {
            return id;
        }
        String p = rawPath != null ? rawPath : path == null ? "" : path;
        int at = p.lastIndexOf("/approvals/");
        return at < 0 ? null : p.substring(at + "/approvals/".length());
    }

    @Override
    public String toString() {
        // the query string and the body carry signatures: never print them
        return "HttpApiRequest[" + method() + " " + (rawPath != null ? rawPath : path) + "]";
    }
}
