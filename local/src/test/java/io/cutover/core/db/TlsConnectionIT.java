package io.cutover.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.config.MigrationConfig.Endpoint;
import io.cutover.core.config.MigrationConfig.Tls;
import io.cutover.core.config.MigrationConfig.TlsMode;
import io.cutover.core.db.jdbc.JdbcDatabases;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.error.CutoverException;
import io.cutover.core.error.DatabaseException;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.cutover.validation.ChangedKeysReader;
import io.cutover.cutover.validation.PlanValidationHandler;
import io.cutover.cutover.validation.ValidationModel.ChangedKeys;
import io.cutover.cutover.validation.ValidationRequest;
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
 * comes from a secret as PEM, as the RDS global bundle would. The server writes a binlog, so the validation's binlog
 * reader is checked with the same settings as the JDBC sessions.
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
        server = MariaDbServer.start(DatabasePair.newBaseDir(), MariaDbOptions.source().named("tls").withArgs(
                "--ssl-ca=" + certs.resolve("ca.pem"), "--ssl-cert=" + certs.resolve("server.pem"),
                "--ssl-key=" + certs.resolve("server.key")));
        server.execute("CREATE USER 'cutover'@'%' IDENTIFIED BY 'tls-test-pw' REQUIRE SSL",
                "GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'cutover'@'%'",
                // may read the binlog position (BINLOG MONITOR) but not the binlog itself (no REPLICATION SLAVE)
                "CREATE USER 'nodump'@'%' IDENTIFIED BY 'tls-test-pw2' REQUIRE SSL",
                "GRANT SELECT, BINLOG MONITOR ON *.* TO 'nodump'@'%'",
                "CREATE DATABASE tlsdb", "CREATE TABLE tlsdb.t (id INT PRIMARY KEY, v INT)");
        secrets.put("tls/nodump", "{\"username\":\"nodump\",\"password\":\"tls-test-pw2\",\"host\":\"127.0.0.1\",\"port\":" + server.port() + "}");
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

    private static ChangedKeysReader binlogReader(String user, TlsMode mode, String caSecret) {
        return new ChangedKeysReader(DbCredentials.fromSecret("tls/" + user, secrets.secretString("tls/" + user)), new Tls(mode, caSecret),
                caSecret == null ? null : secrets.secretString(caSecret));
    }

    private static BinlogPosition position() {
        try (Database db = open(TlsMode.VERIFY_IDENTITY, "tls/ca")) {
            return BinlogPosition.read(db);
        }
    }

    @Test
    void theBinlogReaderTrustsTheEndpointsCaBundle() {
        BinlogPosition from = position();
        server.execute("INSERT INTO tlsdb.t VALUES (1, 1), (2, 2)");
        BinlogPosition to = position();
        binlogReader("cutover", TlsMode.VERIFY_IDENTITY, "tls/ca").probe(from);
        ChangedKeys changed = binlogReader("cutover", TlsMode.VERIFY_IDENTITY, "tls/ca").read(from, to, List.of());
        assertThat(changed.events()).isPositive();
        assertThat(changed.warnings()).isEmpty();
    }

    @Test
    void withoutItsCaBundleTheBinlogReaderCannotVerifyAPrivateCa() {
        // what happened before the reader took tls.caBundleSecretId: the JVM's trust store does not know the private CA
        assertThatThrownBy(() -> binlogReader("cutover", TlsMode.VERIFY_CA, null).probe(position()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cannot read the source binlog as cutover@127.0.0.1:" + server.port() + " (tls.mode VERIFY_CA)");
    }

    @Test
    void aBinlogThatCannotBeReadIsAClearErrorBeforeTheFreezeAndAnErrorAfterIt() {
        BinlogPosition from = position();
        server.execute("INSERT INTO tlsdb.t VALUES (3, 3)");
        BinlogPosition to = position();
        assertThatThrownBy(() -> binlogReader("cutover", TlsMode.VERIFY_IDENTITY, "tls/other-ca").probe(from))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("tls.mode VERIFY_IDENTITY, tls.caBundleSecretId tls/other-ca")
                .hasMessageContaining("before the freeze");
        // after the freeze: an error (the ASL's rollback), not every table checksummed in full inside the freeze
        assertThatThrownBy(() -> binlogReader("cutover", TlsMode.VERIFY_IDENTITY, "tls/other-ca").read(from, to, List.of()))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("could not read the source binlog")
                .hasMessageNotContaining("tls-test-pw");
    }

    @Test
    void thePreFreezePassRefusesASourceWhoseBinlogItCannotRead() {
        var input = Json.object().put("migrationId", "tls-probe");
        input.putObject("source").put("secretId", "tls/nodump").putObject("tls").put("mode", "VERIFY_IDENTITY").put("caBundleSecretId", "tls/ca");
        input.putObject("target").put("secretId", "tls/cutover").putObject("tls").put("mode", "VERIFY_IDENTITY").put("caBundleSecretId", "tls/ca");
        input.putArray("schemas").add("tlsdb");
        MigrationConfig config = Json.convert(input, MigrationConfig.class);
        var ports = InMemoryPorts.builder().secrets(secrets).build();
        assertThatThrownBy(() -> new PlanValidationHandler(ports).handle(
                new ValidationRequest(config, "plan", "exec-1", ValidationRequest.PRE_FREEZE, null, null, null)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cannot read the source binlog as nodump@127.0.0.1:" + server.port())
                .hasMessageContaining("REPLICATION SLAVE");
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
