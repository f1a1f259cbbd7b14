package io.cutover.approval;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.config.Env;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Ports;
import java.net.URI;

/**
 * The approval settings of a deployment: where approvers open links (APPROVAL_BASE_URL: the HTTP API in AWS,
 * the local page server in the rehearsal) and the Secrets Manager secret holding the signing key
 * (APPROVAL_SIGNING_SECRET_ID). The key is read through {@code ports.secrets()} and goes nowhere else.
 */
public final class ApprovalEnvironment {
    private ApprovalEnvironment() {}

    public static String baseUrl(Ports ports) {
        String url = ports.env().required(Env.APPROVAL_BASE_URL);
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(Env.APPROVAL_BASE_URL + " is not a URL: " + url);
        }
        boolean local = "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost());
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && local)) {
            throw new ConfigurationException(Env.APPROVAL_BASE_URL + " must be an https URL (http only on localhost): " + url);
        }
        return url;
    }

    /** The signer, with the key from the secret: its text, or the {@code signingKey} field of a JSON secret. */
    public static LinkSigner signer(Ports ports) {
        String secretId = ports.env().required(Env.APPROVAL_SIGNING_SECRET_ID);
        String secret = ports.secrets().secretString(secretId);
        if (secret.stripLeading().startsWith("{")) {
            JsonNode json;
            try {
                json = Json.parse(secret);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("secret " + secretId + " looks like JSON but is not valid JSON");
            }
            if (!json.path("signingKey").isTextual()) {
                throw new ConfigurationException("secret " + secretId + " is JSON without a text field signingKey");
            }
            secret = json.path("signingKey").asText();
        }
        return new LinkSigner(secret);
    }
}
