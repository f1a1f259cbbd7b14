package io.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.Row;
import io.cutover.core.error.ConfigurationException;
import io.cutover.testing.ScriptedDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaSelectionTest {

    private static MigrationConfig config(String... schemas) {
        return new MigrationConfig("m1", false, null, null, List.of(schemas), null, null, null, null, null);
    }

    private static ScriptedDatabase source() {
        return new ScriptedDatabase(DatabaseRole.SOURCE).answer("SELECT SCHEMA_NAME AS name", List.of(
                Row.of("name", "Shop", "cs", "utf8mb4", "co", "utf8mb4_general_ci"),
                Row.of("name", "ventes_été", "cs", "latin1", "co", "latin1_swedish_ci")));
    }

    @Test
    void schemasAreMatchedAsTheServerStoresThemWithTheirDefaults() {
        assertThat(SchemaSelection.resolve(config("shop", "ventes_été"), source())).containsExactly(
                new SchemaSelection.SourceSchema("Shop", "utf8mb4", "utf8mb4_general_ci"),
                new SchemaSelection.SourceSchema("ventes_été", "latin1", "latin1_swedish_ci"));
    }

    @Test
    void aMissingSchemaIsNamedAndNothingIsDone() {
        assertThatThrownBy(() -> SchemaSelection.resolve(config("shop", "gone", "lost"), source()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("source: schemas gone, lost do not exist (or are not visible to the Cutover user); check $.schemas");
    }

    @Test
    void cutoversOwnSchemaIsNotData() {
        assertThatThrownBy(() -> SchemaSelection.resolve(config("Cutover"), source()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("Cutover's own schema");
    }
}
