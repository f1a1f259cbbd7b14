package io.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.catalog.Catalog;
import io.cutover.core.catalog.ForeignKey;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "6.2 Recreate foreign keys" adds each constraint with ALGORITHM=INPLACE and foreign_key_checks = 0: on the real
 * server that is accepted without validating the rows (an orphan row is not refused: Cutover's own orphan check comes
 * first), and with the checks on the server refuses the in-place add instead of copying the table.
 */
@ExtendWith(DatabaseServers.class)
class ForeignKeyInPlaceIT {

    @Test
    void theConstraintIsAddedInPlaceWithoutValidatingAndACopyIsRefusedNotRun(TestDatabases db) {
        String s = TestDatabases.newSchema("fk_inplace");
        db.target().execute("CREATE DATABASE `" + s + "`",
                "CREATE TABLE `" + s + "`.parent (id INT PRIMARY KEY) ENGINE=InnoDB",
                "CREATE TABLE `" + s + "`.child (id INT PRIMARY KEY, parent_id INT, KEY (parent_id)) ENGINE=InnoDB",
                "INSERT INTO `" + s + "`.parent VALUES (1)",
                "INSERT INTO `" + s + "`.child VALUES (10, 1), (11, 2)"); // 11 is an orphan: not validated in place
        MigrationConfig config = db.config("fk-inplace", List.of(s));
        ForeignKey fk = new ForeignKey(s, "child", "fk_child_parent", List.of("parent_id"), s, "parent", List.of("id"), "RESTRICT", "RESTRICT");
        try (Database target = db.open(DatabaseRole.TARGET, config)) {
            target.update("SET SESSION foreign_key_checks = 1");
            assertThatThrownBy(() -> target.update(fk.addInPlaceStatement(target.server())))
                    .as("with the checks on, the in-place add is refused, not turned into a copy").hasMessageContaining("foreign_key_checks");
            assertThat(Catalog.read(target, List.of(s)).foreignKeys()).isEmpty();

            io.cutover.schema.ddl.DdlSession.forTableDdl(target); // as ForeignKeyRecreator: foreign_key_checks = 0
            target.update(fk.addInPlaceStatement(target.server()));
            assertThat(Catalog.read(target, List.of(s)).foreignKeys()).singleElement()
                    .satisfies(added -> assertThat(added.sameDefinition(fk)).isTrue());
        }
    }
}
