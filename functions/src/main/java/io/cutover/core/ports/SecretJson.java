package io.cutover.core.ports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.json.Json;
import java.util.Optional;

/**
 * A secret's SecretString as the JSON object whose one field the application switch reads and changes
 * ({@link ApplicationEndpoints#secretField}, {@link ApplicationEndpoints#putSecretField}): one reading for the AWS
 * adapter and the stand-in, so both refuse the same secrets with the same words and never quote the secret's text.
 */
public final class SecretJson {
    private SecretJson() {}

    /** The secret's text as an object; a text that is not a JSON object is refused without repeating it. */
    public static ObjectNode object(String secretId, String text) {
        JsonNode json;
        try {
            json = Json.parse(text);
        } catch (RuntimeException e) {
            json = null; // never repeat the parser's message: it quotes the secret's text
        }
        if (!(json instanceof ObjectNode o)) {
            throw new ConfigurationException("secret " + secretId + " is not a JSON object: the switch changes one field of it");
        }
        return o;
    }

    /** The field as text; empty when it is absent or null. */
    public static Optional<String> field(ObjectNode secret, String field) {
        JsonNode value = secret.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
