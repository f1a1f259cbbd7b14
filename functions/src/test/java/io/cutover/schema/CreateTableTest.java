package io.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.schema.table.CreateTable;
import io.cutover.schema.table.CreateTable.ElementKind;
import io.cutover.schema.table.DdlNormalizer;
import io.cutover.schema.table.TableComparison;
import io.cutover.schema.table.TableOptions;
import org.junit.jupiter.api.Test;

class CreateTableTest {
    /** As MySQL 5.7 prints it: display widths, utf8, version-commented partitioning. */
    static final String MYSQL57 = """
            CREATE TABLE `order lines` (
              `id` int(11) NOT NULL AUTO_INCREMENT,
              `order_id` int(11) NOT NULL,
              `qty` int(11) DEFAULT NULL COMMENT 'pieces, not boxes (a, b)',
              `total` decimal(10,2) GENERATED ALWAYS AS ((`qty` * 2)) STORED,
              `note` varchar(20) CHARACTER SET utf8 DEFAULT NULL,
              PRIMARY KEY (`id`,`order_id`),
              KEY `fk_order` (`order_id`),
              CONSTRAINT `fk_order` FOREIGN KEY (`order_id`) REFERENCES `orders` (`id`) ON DELETE CASCADE,
              CONSTRAINT `chk, qty` CHECK ((`qty` > 0))
            ) ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4 COMMENT='lines'
            /*!50100 PARTITION BY HASH (`order_id`)
            PARTITIONS 4 */""";

    /** The same table as MySQL 8.0.30+ prints it. */
    static final String MYSQL80 = """
            CREATE TABLE `order lines` (
              `id` int NOT NULL AUTO_INCREMENT,
              `order_id` int NOT NULL,
              `qty` int DEFAULT NULL COMMENT 'pieces, not boxes (a, b)',
              `total` decimal(10,2) GENERATED ALWAYS AS ((`qty` * 2)) STORED,
              `note` varchar(20) CHARACTER SET utf8mb3 DEFAULT NULL,
              PRIMARY KEY (`id`,`order_id`),
              KEY `fk_order` (`order_id`),
              CONSTRAINT `chk, qty` CHECK ((`qty` > 0))
            ) ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4 COMMENT='lines'
            /*!50100 PARTITION BY HASH (`order_id`)
            PARTITIONS 4 */""";

    @Test
    void elementsAreFoundOnTokensNotOnCommas() {
        CreateTable t = CreateTable.parse(MYSQL57);
        assertThat(t.table()).isEqualTo("order lines");
        assertThat(t.columnNames()).containsExactly("id", "order_id", "qty", "total", "note");
        assertThat(t.elementsOf(ElementKind.FOREIGN_KEY)).extracting(CreateTable.Element::name).containsExactly("fk_order");
        assertThat(t.elementsOf(ElementKind.CHECK)).extracting(CreateTable.Element::name).containsExactly("chk, qty");
        assertThat(t.elementsOf(ElementKind.KEY)).extracting(CreateTable.Element::name).containsExactly("fk_order");
        assertThat(t.options()).isEqualTo("ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4 COMMENT='lines'");
        assertThat(t.partitioning()).startsWith("/*!50100 PARTITION BY HASH (`order_id`)").endsWith("PARTITIONS 4 */");
    }

    @Test
    void withoutForeignKeysKeepsEverythingElseAndParsesAgain() {
        String ddl = CreateTable.parse(MYSQL57).withoutForeignKeys();
        assertThat(ddl).doesNotContain("FOREIGN KEY").contains("KEY `fk_order` (`order_id`),\n  CONSTRAINT `chk, qty`")
                .contains("AUTO_INCREMENT=42").contains("GENERATED ALWAYS AS").contains("COMMENT 'pieces, not boxes (a, b)'")
                .endsWith("PARTITIONS 4 */");
        assertThat(CreateTable.parse(ddl).elements()).hasSize(8);
    }

    @Test
    void mysql57AndMysql80PrintingsOfOneTableCompareEqual() {
        assertThat(TableComparison.differences(CreateTable.parse(MYSQL57), CreateTable.parse(MYSQL80))).isEmpty();
    }

    @Test
    void realDifferencesAreNamed() {
        String other = MYSQL80.replace("`qty` int DEFAULT NULL", "`qty` bigint DEFAULT NULL")
                .replace("  KEY `fk_order` (`order_id`),\n", "")
                .replace("COMMENT='lines'", "COMMENT='lines' ROW_FORMAT=COMPRESSED")
                .replace("PARTITIONS 4", "PARTITIONS 8");
        assertThat(TableComparison.differences(CreateTable.parse(MYSQL57), CreateTable.parse(other))).containsExactly(
                "column `qty` differs: source `qty` int(11) DEFAULT NULL COMMENT 'pieces, not boxes (a, b)', target `qty` bigint DEFAULT NULL COMMENT 'pieces, not boxes (a, b)'",
                "index `fk_order` is missing on the target (source: KEY `fk_order` (`order_id`))",
                "table option ROW_FORMAT differs: source (none), target COMPRESSED",
                "partitioning differs: source /*!50100 PARTITION BY HASH (`order_id`) PARTITIONS 4 */, target /*!50100 PARTITION BY HASH (`order_id`) PARTITIONS 8 */");
    }

    @Test
    void normalizerKeepsStringsAndBooleansAndUnifiesPrintings() {
        assertThat(DdlNormalizer.normalize("`a` tinyint(1) DEFAULT '0'")).isEqualTo("`a` TINYINT(1) DEFAULT '0'");
        assertThat(DdlNormalizer.normalize("`b` int(10) unsigned zerofill")).isEqualTo("`b` INT UNSIGNED ZEROFILL");
        assertThat(DdlNormalizer.normalize("`c` timestamp NULL DEFAULT current_timestamp() ON UPDATE current_timestamp()"))
                .isEqualTo(DdlNormalizer.normalize("`c` timestamp NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP"));
        assertThat(DdlNormalizer.normalize("`d` varchar(5) COMMENT 'Keep  THIS, as is'")).endsWith("COMMENT 'Keep  THIS, as is'");
        assertThat(DdlNormalizer.normalize("KEY `k` (`a`, `b`)")).isEqualTo(DdlNormalizer.normalize("KEY `k` (`a`,`b`)"));
        assertThat(DdlNormalizer.normalize("`e` varchar(5) COLLATE utf8_bin")).isEqualTo("`e` VARCHAR(5) COLLATE UTF8MB3_BIN");
    }

    @Test
    void tableOptionsCompareAsNamesAndValues() {
        assertThat(TableOptions.parse("ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='a=b'"))
                .containsExactly(java.util.Map.entry("ENGINE", "INNODB"), java.util.Map.entry("CHARSET", "UTF8MB4"),
                        java.util.Map.entry("COLLATE", "UTF8MB4_GENERAL_CI"), java.util.Map.entry("COMMENT", "'a=b'"));
        assertThat(TableOptions.hasCollation("ENGINE=InnoDB DEFAULT CHARSET=latin1")).isFalse();
    }

    @Test
    void theExpectedTableMakesTheCollationExplicitAndDropsForeignKeys() {
        CreateTable expected = TargetSchemaCreator.expectedTable(MYSQL57, "utf8mb4_general_ci");
        assertThat(expected.options()).endsWith("COLLATE=utf8mb4_general_ci");
        assertThat(expected.elementsOf(ElementKind.FOREIGN_KEY)).isEmpty();
        String withCollation = MYSQL57.replace("DEFAULT CHARSET=utf8mb4", "DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
        assertThat(TargetSchemaCreator.expectedTable(withCollation, "utf8mb4_bin").options()).containsOnlyOnce("COLLATE");
    }
}
