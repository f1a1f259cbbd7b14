package io.cutover.core.config;

import io.cutover.core.error.ConfigurationException;
import java.util.Map;

/** The environment variables the functions read (set in template.yaml). */
public final class Env {
    public static final String REGION = "AWS_REGION";
    public static final String ARTIFACTS_BUCKET = "ARTIFACTS_BUCKET";
    public static final String NOTIFICATION_TOPIC_ARN = "NOTIFICATION_TOPIC_ARN";
    /** The topic of the approval links, to which only approvers subscribe (set on the request and reminder functions). */
    public static final String APPROVALS_TOPIC_ARN = "APPROVALS_TOPIC_ARN";
    public static final String APPROVALS_TABLE = "APPROVALS_TABLE";
    public static final String APPROVAL_SIGNING_SECRET_ID = "APPROVAL_SIGNING_SECRET_ID";
    public static final String APPROVAL_BASE_URL = "APPROVAL_BASE_URL";
    public static final String METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE";

    private final Map<String, String> values;

    public Env(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public String required(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new ConfigurationException("environment variable " + name + " is not set (see template.yaml)");
        }
        return v;
    }

    public String optional(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? null : v;
    }
}
