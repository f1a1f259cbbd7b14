package io.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.json.Json;
import io.cutover.schema.fk.CascadeLogging;
import io.cutover.schema.fk.CascadePolicy;
import io.cutover.core.catalog.ForeignKey;
import io.cutover.schema.fk.ForeignKeyPreparer;
import io.cutover.schema.fk.ForeignKeyRecord;
import io.cutover.schema.fk.ReplicationRequirements;
import io.cutover.testing.ScriptedDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForeignKeyTest {
    static final ForeignKey COMPOSITE = new ForeignKey("shop", "order lines", "fk`lines", List.of("order_id", "shop_id"),
            "shop", "orders", List.of("id", "shop_id"), "CASCADE", "RESTRICT");

    @Test
    void theClauseIsExactAndQuoted() {
        assertThat(COMPOSITE.addStatement(io.cutover.core.db.ServerInfo.of("8.0.39", "", "3.08.0"))).isEqualTo(
                "ALTER TABLE `shop`.`order lines` ADD CONSTRAINT `fk``lines` FOREIGN KEY "
                + "(`order_id`, `shop_id`) REFERENCES `shop`.`orders` (`id`, `shop_id`) ON DELETE CASCADE ON UPDATE RESTRICT");
        // MariaDB records an explicit RESTRICT added in place as NO ACTION; left implicit, it is RESTRICT
        assertThat(COMPOSITE.addStatement(io.cutover.core.db.ServerInfo.of("10.11.19-MariaDB", "", null)))
                .endsWith("REFERENCES `shop`.`orders` (`id`, `shop_id`) ON DELETE CASCADE");
        assertThat(COMPOSITE.addInPlaceStatement(io.cutover.core.db.ServerInfo.of("8.0.39", "", "3.08.0")))
                .startsWith(COMPOSITE.addStatement(io.cutover.core.db.ServerInfo.of("8.0.39", "", "3.08.0"))).endsWith(", ALGORITHM=INPLACE");
        assertThat(COMPOSITE.dropStatement()).isEqualTo("ALTER TABLE `shop`.`order lines` DROP FOREIGN KEY `fk``lines`");
        assertThat(COMPOSITE.cascading()).isTrue();
        assertThat(new ForeignKey("s", "t", "n", List.of("a"), "s", "p", List.of("id"), "RESTRICT", "NO ACTION").cascading()).isFalse();
        assertThat(new ForeignKey("s", "t", "n", List.of("a"), "s", "p", List.of("id"), "RESTRICT", "SET NULL").cascading()).isTrue();
    }

    @Test
    void columnOrderAndRulesAreComparedNotJustNames() {
        ForeignKey swapped = new ForeignKey("shop", "order lines", "fk`lines", List.of("shop_id", "order_id"),
                "shop", "orders", List.of("shop_id", "id"), "CASCADE", "RESTRICT");
        ForeignKey otherRule = new ForeignKey("shop", "order lines", "fk`lines", List.of("order_id", "shop_id"),
                "shop", "orders", List.of("id", "shop_id"), "SET NULL", "RESTRICT");
        assertThat(COMPOSITE.sameDefinition(swapped)).isFalse();
        assertThat(COMPOSITE.sameDefinition(otherRule)).isFalse();
        assertThat(ForeignKeyPreparer.compare(List.of(COMPOSITE), List.of(otherRule)))
                .singleElement().asString().contains("differs").contains("ON DELETE SET NULL");
        assertThat(ForeignKeyPreparer.compare(List.of(), List.of(COMPOSITE))).containsExactly(COMPOSITE.id() + " should not be on the target");
    }

    @Test
    void theRecordRoundTripsThroughJson() {
        ForeignKeyRecord record = new ForeignKeyRecord("m1", "MySQL 8.0.36", CascadePolicy.KEEP_CASCADING, false, List.of(COMPOSITE),
                List.of(COMPOSITE.id()), List.of(), ReplicationRequirements.cascadingConstraintsKept(1));
        ForeignKeyRecord back = Json.read(Json.write(record), ForeignKeyRecord.class);
        assertThat(back).isEqualTo(record);
        assertThat(back.kept()).containsExactly(COMPOSITE);
    }

    @Test
    void keptCascadesNeedChecksOffForTheLoadOnlyAndTransactionalApply() {
        JsonNode kept = Json.tree(ReplicationRequirements.cascadingConstraintsKept(3));
        assertThat(kept.path("fullLoadTargetInitStatements").asText()).isEqualTo("SET FOREIGN_KEY_CHECKS=0");
        assertThat(kept.path("cdcTargetInitStatements").asText()).isEmpty();
        assertThat(kept.path("switchInitStatementsBeforeCdc").asBoolean()).isTrue();
        assertThat(kept.path("batchApplyAllowed").asBoolean()).isFalse();
        assertThat(kept.at("/taskSettings/FullLoadSettings/StopTaskCachedChangesApplied").asBoolean()).isTrue();
        assertThat(kept.at("/taskSettings/TargetMetadata/BatchApplyEnabled").isBoolean()).isTrue();
        assertThat(kept.at("/taskSettings/TargetMetadata/BatchApplyEnabled").asBoolean()).isFalse();
        JsonNode none = Json.tree(ReplicationRequirements.noConstraintsOnTarget());
        assertThat(none.path("cdcTargetInitStatements").asText()).isEqualTo("SET FOREIGN_KEY_CHECKS=0");
        assertThat(none.path("switchInitStatementsBeforeCdc").asBoolean()).isFalse();
        assertThat(none.path("taskSettings").size()).isZero();
    }

    @Test
    void onlyMysql96AndLaterWithSqlLayerForeignKeysLogCascades() {
        assertThat(CascadeLogging.sourceLogsCascades(mysql("8.0.36"))).isFalse();
        assertThat(CascadeLogging.sourceLogsCascades(mysql("9.6.0"))).isTrue();
        assertThat(CascadeLogging.sourceLogsCascades(mysql("9.6.0").variable("innodb_native_foreign_keys", "ON"))).isFalse();
        assertThat(CascadeLogging.sourceLogsCascades(new ScriptedDatabase(DatabaseRole.SOURCE)
                .variable("version", "11.8.2-MariaDB"))).isFalse();
        assertThat(CascadeLogging.sourceLogsCascades(mysql("8.0.39").variable("aurora_version", "3.08.0"))).isFalse();
    }

    private static ScriptedDatabase mysql(String version) {
        return new ScriptedDatabase(DatabaseRole.SOURCE).variable("version", version).variable("version_comment", "MySQL Community Server - GPL");
    }
}
