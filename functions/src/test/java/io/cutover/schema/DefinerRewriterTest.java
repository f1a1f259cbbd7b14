package io.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.schema.sql.DefinerRewriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DefinerRewriterTest {

    private static String rewrite(String ddl) {
        return DefinerRewriter.rewrite(ddl, "admin", "%");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "DEFINER=`root`@`localhost`",
            "DEFINER='root'@'%'",
            "DEFINER=\"root\"@\"10.0.%\"",
            "DEFINER=root@localhost",
            "DEFINER = `root` @ `localhost`",
            "DEFINER=`we``ird`@`%`",
            "DEFINER='o''brien'@'%'",
            "DEFINER=`app@corp`@`%`",
            "DEFINER=CURRENT_USER",
            "DEFINER=CURRENT_USER()",
            "DEFINER=`some_role`",
            "definer=`root`@`127.0.0.1`"})
    void everyAccountFormIsReplaced(String definer) {
        String ddl = "CREATE " + definer + " PROCEDURE `p`() BEGIN SELECT 1; END";
        assertThat(rewrite(ddl)).isEqualTo("CREATE DEFINER=`admin`@`%` PROCEDURE `p`() BEGIN SELECT 1; END");
    }

    @Test
    void theBodyIsNeverTouched() {
        String ddl = "CREATE DEFINER=`root`@`localhost` PROCEDURE `p`(OUT x TEXT)\n"
                + "BEGIN\n  -- DEFINER=`root`@`localhost` in a comment\n  SET x = 'DEFINER=`root`@`localhost`';\n"
                + "  /* DEFINER=root@localhost */ SELECT \"DEFINER=`a`@`b`\" INTO x;\nEND";
        String rewritten = rewrite(ddl);
        assertThat(rewritten).startsWith("CREATE DEFINER=`admin`@`%` PROCEDURE `p`(OUT x TEXT)")
                .contains("-- DEFINER=`root`@`localhost` in a comment")
                .contains("SET x = 'DEFINER=`root`@`localhost`'")
                .contains("/* DEFINER=root@localhost */")
                .contains("\"DEFINER=`a`@`b`\"");
    }

    @Test
    void sqlSecurityDefinerViewsKeepTheirCharacteristic() {
        String ddl = "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `v` AS select `t`.`definer` AS `definer` from `t`";
        assertThat(rewrite(ddl)).isEqualTo("CREATE ALGORITHM=UNDEFINED DEFINER=`admin`@`%` SQL SECURITY DEFINER VIEW `v` AS "
                + "select `t`.`definer` AS `definer` from `t`");
        assertThat(DefinerRewriter.objectKind(ddl)).isEqualTo("VIEW");
    }

    @Test
    void mysqldumpVersionCommentsAreRewrittenInPlace() {
        String view = "/*!50001 CREATE ALGORITHM=UNDEFINED */\n/*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */\n"
                + "/*!50001 VIEW `v` AS select 1 AS `1` */";
        assertThat(rewrite(view)).isEqualTo("/*!50001 CREATE ALGORITHM=UNDEFINED */\n/*!50013 DEFINER=`admin`@`%` SQL SECURITY DEFINER */\n"
                + "/*!50001 VIEW `v` AS select 1 AS `1` */");
        String trigger = "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER `t` BEFORE INSERT ON `c` FOR EACH ROW SET NEW.a = 1 */";
        assertThat(rewrite(trigger)).contains("/*!50017 DEFINER=`admin`@`%`*/ /*!50003 TRIGGER `t`");
        String event = "/*!50106 CREATE*/ /*!50117 DEFINER='root'@'%'*/ /*!50106 EVENT `e` ON SCHEDULE EVERY 1 DAY DO DELETE FROM t */";
        assertThat(rewrite(event)).contains("/*!50117 DEFINER=`admin`@`%`*/");
    }

    @Test
    void aStatementWithoutDefinerGetsOneBeforeSqlSecurityOrTheObjectKeyword() {
        assertThat(rewrite("CREATE PROCEDURE p() SELECT 1")).isEqualTo("CREATE DEFINER=`admin`@`%` PROCEDURE p() SELECT 1");
        assertThat(rewrite("CREATE OR REPLACE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW v AS SELECT 1"))
                .isEqualTo("CREATE OR REPLACE ALGORITHM=MERGE DEFINER=`admin`@`%` SQL SECURITY INVOKER VIEW v AS SELECT 1");
        assertThat(rewrite("create trigger t before insert on c for each row set new.a=1"))
                .isEqualTo("create DEFINER=`admin`@`%` trigger t before insert on c for each row set new.a=1");
    }

    @Test
    void theTargetAccountIsQuotedWhateverItContains() {
        assertThat(DefinerRewriter.rewrite("CREATE DEFINER=a@b FUNCTION f() RETURNS INT RETURN 1", "we`ird", "10.0.0.%"))
                .isEqualTo("CREATE DEFINER=`we``ird`@`10.0.0.%` FUNCTION f() RETURNS INT RETURN 1");
        assertThat(DefinerRewriter.splitAccount("app@corp@%")).containsExactly("app@corp", "%");
    }

    @Test
    void definerCanBeReadAndRemovedForComparison() {
        String ddl = "CREATE DEFINER=`we``ird`@`%` EVENT `e` ON SCHEDULE EVERY 1 HOUR DISABLE DO SELECT 1";
        assertThat(DefinerRewriter.definerOf(ddl)).isEqualTo("we`ird@%");
        assertThat(DefinerRewriter.removeDefiner(ddl)).isEqualTo("CREATE EVENT `e` ON SCHEDULE EVERY 1 HOUR DISABLE DO SELECT 1");
        assertThat(DefinerRewriter.definerOf("CREATE VIEW v AS SELECT 1")).isNull();
    }

    @Test
    void somethingElseIsRefusedWithTheStatementInTheMessage() {
        assertThatThrownBy(() -> rewrite("DROP PROCEDURE p")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a CREATE statement: DROP PROCEDURE p");
        assertThatThrownBy(() -> rewrite("CREATE TABLE t (a int)")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unexpected 'TABLE'");
    }

    @Test
    void triggerOrderClausesAreRemovedAndNothingElse() {
        assertThat(io.cutover.schema.sql.TriggerOrderClause.remove(
                "CREATE DEFINER=`a`@`%` TRIGGER `t1` AFTER UPDATE ON `o` FOR EACH ROW PRECEDES `t 2` INSERT INTO x VALUES ('FOLLOWS y')"))
                .isEqualTo("CREATE DEFINER=`a`@`%` TRIGGER `t1` AFTER UPDATE ON `o` FOR EACH ROW INSERT INTO x VALUES ('FOLLOWS y')");
        String plain = "CREATE TRIGGER t BEFORE INSERT ON o FOR EACH ROW SET NEW.a = 'PRECEDES'";
        assertThat(io.cutover.schema.sql.TriggerOrderClause.remove(plain)).isEqualTo(plain);
    }
}
