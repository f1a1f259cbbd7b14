package io.cutover.core.ports.memory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.json.Json;
import io.cutover.core.ports.ApplicationEndpoints;
import io.cutover.core.ports.SecretJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The application's endpoints held in memory: tests and the rehearsal's stand-ins of the parameter, the secret, the
 * DNS record and the hook. As strict as the services where the switch depends on it: a parameter or secret is only
 * overwritten, never created (PutParameter needs a Type to create one, and the switch gives none; PutSecretValue needs
 * an existing secret), a DELETE must match the record set exactly (Route 53 refuses it otherwise:
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html), and a missing function is
 * a configuration error as Lambda's ResourceNotFoundException is.
 */
public final class MemoryApplicationEndpoints implements ApplicationEndpoints {
    private final Map<String, String> parameters = new ConcurrentHashMap<>();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, DnsRecord> records = new ConcurrentHashMap<>();
    private final Map<String, Function<byte[], HookResult>> hooks = new ConcurrentHashMap<>();
    private final List<String> changes = java.util.Collections.synchronizedList(new ArrayList<>());

    public MemoryApplicationEndpoints putParameterValue(String name, String value) {
        parameters.put(name, value);
        return this;
    }

    public MemoryApplicationEndpoints putSecret(String secretId, String json) {
        secrets.put(secretId, json);
        return this;
    }

    public MemoryApplicationEndpoints putRecord(String hostedZoneId, DnsRecord record) {
        records.put(recordKey(hostedZoneId, record.name(), record.type()), record);
        return this;
    }

    public MemoryApplicationEndpoints hook(String functionName, Function<byte[], HookResult> hook) {
        hooks.put(functionName, hook);
        return this;
    }

    /** Every change made through the port, in order ("parameter /x = v", "dns UPSERT ...", "invoke f"), for tests. */
    public List<String> changes() {
        synchronized (changes) {
            return List.copyOf(changes);
        }
    }

    /** The secret's JSON as it is now (tests). */
    public String secret(String secretId) {
        return secrets.get(secretId);
    }

    @Override
    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    @Override
    public void putParameter(String name, String value) {
        if (parameters.computeIfPresent(name, (k, v) -> value) == null) {
            throw new ConfigurationException("parameter " + name + " does not exist: the switch overwrites the parameter the "
                    + "application reads, it does not create one");
        }
        changes.add("parameter " + name + " = " + value);
    }

    @Override
    public Optional<String> secretField(String secretId, String field) {
        return SecretJson.field(object(secretId), field);
    }

    @Override
    public void putSecretField(String secretId, String field, String value) {
        ObjectNode json = object(secretId);
        json.put(field, value);
        secrets.put(secretId, json.toString());
        changes.add("secret " + secretId + " " + field + " = " + value);
    }

    private ObjectNode object(String secretId) {
        String text = secrets.get(secretId);
        if (text == null) {
            throw new ConfigurationException("secret " + secretId + " does not exist (or is not visible to this function)");
        }
        return SecretJson.object(secretId, text);
    }

    @Override
    public Optional<DnsRecord> dnsRecord(String hostedZoneId, String name, String type) {
        return Optional.ofNullable(records.get(recordKey(hostedZoneId, name, type)));
    }

    @Override
    public void upsertDnsRecord(String hostedZoneId, DnsRecord record) {
        records.put(recordKey(hostedZoneId, record.name(), record.type()), record);
        changes.add("dns UPSERT " + record.name() + " " + record.type() + " " + record.values());
    }

    @Override
    public void deleteDnsRecord(String hostedZoneId, DnsRecord record) {
        String key = recordKey(hostedZoneId, record.name(), record.type());
        DnsRecord current = records.get(key);
        if (current == null || current.ttl() != record.ttl() || !current.values().equals(record.values())) {
            throw new ConfigurationException("Route 53 refuses the DELETE of " + record.name() + " " + record.type()
                    + ": the record set does not exist with exactly these values and TTL (InvalidChangeBatch)");
        }
        records.remove(key);
        changes.add("dns DELETE " + record.name() + " " + record.type());
    }

    @Override
    public HookResult invoke(String functionName, byte[] payload) {
        Function<byte[], HookResult> hook = hooks.get(functionName);
        if (hook == null) {
            throw new ConfigurationException("function " + functionName + " does not exist (or is not visible to this function)");
        }
        changes.add("invoke " + functionName);
        return hook.apply(payload);
    }

    static String recordKey(String zone, String name, String type) {
        String n = name.toLowerCase(Locale.ROOT);
        return zone + "|" + (n.endsWith(".") ? n : n + ".") + "|" + type;
    }
}
