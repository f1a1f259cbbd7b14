package io.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.Heartbeat;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.Row;
import io.cutover.core.error.ConfigurationException;
import io.cutover.testing.ScriptedDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeartbeatTableTest {

    @Test
    void aTableOfThatNameWithOtherColumnsIsAnErrorAndIsNotAltered() {
        ScriptedDatabase target = new ScriptedDatabase(DatabaseRole.TARGET)
                .answer("SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS", List.of(Row.of("c", "id")));
        assertThatThrownBy(() -> HeartbeatTable.ensure(target)).isInstanceOf(ConfigurationException.class)
                .hasMessage("target: `cutover`.`heartbeat` exists with columns [id] instead of [marker_id, migration_id, kind, "
                        + "written_at]: it is not Cutover's heartbeat table; rename or drop it");
        assertThat(target.executed()).noneMatch(sql -> sql.startsWith("ALTER") || sql.startsWith("DROP"));
    }

    @Test
    void creationIsIfAbsentOnBothStatements() {
        ScriptedDatabase db = new ScriptedDatabase(DatabaseRole.SOURCE).answer("SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS",
                List.of(Row.of("c", "marker_id"), Row.of("c", "migration_id"), Row.of("c", "kind"), Row.of("c", "written_at")));
        HeartbeatTable.ensure(db);
        assertThat(db.executed()).startsWith("CREATE DATABASE IF NOT EXISTS `cutover` CHARACTER SET utf8mb4",
                Heartbeat.CREATE_TABLE.replaceAll("\\s+", " ").trim());
    }

    @Test
    void theWriteBaselineTriggerIsOneStatementThatWritesOnlyForBaselineMarkersAndQuotesEverySchemaAsAString() {
        String sql = Heartbeat.createBaselineTrigger(List.of("shop", "o'brien", "back\\slash"));
        assertThat(sql).startsWith("CREATE TRIGGER `cutover`.`heartbeat_write_baseline` AFTER INSERT ON `cutover`.`heartbeat` FOR EACH ROW INSERT IGNORE")
                .doesNotContain("BEGIN").doesNotContain(";")
                .contains("OBJECT_SCHEMA IN ('shop', 'o''brien', 'back\\\\slash')");
        // both halves of the UNION are guarded by the marker's kind: a drain marker writes nothing
        assertThat(sql.split("NEW.kind = 'baseline'", -1)).hasSize(3);
    }

    @Test
    void withoutTheRightsTheTriggerRunsNoTriggerIsLeftAndTheSummarySaysEveryTableWillBeCounted() {
        ScriptedDatabase target = new ScriptedDatabase(DatabaseRole.TARGET)
                .fail("SELECT COUNT_WRITE FROM performance_schema", 1142, "SELECT command denied to user 'cutover'@'%' for table "
                        + "'table_io_waits_summary_by_table'");
        assertThat(HeartbeatTable.ensureWriteBaselines(target, List.of("shop"))).startsWith("no write baselines on the target (")
                .contains("SELECT command denied").endsWith("the post-freeze validation will count every table");
        assertThat(target.executed()).noneMatch(sql -> sql.startsWith("CREATE TRIGGER"))
                .anyMatch(sql -> sql.startsWith("DROP TRIGGER IF EXISTS `cutover`.`heartbeat_write_baseline`"));
    }
}
