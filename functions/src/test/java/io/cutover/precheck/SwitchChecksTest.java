package io.cutover.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.ports.ApplicationEndpoints.DnsRecord;
import io.cutover.core.ports.memory.MemoryApplicationEndpoints;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.CheckStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** tc-switch-endpoints and tc-switch-dns-ttl on the in-memory stand-ins of the parameter, the secret and the record. */
class SwitchChecksTest {
    private final MemoryApplicationEndpoints endpoints = new MemoryApplicationEndpoints()
            .putParameterValue("/orders/db/host", "mysql-prod.internal")
            .putSecret("orders/app-db", "{\"host\":\"mysql-prod.internal\",\"password\":\"pw\"}")
            .putRecord("Z0123", new DnsRecord("db.orders.example.com.", "CNAME", 3600, List.of("mysql-prod.internal")))
            .putRecord("Z0123", new DnsRecord("fast.orders.example.com.", "CNAME", 60, List.of("mysql-prod.internal")));

    private Map<String, CheckResult> run(MigrationConfig config) {
        return Contexts.byId(new SwitchChecks(endpoints).run(Contexts.both(config, null, null)));
    }

    @Test
    void withoutASwitchBothPass() {
        Map<String, CheckResult> r = run(Contexts.config());
        assertThat(r.values()).allSatisfy(c -> assertThat(c.status()).isEqualTo(CheckStatus.PASSED));
    }

    @Test
    void aMissingParameterOrSecretFieldBlocks() {
        Map<String, CheckResult> r = run(Contexts.config(i -> {
            var sw = i.putObject("switch");
            sw.putObject("parameter").put("name", "/orders/db/typo").put("value", "aurora.example");
            sw.putObject("secret").put("secretId", "orders/app-db").put("field", "hostname").put("value", "aurora.example");
        }));
        CheckResult endpointsCheck = r.get("tc-switch-endpoints");
        assertThat(endpointsCheck.blocks()).isTrue();
        assertThat(endpointsCheck.objects()).containsExactly("parameter /orders/db/typo", "secret orders/app-db field hostname");
        assertThat(endpointsCheck.found()).doesNotContain("pw");
    }

    @Test
    void existingOnesPassAndNameTheirCurrentValue() {
        CheckResult c = run(Contexts.config(i -> i.putObject("switch").putObject("parameter").put("name", "/orders/db/host")
                .put("value", "aurora.example"))).get("tc-switch-endpoints");
        assertThat(c.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(c.found()).contains("mysql-prod.internal");
    }

    @Test
    void aRecordWithALongTtlBlocksAndAShortOnePasses() {
        CheckResult slow = run(Contexts.config(i -> i.putObject("switch").putObject("route53").put("hostedZoneId", "Z0123")
                .put("recordName", "db.orders.example.com").put("value", "aurora.example"))).get("tc-switch-dns-ttl");
        assertThat(slow.blocks()).isTrue();
        assertThat(slow.found()).contains("TTL 3600 s (at most 300 s)");

        CheckResult fast = run(Contexts.config(i -> i.putObject("switch").putObject("route53").put("hostedZoneId", "Z0123")
                .put("recordName", "fast.orders.example.com").put("value", "aurora.example"))).get("tc-switch-dns-ttl");
        assertThat(fast.status()).isEqualTo(CheckStatus.PASSED);

        CheckResult raised = run(Contexts.config(i -> i.putObject("switch").putObject("route53").put("hostedZoneId", "Z0123")
                .put("recordName", "db.orders.example.com").put("value", "aurora.example").put("maxTtlSeconds", 3600)))
                .get("tc-switch-dns-ttl");
        assertThat(raised.status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void aRecordThatDoesNotExistIsAWarning() {
        CheckResult c = run(Contexts.config(i -> i.putObject("switch").putObject("route53").put("hostedZoneId", "Z0123")
                .put("recordName", "new.orders.example.com").put("value", "aurora.example"))).get("tc-switch-dns-ttl");
        assertThat(c.blocks()).isFalse();
        assertThat(c.warns()).isTrue();
    }
}
