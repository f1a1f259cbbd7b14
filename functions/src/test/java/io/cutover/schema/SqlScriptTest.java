package io.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.schema.sql.SqlLexer;
import io.cutover.schema.sql.SqlLexer.Kind;
import io.cutover.schema.sql.SqlScript;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void aScriptWithDelimiterLinesSplitsLikeTheMysqlClient() {
        String script = """
                -- header comment; with a semicolon
                USE `shop`;
                SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_ZERO_DATE';
                DELIMITER ;;
                CREATE PROCEDURE p()
                BEGIN
                  SELECT 'a;b', "c;;d", `we;ird`; -- a ; in a comment
                  /* ;; */ SELECT 2;
                END
                ;;
                DELIMITER ;
                SELECT 3;
                """;
        List<String> statements = SqlScript.split(script);
        assertThat(statements).hasSize(4);
        assertThat(statements.get(0)).isEqualTo("USE `shop`");
        assertThat(statements.get(1)).isEqualTo("SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_ZERO_DATE'");
        assertThat(statements.get(2)).startsWith("CREATE PROCEDURE p()").endsWith("END")
                .contains("SELECT 'a;b', \"c;;d\", `we;ird`; -- a ; in a comment").contains("/* ;; */ SELECT 2;");
        assertThat(statements.get(3)).isEqualTo("SELECT 3");
    }

    @Test
    void whatTheWriterWritesTheSplitterReadsBack() {
        String body = "CREATE DEFINER=`a`@`%` TRIGGER `t` BEFORE INSERT ON `c` FOR EACH ROW BEGIN\n"
                + "  SET NEW.note = CONCAT(NEW.note, ';;', '$$');\n  SET NEW.x = 1;\nEND";
        SqlScript script = new SqlScript().comment("trigger `shop`.`t`\nsecond line").statement("USE `shop`").compound(body);
        assertThat(script.text()).contains("DELIMITER //"); // ;; and $$ occur in the body
        assertThat(SqlScript.split(script.text())).containsExactly("USE `shop`", body);
    }

    @Test
    void theLexerKeepsQuotedThingsWhole() {
        List<SqlLexer.Token> tokens = SqlLexer.significant("SELECT `a``b`, 'it''s \\' ok', /*!50100 x */ -- c\n#d\n1");
        assertThat(tokens).extracting(SqlLexer.Token::kind).containsExactly(Kind.WORD, Kind.QUOTED_NAME, Kind.SYMBOL,
                Kind.STRING, Kind.SYMBOL, Kind.WORD, Kind.WORD);
        assertThat(tokens.get(1).name()).isEqualTo("a`b");
        assertThat(tokens.get(3).name()).isEqualTo("it's ' ok");
    }
}
