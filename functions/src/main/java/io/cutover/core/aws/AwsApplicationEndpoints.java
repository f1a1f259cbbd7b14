package io.cutover.core.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.json.Json;
import io.cutover.core.ports.ApplicationEndpoints;
import io.cutover.core.ports.SecretJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The application switch's endpoints in AWS. Each client is built on first use (a function builds only what its
 * input's actions need).
 *
 * <ul>
 *   <li>Parameter Store: GetParameter without decryption; a SecureString is refused (the switch records the value it
 *       replaces, which must not be secret); PutParameter with Overwrite and no Type, which keeps the existing
 *       parameter's type (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html).</li>
 *   <li>Secrets Manager: GetSecretValue, one field of the JSON object changed, PutSecretValue, which makes the new
 *       version AWSCURRENT (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html).
 *       The secret's other fields go only back into the secret.</li>
 *   <li>Route 53: ListResourceRecordSets from the record's name and type (the list is sorted by name, then type, so
 *       the first record set answered is the one asked for if it exists:
 *       https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListResourceRecordSets.html) and
 *       ChangeResourceRecordSets UPSERT / DELETE
 *       (https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html). Alias, weighted,
 *       latency and other routing-policy record sets are refused: the switch handles a simple record only.</li>
 *   <li>Lambda: Invoke, RequestResponse; a function error comes back in X-Amz-Function-Error with status 200
 *       (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html).</li>
 * </ul>
 */
public final class AwsApplicationEndpoints implements ApplicationEndpoints {
    private final Supplier<SsmClient> ssm;
    private final Supplier<SecretsManagerClient> secretsManager;
    private final Supplier<Route53Client> route53;
    private final Supplier<LambdaClient> lambda;

    public AwsApplicationEndpoints(Supplier<SsmClient> ssm, Supplier<SecretsManagerClient> secretsManager,
                                   Supplier<Route53Client> route53, Supplier<LambdaClient> lambda) {
        this.ssm = ssm;
        this.secretsManager = secretsManager;
        this.route53 = route53;
        this.lambda = lambda;
    }

    @Override
    public Optional<String> parameter(String name) {
        GetParameterResponse response;
        try {
            response = ssm.get().getParameter(r -> r.name(name).withDecryption(false));
        } catch (ParameterNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.translate("reading parameter " + name, e);
        }
        if (response.parameter().type() == ParameterType.SECURE_STRING) {
            throw new ConfigurationException("parameter " + name + " is a SecureString: the switch records the value it "
                    + "replaces, which must not be a secret; keep the endpoint in a String parameter");
        }
        return Optional.ofNullable(response.parameter().value());
    }

    @Override
    public void putParameter(String name, String value) {
        try {
            ssm.get().putParameter(r -> r.name(name).value(value).overwrite(true));
        } catch (SdkException e) {
            throw AwsErrors.translate("writing parameter " + name, e);
        }
    }

    @Override
    public Optional<String> secretField(String secretId, String field) {
        return SecretJson.field(secretObject(secretId), field);
    }

    @Override
    public void putSecretField(String secretId, String field, String value) {
        ObjectNode json = secretObject(secretId);
        json.put(field, value);
        try {
            secretsManager.get().putSecretValue(r -> r.secretId(secretId).secretString(json.toString()));
        } catch (SdkException e) {
            throw AwsErrors.translate("writing secret " + secretId, e);
        }
    }

    private ObjectNode secretObject(String secretId) {
        GetSecretValueResponse response;
        try {
            response = secretsManager.get().getSecretValue(r -> r.secretId(secretId));
        } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException e) {
            throw new ConfigurationException("secret " + secretId + " does not exist (or is not visible to this function)");
        } catch (SdkException e) {
            throw AwsErrors.translate("reading secret " + secretId, e);
        }
        if (response.secretString() == null) {
            throw new ConfigurationException("secret " + secretId + " has no SecretString (binary secrets are not supported)");
        }
        return SecretJson.object(secretId, response.secretString());
    }

    @Override
    public Optional<DnsRecord> dnsRecord(String hostedZoneId, String name, String type) {
        ListResourceRecordSetsResponse response;
        try {
            response = route53.get().listResourceRecordSets(r -> r.hostedZoneId(hostedZoneId)
                    .startRecordName(name).startRecordType(RRType.fromValue(type)).maxItems("1"));
        } catch (NoSuchHostedZoneException e) {
            throw new ConfigurationException("hosted zone " + hostedZoneId + " does not exist (or is not visible to this function)");
        } catch (SdkException e) {
            throw AwsErrors.translate("reading record " + name + " " + type + " in hosted zone " + hostedZoneId, e);
        }
        return response.resourceRecordSets().stream()
                .filter(s -> sameName(s.name(), name) && type.equals(s.typeAsString()))
                .findFirst()
                .map(s -> {
                    if (s.aliasTarget() != null || s.setIdentifier() != null) {
                        throw new ConfigurationException("record " + name + " " + type + " in hosted zone " + hostedZoneId
                                + " is an alias or has a routing policy: the switch changes a simple record only");
                    }
                    return new DnsRecord(s.name(), s.typeAsString(), s.ttl() == null ? 0 : s.ttl(),
                            s.resourceRecords().stream().map(ResourceRecord::value).toList());
                });
    }

    @Override
    public void upsertDnsRecord(String hostedZoneId, DnsRecord record) {
        change(hostedZoneId, ChangeAction.UPSERT, record);
    }

    @Override
    public void deleteDnsRecord(String hostedZoneId, DnsRecord record) {
        change(hostedZoneId, ChangeAction.DELETE, record);
    }

    private void change(String hostedZoneId, ChangeAction action, DnsRecord record) {
        ResourceRecordSet set = ResourceRecordSet.builder().name(record.name()).type(record.type()).ttl(record.ttl())
                .resourceRecords(record.values().stream().map(v -> ResourceRecord.builder().value(v).build()).toList())
                .build();
        try {
            route53.get().changeResourceRecordSets(r -> r.hostedZoneId(hostedZoneId).changeBatch(b -> b
                    .comment("Cutover application switch")
                    .changes(c -> c.action(action).resourceRecordSet(set))));
        } catch (SdkException e) {
            throw AwsErrors.translate(action + " of record " + record.name() + " " + record.type() + " in hosted zone "
                    + hostedZoneId, e);
        }
    }

    @Override
    public HookResult invoke(String functionName, byte[] payload) {
        InvokeResponse response;
        try {
            response = lambda.get().invoke(r -> r.functionName(functionName).invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromByteArray(payload)));
        } catch (software.amazon.awssdk.services.lambda.model.ResourceNotFoundException e) {
            throw new ConfigurationException("function " + functionName + " does not exist (or is not visible to this function)");
        } catch (SdkException e) {
            throw AwsErrors.translate("invoking function " + functionName, e);
        }
        String answer = response.payload() == null ? "" : response.payload().asString(StandardCharsets.UTF_8);
        return new HookResult(response.statusCode(), response.functionError(), answer);
    }

    static boolean sameName(String returned, String asked) {
        String a = returned.toLowerCase(Locale.ROOT);
        String b = asked.toLowerCase(Locale.ROOT);
        return (a.endsWith(".") ? a : a + ".").equals(b.endsWith(".") ? b : b + ".");
    }

}
