package io.cutover.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.testing.TestDatabases;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.CheckStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * TLS as DMS will meet it (nt-tls-mode, nt-tls-version-ciphers) against a real MariaDB source that offers only
 * TLS 1.3 and requires secure transport, with a target that offers no TLS at all. Cutover itself reaches the
 * source over TLS (source.tls.mode REQUIRED).
 */
class NetworkChecksIT {

    private static Map<String, CheckResult> targetChecks(DatabasePair pair, InMemoryPorts ports, MemoryArtifacts artifacts,
                                                         String sslMode, boolean certificate) {
        ObjectNode input = TestDatabases.input(pair, "tls-" + sslMode, List.of("app1"));
        ((ObjectNode) input.get("source")).putObject("tls").put("mode", "REQUIRED");
        ObjectNode dms = input.putObject("dms");
        dms.put("sourceSecretId", DatabasePair.secretId(DatabaseRole.SOURCE, "dms"));
        dms.put("targetSecretId", DatabasePair.secretId(DatabaseRole.TARGET, "dms"));
        dms.put("sslMode", sslMode);
        if (certificate) {
            dms.put("sourceCertificateArn", "arn:aws:dms:eu-west-1:123456789012:cert:LOCALCA");
            dms.put("targetCertificateArn", "arn:aws:dms:eu-west-1:123456789012:cert:LOCALCA");
        }
        return Readiness.byId(Readiness.report(ports, artifacts, Readiness.config(input), DatabaseRole.TARGET));
    }

    @Test
    void sslModeIsComparedWithWhatEachServerOffersAndRequires() throws Exception {
        Path certs = Files.createTempDirectory("cutover-nt-");
        openssl(certs, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=Cutover readiness test CA");
        openssl(certs, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        openssl(certs, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2");
        try (DatabasePair pair = TestDatabases.startPrivatePair(MariaDbOptions.source().named("tls-source").withArgs(
                        "--ssl-ca=" + certs.resolve("ca.pem"), "--ssl-cert=" + certs.resolve("server.pem"),
                        "--ssl-key=" + certs.resolve("server.key"), "--tls-version=TLSv1.3"),
                MariaDbOptions.target().named("tls-target"))) {
            pair.source().execute("CREATE DATABASE app1", "CREATE TABLE app1.t (id INT PRIMARY KEY)",
                    "SET GLOBAL require_secure_transport = ON");
            MemoryArtifacts artifacts = new MemoryArtifacts();
            InMemoryPorts ports = InMemoryPorts.builder().secrets(pair.publishSecrets(new MemorySecrets())).artifacts(artifacts).build();

            Map<String, CheckResult> none = targetChecks(pair, ports, artifacts, "none", false);
            assertThat(none.get("nt-tls-mode").blocks()).isTrue();
            assertThat(none.get("nt-tls-mode").objects()).containsExactly(
                    "source has require_secure_transport = ON but dms.sourceSslMode is none (error 3159)");
            assertThat(none.get("nt-tls-version-ciphers").status()).isEqualTo(CheckStatus.PASSED);

            Map<String, CheckResult> verifyCa = targetChecks(pair, ports, artifacts, "verify-ca", true);
            assertThat(verifyCa.get("nt-tls-mode").objects()).containsExactly("target offers no TLS (have_ssl = DISABLED) but dms.targetSslMode is verify-ca");
            assertThat(verifyCa.get("nt-tls-version-ciphers").warns()).isTrue();
            assertThat(verifyCa.get("nt-tls-version-ciphers").objects()).containsExactly("source does not offer TLSv1.2 (tls_version = TLSv1.3)");

            Map<String, CheckResult> verifyFull = targetChecks(pair, ports, artifacts, "verify-full", false);
            assertThat(verifyFull.get("nt-tls-mode").objects()).contains(
                    "dms.sourceSslMode verify-full needs the CA certificate of the source server: dms.sourceCertificateArn is not set",
                    "dms.targetSslMode verify-full needs the CA certificate of the target server: dms.targetCertificateArn is not set");
            Map<String, CheckResult> withCertificate = targetChecks(pair, ports, artifacts, "verify-full", true);
            assertThat(withCertificate.get("nt-tls-mode").objects()).noneMatch(o -> o.contains("needs the CA certificate"));
        }
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }
}
