package io.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.schema.table.CreateTable;
import io.cutover.schema.table.InnoDbConversion;
import org.junit.jupiter.api.Test;

class InnoDbConversionTest {

    @Test
    void anotherEngineBecomesInnoDbAndItsOwnOptionsGo() {
        InnoDbConversion.Result r = InnoDbConversion.toInnoDb(CreateTable.parse("""
                CREATE TABLE `t` (
                  `id` int(11) NOT NULL,
                  PRIMARY KEY (`id`)
                ) ENGINE=Aria DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin PAGE_CHECKSUM=1 ROW_FORMAT=PAGE TRANSACTIONAL=1 COMMENT='ENGINE=Aria here'"""));
        assertThat(r.converted()).isTrue();
        assertThat(r.describe()).isEqualTo("Aria → InnoDB");
        assertThat(r.table().options()).isEqualTo("ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='ENGINE=Aria here'");
    }

    @Test
    void partitionsNamingTheirEngineAreConvertedTooAndInnoDbIsLeftAlone() {
        InnoDbConversion.Result r = InnoDbConversion.toInnoDb(CreateTable.parse("""
                CREATE TABLE `p` (
                  `id` int(11) NOT NULL
                ) ENGINE=MyISAM ROW_FORMAT=FIXED
                 PARTITION BY RANGE (`id`)
                (PARTITION `p0` VALUES LESS THAN (10) ENGINE = MyISAM,
                 PARTITION `p1` VALUES LESS THAN MAXVALUE ENGINE = MyISAM)"""));
        assertThat(r.describe()).isEqualTo("MyISAM → InnoDB");
        assertThat(r.table().options()).isEqualTo("ENGINE=InnoDB");
        assertThat(r.table().partitioning()).contains("`p0` VALUES LESS THAN (10) ENGINE=InnoDB").doesNotContain("MyISAM");

        CreateTable innodb = CreateTable.parse("CREATE TABLE `i` (\n  `id` int(11) NOT NULL\n) ENGINE=InnoDB ROW_FORMAT=DYNAMIC");
        assertThat(InnoDbConversion.toInnoDb(innodb).converted()).isFalse();
        assertThat(InnoDbConversion.toInnoDb(innodb).table()).isEqualTo(innodb);
        assertThat(TargetSchemaCreator.expectedTable("CREATE TABLE `m` (\n  `id` int(11) NOT NULL\n) ENGINE=MEMORY", null).options())
                .isEqualTo("ENGINE=InnoDB");
    }
}
