package io.cutover.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.error.InputValidationException;
import io.cutover.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableMappingsTest {

    private static List<String> rules(String mappings, String action) {
        List<String> out = new ArrayList<>();
        for (JsonNode rule : Json.parse(mappings).path("rules")) {
            if (action.equals(rule.path("rule-action").asText())) {
                out.add(rule.path("object-locator").path("schema-name").asText() + "." + rule.path("object-locator").path("table-name").asText());
            }
        }
        return out;
    }

    @Test
    void selectedSchemasAndTheHeartbeatAreIncludedAndSystemSchemasAlwaysExcluded() {
        String mappings = TableMappings.build(List.of("orders", "billing"));
        assertThat(rules(mappings, "include")).containsExactly("orders.%", "billing.%", "cutover.heartbeat");
        assertThat(rules(mappings, "exclude")).containsExactlyInAnyOrder("mysql.%", "sys.%", "performance_schema.%", "information_schema.%");
        JsonNode first = Json.parse(mappings).path("rules").get(0);
        assertThat(first.path("rule-type").asText()).isEqualTo("selection");
        assertThat(first.path("rule-id").asText()).isEqualTo("1");
        List<String> ids = new ArrayList<>();
        Json.parse(mappings).path("rules").forEach(r -> ids.add(r.path("rule-id").asText()));
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void noSelectionMeansEverySchemaButTheSystemOnes() {
        String mappings = TableMappings.build(List.of());
        assertThat(rules(mappings, "include")).containsExactly("%.%", "cutover.heartbeat");
        assertThat(rules(mappings, "exclude")).hasSize(4);
    }

    @Test
    void wildcardCharactersInSchemaNamesAreMatchedLiterally() {
        assertThat(TableMappings.literal("app_db")).isEqualTo("app[_]db");
        assertThat(TableMappings.literal("100%[x]")).isEqualTo("100[%][[]x]");
        String pattern = TableMappings.literal("app_db");
        // DMS's matching rules, as the fake implements them: % any run, _ one character, [..] a set
        assertThat(FakeDms.like("app_db", pattern)).isTrue();
        assertThat(FakeDms.like("appXdb", pattern)).isFalse();
        assertThat(FakeDms.like("appXdb", "app_db")).isTrue();
    }

    @Test
    void systemAndCutoverSchemasCannotBeSelected() {
        assertThatThrownBy(() -> TableMappings.build(List.of("shop", "mysql", "Cutover")))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("$.config.schemas[1]").hasMessageContaining("system schema")
                .hasMessageContaining("$.config.schemas[2]").hasMessageContaining("Cutover's own schema");
    }

    @Test
    void eachGeneratedColumnGetsARemoveColumnRuleWithLiteralNames() {
        String mappings = TableMappings.build(List.of("shop_eu"), List.of(
                new io.cutover.core.catalog.GeneratedColumns.Column("shop_eu", "order_lines", "line_total", "STORED"),
                new io.cutover.core.catalog.GeneratedColumns.Column("shop_eu", "order_lines", "tax", "VIRTUAL")));
        List<JsonNode> transformations = new ArrayList<>();
        Json.parse(mappings).path("rules").forEach(r -> {
            if (r.path("rule-type").asText().equals("transformation")) {
                transformations.add(r);
            }
        });
        assertThat(transformations).hasSize(2);
        JsonNode first = transformations.get(0);
        assertThat(first.path("rule-target").asText()).isEqualTo("column");
        assertThat(first.path("rule-action").asText()).isEqualTo("remove-column");
        assertThat(first.path("object-locator").path("schema-name").asText()).isEqualTo("shop[_]eu");
        assertThat(first.path("object-locator").path("table-name").asText()).isEqualTo("order[_]lines");
        assertThat(first.path("object-locator").path("column-name").asText()).isEqualTo("line[_]total");
        assertThat(transformations.get(1).path("object-locator").path("column-name").asText()).isEqualTo("tax");
        List<String> ids = new ArrayList<>();
        Json.parse(mappings).path("rules").forEach(r -> ids.add(r.path("rule-id").asText()));
        assertThat(ids).doesNotHaveDuplicates();
    }
}
