package io.cutover.local.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.input.InputValidator;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.DbCredentials;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.core.db.BinlogPosition;
import io.cutover.cutover.CutoverRequest;
import io.cutover.cutover.FreezeWritesHandler;
import io.cutover.cutover.UnfreezeHandler;
import io.cutover.cutover.validation.ChangedKeysReader;
import io.cutover.cutover.validation.ValidationModel.ChangedKeys;
import io.cutover.local.Project;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.testing.TestDatabases;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.CheckSourceReadinessHandler;
import io.cutover.precheck.framework.CheckStatus;
import io.cutover.precheck.CheckTargetReadinessHandler;
import io.cutover.precheck.ReadinessReport;
import io.cutover.precheck.ReadinessSummary;
import io.cutover.schema.CreateHeartbeatTableHandler;
import io.cutover.testing.FakeContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The MariaDB accounts and grants of docs/operations.md ("Accounts and grants"), run as written on a private MariaDB
 * source, are enough for what Cutover and DMS do with them: the readiness checks find exactly what they find with an
 * ALL PRIVILEGES account (nothing left unchecked for want of a privilege) and pass the DMS user's grants; the heartbeat
 * table is created; the freeze sets read_only and writes the marker, the unfreeze restores; the binlog is read as
 * the post-freeze validation reads it. The test changes only the account names (the pair already has a `cutover`
 * account), the passwords and REQUIRE SSL (its servers have no TLS).
 */
class SourcePreparationIT {
    private static final String BLOCK_FIRST_LINE = "-- MariaDB 10.5+";

    @Test
    void theDocumentedMariaDbGrantsAreEnoughForCutoverAndDms() throws Exception {
        List<String> statements = documentedStatements();
        assertThat(statements).as("the MariaDB block of docs/operations.md").isNotEmpty()
                .anyMatch(s -> s.contains("READ_ONLY ADMIN")).anyMatch(s -> s.startsWith("CREATE USER 'cutover_dms'"));

        try (DatabasePair pair = TestDatabases.startPrivatePair(MariaDbOptions.source().named("prep-source"), MariaDbOptions.target().named("prep-target"))) {
            MemorySecrets secrets = pair.publishSecrets(new MemorySecrets());
            pair.source().execute("CREATE DATABASE orders", "CREATE DATABASE billing",
                    "CREATE TABLE orders.orders (id INT PRIMARY KEY, customer VARCHAR(40) NOT NULL, total DECIMAL(10,2))",
                    "CREATE TABLE billing.invoices (id INT PRIMARY KEY, order_id INT NOT NULL, "
                            + "CONSTRAINT fk_invoice_order FOREIGN KEY (order_id) REFERENCES orders.orders (id))",
                    "CREATE VIEW orders.big_orders AS SELECT id, total FROM orders.orders WHERE total > 100",
                    "CREATE PROCEDURE orders.count_orders(OUT n INT) SELECT COUNT(*) INTO n FROM orders.orders",
                    "INSERT INTO orders.orders VALUES (1, 'a', 10), (2, 'b', 200)", "INSERT INTO billing.invoices VALUES (1, 1)");
            String password = "Pw-" + UUID.randomUUID();
            for (String statement : statements) {
                pair.source().execute(statement.replace("'cutover'@", "'ops_cutover'@").replace("'cutover_dms'@", "'ops_dms'@")
                        .replace("<password from the secret>", password).replace(" REQUIRE SSL", ""));
            }
            secrets.put("ops/source-admin", secret("ops_cutover", password, pair));
            secrets.put("ops/source-dms", secret("ops_dms", password, pair));

            MemoryArtifacts artifacts = new MemoryArtifacts();
            InMemoryPorts ports = InMemoryPorts.builder().secrets(secrets).artifacts(artifacts).build();
            MigrationConfig documented = config(pair, "ops/source-admin", "ops/source-dms");
            MigrationConfig allPrivileges = config(pair, DatabasePair.secretId(DatabaseRole.SOURCE, "cutover"), "ops/source-dms");

            Map<String, CheckStatus> withDocumentedGrants = readiness(ports, artifacts, documented);
            Map<String, CheckStatus> withAllPrivileges = readiness(ports, artifacts, allPrivileges);
            assertThat(withDocumentedGrants).as("readiness with the documented grants, as with ALL PRIVILEGES").isEqualTo(withAllPrivileges);
            assertThat(withDocumentedGrants).containsEntry("pr-dms-source-grants", CheckStatus.PASSED);
            assertThat(withDocumentedGrants.entrySet().stream().filter(e -> e.getValue() == CheckStatus.COULD_NOT_CHECK).map(Map.Entry::getKey))
                    .as("checks that could not run").isEmpty();

            call(new CreateHeartbeatTableHandler(ports), Map.of("config", documented, "stateName", "2.7", "executionName", "prep"));
            assertThat(query(pair, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'cutover' AND table_name = 'heartbeat'"))
                    .as("cutover.heartbeat on the source").isEqualTo("1");

            BinlogPosition before;
            try (Database source = ports.databases().open(DatabaseRole.SOURCE, documented.source())) {
                before = BinlogPosition.read(source);
            }
            pair.source().execute("INSERT INTO orders.orders VALUES (3, 'c', 30)");

            CutoverRequest request = new CutoverRequest(documented, "5.2 Freeze writes on source", "prep-1", null, null, null);
            FreezeWritesHandler.Frozen frozen = new FreezeWritesHandler(ports).handle(request);
            assertThat(frozen.frozen()).isTrue();
            assertThat(frozen.markerId()).isEqualTo("drain:prep-1");
            assertThat(query(pair, "SELECT @@global.read_only")).as("read_only after the freeze").isEqualTo("1");

            BinlogPosition after;
            try (Database source = ports.databases().open(DatabaseRole.SOURCE, documented.source())) {
                after = BinlogPosition.read(source);
            }
            ChangedKeys changed = new ChangedKeysReader(DbCredentials.fromSecret("ops/source-admin", secrets.secretString("ops/source-admin")),
                    io.cutover.core.config.MigrationConfig.Tls.disabled(), null).read(before, after, List.of());
            assertThat(changed.warnings()).as("reading the binlog as Cutover's account").isEmpty();
            assertThat(changed.events()).isPositive();

            UnfreezeHandler.Unfrozen unfrozen = new UnfreezeHandler(ports).handle(
                    new CutoverRequest(documented, "R1 Restore the write state of the source", "prep-1", null, null, null));
            assertThat(unfrozen.restored()).isTrue();
            assertThat(query(pair, "SELECT @@global.read_only")).as("read_only after the unfreeze").isEqualTo("0");
        }
    }

    /** The statements of the SQL block of docs/operations.md that starts with {@value #BLOCK_FIRST_LINE}. */
    static List<String> documentedStatements() {
        Markdown doc = Markdown.read(Project.root().resolve("docs/operations.md"));
        List<Markdown.CodeBlock> blocks = doc.codeBlocks().stream()
                .filter(b -> b.info().equals("sql") && !b.lines().isEmpty() && b.lines().get(0).strip().equals(BLOCK_FIRST_LINE)).toList();
        assertThat(blocks).as("one sql block in docs/operations.md starting with " + BLOCK_FIRST_LINE).hasSize(1);
        String sql = blocks.get(0).lines().stream().map(l -> l.replaceAll("--.*$", "").strip()).filter(l -> !l.isEmpty())
                .collect(Collectors.joining(" "));
        List<String> statements = new ArrayList<>();
        for (String s : sql.split(";")) {
            if (!s.isBlank()) {
                statements.add(s.strip());
            }
        }
        return statements;
    }

    private static String secret(String user, String password, DatabasePair pair) {
        return Json.write(Map.of("username", user, "password", password, "host", pair.source().host(), "port", pair.source().port()));
    }

    private static MigrationConfig config(DatabasePair pair, String sourceSecret, String dmsSecret) {
        ObjectNode input = TestDatabases.input(pair, "prep", List.of("orders", "billing"));
        ((ObjectNode) input.path("source")).put("secretId", sourceSecret);
        input.putObject("dms").put("sourceSecretId", dmsSecret).put("targetSecretId", DatabasePair.secretId(DatabaseRole.TARGET, "dms"));
        input.putObject("cutover").put("rollbackWindowHours", 0);
        return new InputValidator().validate(input, InputValidator.Purpose.READINESS);
    }

    /** Both readiness Lambdas, as Lambda calls them: every check's status by id. */
    private static Map<String, CheckStatus> readiness(InMemoryPorts ports, MemoryArtifacts artifacts, MigrationConfig config) throws IOException {
        Map<String, CheckStatus> statuses = new LinkedHashMap<>();
        for (var handler : List.of(new CheckSourceReadinessHandler(ports), new CheckTargetReadinessHandler(ports))) {
            ReadinessSummary summary = Json.read(call(handler, Map.of("config", config, "stateName", "1 Readiness checks",
                    "executionName", "prep-" + UUID.randomUUID())), ReadinessSummary.class);
            ReadinessReport report = artifacts.getJson(summary.reportKey(), ReadinessReport.class).orElseThrow();
            for (CheckResult r : report.checks()) {
                statuses.put(r.id(), r.status());
            }
        }
        return statuses;
    }

    private static String call(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler, Map<String, Object> payload) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.bytes(payload)), out, new FakeContext("prep"));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String query(DatabasePair pair, String sql) throws Exception {
        try (var c = pair.source().rootConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
