package io.cutover.core.error;

/** The deployment or a referenced resource is misconfigured: a missing environment variable, a malformed secret. */
public class ConfigurationException extends CutoverException {
    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
