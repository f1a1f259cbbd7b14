package io.cutover.local.rehearsal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.json.Json;
import io.cutover.core.ports.ApplicationEndpoints.DnsRecord;
import io.cutover.core.ports.ApplicationEndpoints.HookResult;
import io.cutover.core.ports.memory.MemoryApplicationEndpoints;
import io.cutover.local.rehearsal.RehearsalOptions.SwitchMode;
import java.util.List;
import java.util.function.Supplier;

/**
 * The rehearsal's application switch (--switch): the local stand-ins of what an application reads its endpoint from,
 * seeded with the source's address (a Parameter Store parameter, a secret's host field, a Route 53 CNAME with a
 * 60 s TTL, and a hook function that sets the parameter as a user's function would), the {@code switch} input that asks
 * "8.1 Switch the application" to change them, and where the workload reads the endpoint it follows.
 */
public final class SwitchStandIns {
    static final String PARAMETER = "/cutover-rehearsal/db/endpoint";
    static final String SECRET = "cutover-rehearsal/app-db";
    static final String ZONE = "ZREHEARSAL";
    static final String RECORD = "db.rehearsal.internal.";
    static final String HOOK = "cutover-rehearsal-switch";

    private final SwitchMode mode;
    private final MemoryApplicationEndpoints endpoints;
    private final String source;
    private final String target;

    public SwitchStandIns(SwitchMode mode, MemoryApplicationEndpoints endpoints, String source, String target) {
        this.mode = mode;
        this.endpoints = endpoints;
        this.source = source;
        this.target = target;
        endpoints.putParameterValue(PARAMETER, source)
                .putSecret(SECRET, Json.object().put("host", source).toString())
                .putRecord(ZONE, new DnsRecord(RECORD, "CNAME", 60, List.of(source)))
                .hook(HOOK, payload -> {
                    JsonNode p = Json.parse(payload);
                    endpoints.putParameter(PARAMETER, "REVERSE".equals(p.path("action").asText()) ? this.source
                            : p.path("targetEndpoint").asText());
                    return new HookResult(200, null, "{\"switched\":true}");
                });
    }

    /** The {@code switch} of the execution input. */
    public ObjectNode input() {
        ObjectNode sw = Json.object();
        sw.put("acknowledge", true);
        switch (mode) {
            case PARAMETER -> sw.putObject("parameter").put("name", PARAMETER).put("value", target);
            case SECRET -> sw.putObject("secret").put("secretId", SECRET).put("field", "host").put("value", target);
            case ROUTE53 -> sw.putObject("route53").put("hostedZoneId", ZONE).put("recordName", RECORD).put("value", target)
                    .put("ttl", 60);
            case LAMBDA -> sw.putObject("lambda").put("functionName", HOOK).put("value", target);
            case ACKNOWLEDGE -> { }
        }
        return sw;
    }

    /** Where the application reads its endpoint; null for ACKNOWLEDGE (nothing automated: the workload stays frozen out). */
    public Supplier<String> endpoint() {
        return switch (mode) {
            case PARAMETER, LAMBDA -> () -> endpoints.parameter(PARAMETER).orElse(null);
            case SECRET -> () -> endpoints.secretField(SECRET, "host").orElse(null);
            case ROUTE53 -> () -> endpoints.dnsRecord(ZONE, RECORD, "CNAME").map(r -> r.values().get(0)).orElse(null);
            case ACKNOWLEDGE -> null;
        };
    }

    /** The server an endpoint names. */
    public DatabaseRole server(String endpoint) {
        return target.equals(endpoint) ? DatabaseRole.TARGET : DatabaseRole.SOURCE;
    }

    public String target() {
        return target;
    }
}
