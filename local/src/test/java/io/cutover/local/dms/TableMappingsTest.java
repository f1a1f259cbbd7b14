package io.cutover.local.dms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.error.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableMappingsTest {
    private static String rule(int id, String action, String schema, String table) {
        return "{\"rule-type\":\"selection\",\"rule-id\":\"" + id + "\",\"rule-name\":\"r" + id + "\",\"rule-action\":\"" + action
                + "\",\"object-locator\":{\"schema-name\":\"" + schema + "\",\"table-name\":\"" + table + "\"}}";
    }

    private static TableMappings mappings(String... rules) {
        return TableMappings.parse("{\"rules\":[" + String.join(",", rules) + "]}");
    }

    private static final List<TableName> CATALOG = List.of(
            TableName.parse("shop.orders"), TableName.parse("shop.order_lines"), TableName.parse("shop.orderXlines"),
            TableName.parse("shop.tmp_orders"), TableName.parse("crm.customers"), TableName.parse("cutover.heartbeat"),
            TableName.parse("mysql.user"), TableName.parse("sys.sys_config"));

    @Test
    void includesWithWildcardsAndExcludesWin() {
        TableMappings m = mappings(rule(1, "include", "shop", "%"), rule(2, "exclude", "shop", "tmp[_]%"),
                rule(3, "include", "cutover", "heartbeat"));
        assertThat(m.select(CATALOG)).extracting(TableName::toString)
                .containsExactly("cutover.heartbeat", "shop.orderXlines", "shop.order_lines", "shop.orders");
    }

    @Test
    void underscoreMatchesOneCharacterAndBracketsMatchALiteralOrASet() {
        assertThat(mappings(rule(1, "include", "shop", "order_lines")).select(CATALOG)).extracting(TableName::toString)
                .containsExactly("shop.orderXlines", "shop.order_lines");
        assertThat(mappings(rule(1, "include", "shop", "order[_]lines")).select(CATALOG)).extracting(TableName::toString)
                .containsExactly("shop.order_lines");
        assertThat(mappings(rule(1, "include", "[a-d]%", "%")).select(CATALOG)).extracting(TableName::toString)
                .containsExactly("crm.customers", "cutover.heartbeat");
    }

    @Test
    void explicitSelectsExactlyThatTableAndSystemSchemasAreNeverSelected() {
        assertThat(mappings(rule(1, "explicit", "shop", "order_lines")).select(CATALOG)).extracting(TableName::toString)
                .containsExactly("shop.order_lines");
        assertThat(mappings(rule(1, "include", "%", "%")).select(CATALOG)).extracting(TableName::schema)
                .doesNotContain("mysql", "sys");
    }

    @Test
    void whatTheEngineCannotMimicIsRefusedWithTheRuleNamed() {
        assertThatThrownBy(() -> mappings(rule(1, "include", "shop", "%"),
                "{\"rule-type\":\"transformation\",\"rule-id\":\"7\",\"rule-name\":\"t\",\"rule-action\":\"rename\",\"rule-target\":\"schema\","
                        + "\"object-locator\":{\"schema-name\":\"shop\"},\"value\":\"shop2\"}"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("rule 7").hasMessageContaining("rename");
        assertThatThrownBy(() -> TableMappings.parse("{\"rules\":[{\"rule-type\":\"selection\",\"rule-id\":\"3\",\"rule-action\":\"include\","
                + "\"object-locator\":{\"schema-name\":\"shop\",\"table-name\":\"%\"},\"filters\":[{\"filter-type\":\"source\"}]}]}"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("rule 3").hasMessageContaining("filters");
        assertThatThrownBy(() -> mappings(rule(1, "exclude", "shop", "%")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("nothing would be migrated");
        assertThatThrownBy(() -> TableMappings.parse("not json")).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void tableSettingsRulesAndViewsAreListedAsIgnored() {
        TableMappings m = TableMappings.parse("{\"rules\":[" + rule(1, "include", "shop", "%") + ","
                + "{\"rule-type\":\"table-settings\",\"rule-id\":\"2\",\"rule-name\":\"p\",\"object-locator\":{\"schema-name\":\"shop\",\"table-name\":\"orders\"},"
                + "\"parallel-load\":{\"type\":\"partitions-auto\"}},"
                + "{\"rule-type\":\"selection\",\"rule-id\":\"3\",\"rule-name\":\"v\",\"rule-action\":\"include\","
                + "\"object-locator\":{\"schema-name\":\"shop\",\"table-name\":\"%\",\"table-type\":\"view\"}}]}");
        assertThat(m.ignored()).anySatisfy(s -> assertThat(s).contains("table-settings rule 2"))
                .anySatisfy(s -> assertThat(s).contains("views"));
    }

    @Test
    void removeColumnRulesAreAppliedWithDmsWildcardsAndOtherTransformationsRefused() {
        TableMappings m = mappings(rule(1, "include", "shop", "%"),
                "{\"rule-type\":\"transformation\",\"rule-id\":\"2\",\"rule-name\":\"g\",\"rule-target\":\"column\","
                        + "\"object-locator\":{\"schema-name\":\"shop\",\"table-name\":\"order[_]lines\",\"column-name\":\"line[_]total\"},"
                        + "\"rule-action\":\"remove-column\"}");
        assertThat(m.removesColumn(TableName.parse("shop.order_lines"), "line_total")).isTrue();
        assertThat(m.removesColumn(TableName.parse("shop.orderXlines"), "line_total")).isFalse();
        assertThat(m.removesColumn(TableName.parse("shop.order_lines"), "lineXtotal")).isFalse();
        assertThat(m.removesColumn(TableName.parse("shop.order_lines"), "qty")).isFalse();
        assertThatThrownBy(() -> mappings(rule(1, "include", "shop", "%"),
                "{\"rule-type\":\"transformation\",\"rule-id\":\"4\",\"rule-target\":\"column\",\"rule-action\":\"add-column\","
                        + "\"object-locator\":{\"schema-name\":\"shop\",\"table-name\":\"t\"}}"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("rule 4").hasMessageContaining("add-column");
        assertThatThrownBy(() -> mappings(rule(1, "include", "shop", "%"),
                "{\"rule-type\":\"transformation\",\"rule-id\":\"5\",\"rule-target\":\"column\",\"rule-action\":\"remove-column\","
                        + "\"object-locator\":{\"schema-name\":\"shop\",\"table-name\":\"t\"}}"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("rule 5").hasMessageContaining("column-name");
    }
}
