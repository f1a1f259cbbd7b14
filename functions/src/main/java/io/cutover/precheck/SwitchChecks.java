package io.cutover.precheck;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.config.MigrationConfig.Switch;
import io.cutover.core.ports.ApplicationEndpoints;
import io.cutover.core.ports.ApplicationEndpoints.DnsRecord;
import io.cutover.precheck.framework.CheckContext;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckGroup;
import io.cutover.precheck.framework.CheckGroup.RunsOn;
import io.cutover.precheck.framework.CheckGroup.Side;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.Checks;
import io.cutover.precheck.framework.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the application switch of the input (config.switch, "8.1 Switch the application") will change, read before the
 * migration day (catalog ids {@code tc-switch-endpoints}, {@code tc-switch-dns-ttl}): the parameter and the secret field
 * exist (else the switch fails after the freeze and rolls back), and the Route 53 record's TTL is at most
 * {@code maxTtlSeconds}: resolvers may answer the old value for up to the TTL after the change
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-basic.html#rrsets-values-basic-ttl),
 * and for that long the application keeps reaching the frozen source. Runs in the target Lambda; opens no database.
 */
@RunsOn(Side.TARGET)
public final class SwitchChecks implements CheckGroup {
    static final CheckDefinition ENDPOINTS = new CheckDefinition("tc-switch-endpoints",
            "What the switch changes exists", Severity.BLOCKER,
            "The switch overwrites the endpoint the application reads (a Parameter Store parameter of type String, a field "
                    + "of a JSON secret); one that does not exist or cannot be read fails 8.1 after the freeze, which rolls back.",
            "Create the parameter (type String) or the secret field with the source's endpoint, or correct config.switch; "
                    + "give the functions access (template parameters SwitchParameterName, SwitchSecretArn).");
    static final CheckDefinition DNS_TTL = new CheckDefinition("tc-switch-dns-ttl",
            "The switched DNS record has a short TTL", Severity.BLOCKER,
            "Resolvers and clients may keep the record's old value for up to its TTL after the switch: for that long the "
                    + "application keeps reaching the frozen source (writes refused).",
            "Lower the record's TTL to at most config.switch.route53.maxTtlSeconds (default 300) at least one old TTL "
                    + "before the migration day.");

    private final ApplicationEndpoints endpoints;

    public SwitchChecks(ApplicationEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public List<CheckResult> run(CheckContext context) {
        MigrationConfig config = context.config();
        return new Checks()
                .run(ENDPOINTS, () -> endpoints(config.appSwitch()))
                .run(DNS_TTL, () -> dnsTtl(config.appSwitch()))
                .results();
    }

    private CheckResult endpoints(Switch sw) {
        if (sw.parameter() == null && sw.secret() == null) {
            return ENDPOINTS.passed("config.switch changes no parameter and no secret");
        }
        List<String> seen = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        if (sw.parameter() != null) {
            String name = sw.parameter().name();
            endpoints.parameter(name).ifPresentOrElse(v -> seen.add("parameter " + name + " = " + v),
                    () -> missing.add("parameter " + name));
        }
        if (sw.secret() != null) {
            String what = "secret " + sw.secret().secretId() + " field " + sw.secret().field();
            endpoints.secretField(sw.secret().secretId(), sw.secret().field()).ifPresentOrElse(v -> seen.add(what + " = " + v),
                    () -> missing.add(what));
        }
        if (missing.isEmpty()) {
            return ENDPOINTS.passed(String.join("; ", seen));
        }
        return ENDPOINTS.failed("does not exist: " + String.join(", ", missing), missing);
    }

    private CheckResult dnsTtl(Switch sw) {
        if (sw.route53() == null) {
            return DNS_TTL.passed("config.switch changes no DNS record");
        }
        var r = sw.route53();
        Optional<DnsRecord> record = endpoints.dnsRecord(r.hostedZoneId(), r.recordName(), r.recordType());
        if (record.isEmpty()) {
            return DNS_TTL.failedAs(Severity.WARNING, "record " + r.recordName() + " " + r.recordType() + " does not exist in "
                    + "hosted zone " + r.hostedZoneId() + ": the switch creates it (and the rollback deletes it); an application "
                    + "that resolves it today gets no answer", List.of(r.recordName()));
        }
        DnsRecord d = record.get();
        String found = "record " + d.name() + " " + d.type() + " TTL " + d.ttl() + " s (at most " + r.maxTtlSeconds() + " s): "
                + String.join(",", d.values());
        return d.ttl() <= r.maxTtlSeconds() ? DNS_TTL.passed(found) : DNS_TTL.failed(found, List.of(d.name()));
    }
}
