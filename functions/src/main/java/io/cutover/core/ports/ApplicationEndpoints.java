package io.cutover.core.ports;

import java.util.List;
import java.util.Optional;

/**
 * Where an application reads the database endpoint it connects to, as the application switch changes it (issue 21):
 * a Systems Manager Parameter Store parameter, a field of a Secrets Manager secret, a Route 53 record, or a Lambda
 * function of the user's that does the switch itself. The AWS adapter is {@code core.aws.AwsApplicationEndpoints};
 * the rehearsal's stand-ins are in {@code ports.memory.MemoryApplicationEndpoints}. No method logs a value it reads
 * from a secret: {@link #secretField} returns one field, the only one the switch touches.
 */
public interface ApplicationEndpoints {
    /** The parameter's value; empty when it does not exist. */
    Optional<String> parameter(String name);

    /** Overwrites an existing parameter's value (its type and description stay). */
    void putParameter(String name, String value);

    /** One field of the secret's JSON object (a string); empty when the field is absent. */
    Optional<String> secretField(String secretId, String field);

    /** A new version of the secret (AWSCURRENT) equal to the current one but for {@code field}. */
    void putSecretField(String secretId, String field, String value);

    /** The simple (non-alias, non-weighted) record set of that name and type; empty when there is none. */
    Optional<DnsRecord> dnsRecord(String hostedZoneId, String name, String type);

    /** UPSERT of a simple record set. */
    void upsertDnsRecord(String hostedZoneId, DnsRecord record);

    /** DELETE of exactly that record set (its name, type, TTL and values must match). */
    void deleteDnsRecord(String hostedZoneId, DnsRecord record);

    /** Invokes the function synchronously with {@code payload} (JSON); its answer or the error it reported. */
    HookResult invoke(String functionName, byte[] payload);

    /** A simple record set: {@code name} as Route 53 returns it (fully qualified, with the trailing dot). */
    record DnsRecord(String name, String type, long ttl, List<String> values) {
        public DnsRecord {
            values = List.copyOf(values);
        }
    }

    /** {@code functionError}: Lambda's X-Amz-Function-Error (Handled/Unhandled), null when the function succeeded. */
    record HookResult(int statusCode, String functionError, String payload) {
        public boolean failed() {
            return functionError != null || statusCode / 100 != 2;
        }
    }
}
