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
}
