package io.cutover.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.config.MigrationConfig.Endpoint;
import io.cutover.core.config.MigrationConfig.Tls;
import io.cutover.core.config.MigrationConfig.TlsMode;
import io.cutover.core.db.jdbc.JdbcDatabases;
import io.cutover.core.error.CutoverException;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.db.MariaDbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS options against a real MariaDB server with a certificate from a throw-away CA (openssl): the CA bundle
 * comes from a secret as PEM, as the RDS global bundle would.
 */
class TlsConnectionIT {
    private static Path certs;
    private static MariaDbServer server;
    private static final MemorySecrets secrets = new MemorySecrets();

    @BeforeAll
    static void startServerWithTls() throws Exception {
        certs = Files.createTempDirectory("cutover-tls-");
        makeCa("ca");
        makeCa("other-ca");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        Files.writeString(certs.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "san.ext");
        server = MariaDbServer.start(DatabasePair.newBaseDir(), MariaDbOptions.target().named("tls").withArgs(
                "--ssl-ca=" + certs.resolve("ca.pem"), "--ssl-cert=" + certs.resolve("server.pem"),
                "--ssl-key=" + certs.resolve("server.key")));
        server.execute("CREATE USER 'cutover'@'%' IDENTIFIED BY 'tls-test-pw' REQUIRE SSL",
                "GRANT SELECT ON *.* TO 'cutover'@'%'");
        secrets.put("tls/cutover", "{\"username\":\"cutover\",\"password\":\"tls-test-pw\",\"host\":\"127.0.0.1\",\"port\":" + server.port() + "}");
        secrets.put("tls/ca", Files.readString(certs.resolve("ca.pem")));
        secrets.put("tls/other-ca", Files.readString(certs.resolve("other-ca.pem")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Database open(TlsMode mode, String caSecret) {
        return new JdbcDatabases(secrets).open(DatabaseRole.TARGET, new Endpoint("tls/cutover", new Tls(mode, caSecret), null, null));
    }

    private static String cipher(Database db) {
        return db.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'").get(0).string("Value");
    }

    @Test
    void verifyIdentityWithTheRightCaConnectsOverTls() {
        try (Database db = open(TlsMode.VERIFY_IDENTITY, "tls/ca")) {
            assertThat(cipher(db)).isNotBlank();
        }
    }

    @Test
    void verifyCaWithAnotherCaIsRefused() {
        assertThatThrownBy(() -> open(TlsMode.VERIFY_CA, "tls/other-ca"))
                .isInstanceOf(CutoverException.class)
                .hasMessageContaining("target: connecting to 127.0.0.1:" + server.port())
                .hasMessageContaining("sslMode VERIFY_CA");
    }

    @Test
    void aUserThatRequiresSslCannotConnectWithTlsDisabled() {
        assertThatThrownBy(() -> open(TlsMode.DISABLED, null))
                .isInstanceOf(io.cutover.core.error.AccessDeniedException.class)
                .hasMessageNotContaining("tls-test-pw");
    }

    @Test
    void requiredEncryptsWithoutVerifying() {
        try (Database db = open(TlsMode.REQUIRED, null)) {
            assertThat(cipher(db)).isNotBlank();
        }
    }

    private static void makeCa(String name) throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".pem",
                "-days", "2", "-subj", "/CN=Cutover test " + name);
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(certs.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }
}
