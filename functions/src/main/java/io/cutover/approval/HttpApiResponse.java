package io.cutover.approval;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** An HTTP API (payload format 2.0) response: status, headers, body. */
public record HttpApiResponse(
        int statusCode,
        Map<String, String> headers,
        String body,
        @JsonProperty("isBase64Encoded") boolean isBase64Encoded) {

    public static HttpApiResponse html(int status, Map<String, String> headers, String body) {
        return new HttpApiResponse(status, headers, body, false);
    }

    @Override
    public String toString() {
        return "HttpApiResponse[" + statusCode + "]";
    }
}
