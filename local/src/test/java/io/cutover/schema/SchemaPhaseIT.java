package io.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import io.cutover.schema.deferred.AppliedObjects;
import io.cutover.schema.deferred.DeferredObjects;
import io.cutover.schema.deferred.ObjectType;
import io.cutover.schema.fk.ForeignKeyRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole schema phase on real servers with the rich fixture, in the order the state machine runs it, each
 * handler run twice: the second run must leave the target and the result (and the artifact) exactly as the
 * first did.
 */
@ExtendWith(DatabaseServers.class)
class SchemaPhaseIT {

    @Test
    void theWholePhaseOnARichSchemaIsExactAndIdempotent(TestDatabases db) {
        String a = TestDatabases.newSchema("shop");
        String b = TestDatabases.newSchema("ventes_été");
        SchemaFixture.create(db.source(), a, b);
        List<String> schemas = List.of(a, b);
        MigrationConfig config = db.config("schema-full", schemas);
        MemoryArtifacts artifacts = new MemoryArtifacts();
        InMemoryPorts ports = db.ports().artifacts(artifacts).build();

        // 2.5 Create target schema
        var created = twice(() -> SchemaCalls.callJson(new CreateTargetSchemaHandler(ports), config, Map.of()), artifacts,
                SchemaArtifacts.targetSchema("schema-full"), db, schemas);
        CreateTargetSchemaHandler.Result schema = Json.read(created, CreateTargetSchemaHandler.Result.class);
        assertThat(schema.ok()).as(schema.summary()).isTrue();
        assertThat(schema.tables()).isEqualTo(SchemaFixture.TABLES_A + SchemaFixture.TABLES_B);
        assertThat(schema.tablesMatching()).isEqualTo(schema.tables());
        Map<String, String> target = TargetSnapshot.of(db.target(), schemas);
        assertThat(TargetSnapshot.count(target, "TABLE")).isEqualTo(9);
        for (String type : List.of("VIEW", "PROCEDURE", "FUNCTION", "TRIGGER", "EVENT")) {
            assertThat(TargetSnapshot.count(target, type)).as("no " + type + " before the cutover point").isZero();
        }
        assertThat(target.values()).noneMatch(ddl -> ddl.contains("FOREIGN KEY"));
        String metrics = target.get("TABLE " + a + ".metrics");
        assertThat(metrics).contains("PARTITION BY RANGE (`yr`)").contains("PARTITION `pmax` VALUES LESS THAN MAXVALUE");
        String lines = target.get("TABLE " + a + ".order lines");
        assertThat(lines).contains("`amount` decimal(12,2) GENERATED ALWAYS AS (`qty` * `price`) STORED")
                .contains("`discounted` decimal(12,2) GENERATED ALWAYS AS (`qty` * `price` * 0.9) VIRTUAL");
        String customers = target.get("TABLE " + a + ".customers");
        assertThat(customers).contains("AUTO_INCREMENT=1000").contains("CHARACTER SET latin1").contains("COMMENT 'a reserved word, as a column'")
                .contains("COMMENT='customers, with a comma'").contains("`select` varchar(50)");
        assertThat(target).containsKey("TABLE " + a + ".tab`quote \"x\"").containsKey("TABLE " + a + ".商品");
        assertThat(target.get("TABLE " + a + ".商品")).contains("`名前` varchar(50) DEFAULT NULL COMMENT '品名'");

        // 2.6 Prepare foreign keys
        String prepared = twice(() -> SchemaCalls.callJson(new PrepareForeignKeysHandler(ports), config, Map.of()), artifacts,
                SchemaArtifacts.foreignKeys("schema-full"), db, schemas);
        PrepareForeignKeysHandler.Result fks = Json.read(prepared, PrepareForeignKeysHandler.Result.class);
        assertThat(fks.ok()).as(fks.summary()).isTrue();
        assertThat(fks.foreignKeys()).isEqualTo(SchemaFixture.FOREIGN_KEYS);
        assertThat(fks.cascading()).isEqualTo(SchemaFixture.CASCADING);
        assertThat(fks.keptOnTarget()).isEqualTo(SchemaFixture.CASCADING);
        assertThat(fks.removedForLoad()).isEqualTo(SchemaFixture.FOREIGN_KEYS - SchemaFixture.CASCADING);
        assertThat(fks.replication().fullLoadTargetInitStatements()).isEqualTo("SET FOREIGN_KEY_CHECKS=0");
        assertThat(fks.replication().cdcTargetInitStatements()).isEmpty();
        assertThat(fks.replication().batchApplyAllowed()).isFalse();
        ForeignKeyRecord record = artifacts.getJson(fks.recordKey(), ForeignKeyRecord.class).orElseThrow();
        assertThat(record.foreignKeys()).filteredOn(fk -> fk.name().equals("fk lines→order")).singleElement().satisfies(fk -> {
            assertThat(fk.columns()).containsExactly("order_id", "shop_id");
            assertThat(fk.referencedColumns()).containsExactly("id", "shop_id");
            assertThat(fk.onDelete()).isEqualTo("CASCADE");
            assertThat(fk.onUpdate()).isEqualTo("CASCADE");
        });
        assertThat(record.foreignKeys()).filteredOn(fk -> fk.name().equals("fk_facture_customer")).singleElement()
                .satisfies(fk -> assertThat(fk.referencedSchema()).isEqualTo(a));
        target = TargetSnapshot.of(db.target(), schemas);
        assertThat(target.get("TABLE " + a + ".orders")).contains("CONSTRAINT `fk_orders_customer` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE CASCADE");
        assertThat(target.get("TABLE " + a + ".employees")).contains("ON DELETE SET NULL");
        assertThat(target.get("TABLE " + a + ".order lines")).contains("CONSTRAINT `fk lines→order` FOREIGN KEY (`order_id`, `shop_id`)");
        assertThat(target.get("TABLE " + a + ".tab`quote \"x\"")).doesNotContain("FOREIGN KEY");
        assertThat(target.get("TABLE " + b + ".factures")).doesNotContain("FOREIGN KEY");

        // 2.7 Heartbeat table, and the check before the load
        CreateHeartbeatTableHandler.Result heartbeat = SchemaCalls.call(new CreateHeartbeatTableHandler(ports), config,
                CreateHeartbeatTableHandler.Result.class);
        assertThat(heartbeat.tableMapping()).isEqualTo(new CreateHeartbeatTableHandler.TableMapping("cutover", "heartbeat"));
        assertThat(TargetSnapshot.of(db.source(), List.of("cutover"))).containsKey("TABLE cutover.heartbeat");
        assertThat(TargetSnapshot.of(db.target(), List.of("cutover"))).containsKey("TABLE cutover.heartbeat");
        CheckTargetForReplicationHandler.Result check = SchemaCalls.call(new CheckTargetForReplicationHandler(ports), config,
                Map.of("checkOrphans", true), CheckTargetForReplicationHandler.Result.class);
        assertThat(check.ok()).as(check.summary()).isTrue();
        assertThat(check.foreignKeysOnTarget()).isEqualTo(SchemaFixture.CASCADING);

        // 6.1 Extract and recreate deferred objects
        String extractedJson = twice(() -> SchemaCalls.callJson(new ExtractDeferredObjectsHandler(ports), config, Map.of()), artifacts,
                SchemaArtifacts.deferredObjects("schema-full"), db, schemas);
        ExtractDeferredObjectsHandler.Result extracted = Json.read(extractedJson, ExtractDeferredObjectsHandler.Result.class);
        assertThat(extracted.counts()).containsEntry(ObjectType.PROCEDURE, SchemaFixture.PROCEDURES)
                .containsEntry(ObjectType.FUNCTION, SchemaFixture.FUNCTIONS).containsEntry(ObjectType.VIEW, SchemaFixture.VIEWS)
                .containsEntry(ObjectType.TRIGGER, SchemaFixture.TRIGGERS).containsEntry(ObjectType.EVENT, SchemaFixture.EVENTS);
        DeferredObjects objects = artifacts.getJson(extracted.artifactKey(), DeferredObjects.class).orElseThrow();
        assertThat(objects.objects()).filteredOn(o -> o.type() == ObjectType.VIEW).extracting(o -> o.name())
                .containsExactly("c_base", "b_mid", "a_top", "view \"odd\" `name`", "v_cross");
        assertThat(objects.objects()).filteredOn(o -> o.type() == ObjectType.TRIGGER).extracting(o -> o.name())
                .containsExactly("orders_ai", "orders_au_1", "orders_au_2", "orders_bi");

        String appliedJson = twice(() -> SchemaCalls.callJson(new ApplyDeferredObjectsHandler(ports), config, Map.of()), artifacts,
                SchemaArtifacts.deferredObjectsApplied("schema-full"), db, schemas);
        ApplyDeferredObjectsHandler.Result applied = Json.read(appliedJson, ApplyDeferredObjectsHandler.Result.class);
        assertThat(applied.ok()).as(applied.summary() + " " + artifacts.get(applied.reportKey()).map(x -> new String(x, StandardCharsets.UTF_8)).orElse("")).isTrue();
        assertThat(applied.definer()).isEqualTo("cutover@%");
        assertThat(applied.warnings()).singleElement().asString().contains("event_scheduler is OFF");
        target = TargetSnapshot.of(db.target(), schemas);
        // Definers (issue 16): app@% exists on the target (a test server account): kept; we`ird@% does not: Cutover's account
        assertThat(target.get("PROCEDURE " + a + ".refund")).startsWith("CREATE DEFINER=`app`@`%` PROCEDURE `refund`")
                .contains("'remboursé 💶 '").contains("' DEFINER=`root`@`localhost`'");
        assertThat(target.get("PROCEDURE " + a + ".proc `odd` name")).contains("DEFINER=`cutover`@`%`").contains("SQL SECURITY INVOKER");
        assertThat(target.get("VIEW " + a + ".c_base")).contains("ALGORITHM=MERGE DEFINER=`app`@`%` SQL SECURITY DEFINER");
        assertThat(target.get("VIEW " + b + ".v_cross")).contains("`" + a + "`.`a_top`");
        assertThat(target.get("EVENT " + a + ".purge_audit")).contains("ENABLE").contains("STARTS '2031-01-01 03:00:00'");
        assertThat(target.get("EVENT " + a + ".event `odd`")).contains("DISABLE");
        AppliedObjects report = artifacts.getJson(applied.reportKey(), AppliedObjects.class).orElseThrow();
        assertThat(report.objects()).allSatisfy(o -> assertThat(o.status()).as(o.name() + ": " + o.differences() + o.error())
                .isEqualTo(AppliedObjects.Status.PRESENT));
        String script = new String(artifacts.get(applied.scriptKey()).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(io.cutover.schema.sql.SqlScript.split(script)).filteredOn(st -> st.startsWith("CREATE")).hasSize(14);

        // 6.2 Recreate foreign keys
        String recreatedJson = twice(() -> SchemaCalls.callJson(new RecreateForeignKeysHandler(ports), config, Map.of()), artifacts,
                SchemaArtifacts.foreignKeysRecreated("schema-full"), db, schemas);
        RecreateForeignKeysHandler.Result recreated = Json.read(recreatedJson, RecreateForeignKeysHandler.Result.class);
        assertThat(recreated.ok()).as(recreated.summary()).isTrue();
        assertThat(recreated.present()).isEqualTo(SchemaFixture.FOREIGN_KEYS);
        assertThat(TargetSnapshot.of(db.target(), schemas).get("TABLE " + b + ".factures"))
                .contains("CONSTRAINT `fk_facture_customer` FOREIGN KEY (`customer_id`) REFERENCES `" + a + "`.`customers` (`id`)");

        // 6.3 Validate
        String validatedJson = twice(() -> SchemaCalls.callJson(new ValidateSchemaHandler(ports), config, Map.of()), artifacts,
                SchemaArtifacts.validation("schema-full"), db, schemas);
        ValidateSchemaHandler.Result validated = Json.read(validatedJson, ValidateSchemaHandler.Result.class);
        assertThat(validated.ok()).as(validated.summary() + " " + validated.firstDifferences()).isTrue();
        assertThat(validated.counts()).containsEntry("TABLE", new ValidationReport.Count(9, 9))
                .containsEntry("FOREIGN_KEY", new ValidationReport.Count(6, 6))
                .containsEntry("VIEW", new ValidationReport.Count(5, 5)).containsEntry("TRIGGER", new ValidationReport.Count(4, 4))
                .containsEntry("EVENT", new ValidationReport.Count(2, 2));
    }

    /**
     * Runs a handler twice; asserts the same result, the same artifact and the same target; returns the result.
     */
    static String twice(java.util.function.Supplier<String> call, MemoryArtifacts artifacts, String artifactKey,
                        TestDatabases db, List<String> schemas) {
        String first = call.get();
        byte[] firstArtifact = artifacts.get(artifactKey).orElseThrow();
        Map<String, String> firstTarget = TargetSnapshot.of(db.target(), schemas);
        String second = call.get();
        assertThat(second).as("second run's result").isEqualTo(first);
        assertThat(new String(artifacts.get(artifactKey).orElseThrow(), StandardCharsets.UTF_8)).as("second run's artifact")
                .isEqualTo(new String(firstArtifact, StandardCharsets.UTF_8));
        assertThat(TargetSnapshot.of(db.target(), schemas)).as("target after the second run").isEqualTo(firstTarget);
        return first;
    }
}
