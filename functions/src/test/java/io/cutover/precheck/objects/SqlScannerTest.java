package io.cutover.precheck.objects;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Scanning routine, view, trigger and event bodies for what MySQL 8.0 removed. */
class SqlScannerTest {

    @Test
    void removedFunctionsAreFoundWithTheirReplacement() {
        assertThat(SqlScanner.problems("BEGIN SELECT PASSWORD('x'); SET @w = AsText(g); SELECT GLength (ls); END"))
                .containsExactly("uses PASSWORD(), removed in 8.0",
                        "uses ASTEXT(), removed in 8.0 (use ST_ASTEXT)",
                        "uses GLENGTH(), removed in 8.0 (use ST_LENGTH)");
        assertThat(SqlScanner.problems("select encrypt(p), des_decrypt(x) from t"))
                .containsExactly("uses ENCRYPT(), removed in 8.0 (use SHA2)",
                        "uses DES_DECRYPT(), removed in 8.0 (use AES_ENCRYPT / AES_DECRYPT)");
    }

    @Test
    void namesInStringsCommentsAndQuotedIdentifiersAreNotCalls() {
        assertThat(SqlScanner.problems("SELECT 'PASSWORD(x)', \"encode(y)\" FROM t -- uses password(z)\n"
                + "/* astext(g) */ WHERE `password` = 1 # decode(q)")).isEmpty();
    }

    @Test
    void tableNamesColumnListsAndQualifiedFunctionsAreNotRemovedFunctions() {
        assertThat(SqlScanner.problems("INSERT INTO area (x, y) VALUES (1, 2)")).isEmpty();
        assertThat(SqlScanner.problems("SELECT mydb.password(u) FROM t")).isEmpty();
        assertThat(SqlScanner.problems("SELECT x, y FROM points WHERE x > 1")).isEmpty();
        assertThat(SqlScanner.problems("SELECT ST_AsText(g), ST_X(p) FROM t")).isEmpty();
    }

    @Test
    void executableCommentsAreCode() {
        assertThat(SqlScanner.problems("SELECT /*!50001 PASSWORD('x') */ 1")).containsExactly("uses PASSWORD(), removed in 8.0");
        assertThat(SqlScanner.problems("SELECT /*M!100301 ENCODE('x','k') */ 1")).hasSize(1);
    }

    @Test
    void groupByWithADirectionIsFoundAtItsOwnDepthOnly() {
        String g = "GROUP BY with ASC/DESC (removed in 8.0: sort with ORDER BY)";
        assertThat(SqlScanner.problems("SELECT a, COUNT(*) FROM t GROUP BY a DESC")).containsExactly(g);
        assertThat(SqlScanner.problems("SELECT a FROM t GROUP BY a, b ASC WITH ROLLUP")).containsExactly(g);
        assertThat(SqlScanner.problems("SELECT a FROM t GROUP BY a ORDER BY a DESC")).isEmpty();
        assertThat(SqlScanner.problems("SELECT a FROM t GROUP BY a HAVING COUNT(*) > 1 ORDER BY 1 DESC")).isEmpty();
        assertThat(SqlScanner.problems("SELECT a, GROUP_CONCAT(b ORDER BY b DESC) FROM t GROUP BY a")).isEmpty();
        assertThat(SqlScanner.problems("SELECT * FROM (SELECT a FROM t GROUP BY a) d ORDER BY a DESC")).isEmpty();
        assertThat(SqlScanner.problems("BEGIN SELECT a FROM t GROUP BY a; SELECT b FROM u ORDER BY b DESC; END")).isEmpty();
        assertThat(SqlScanner.problems("SELECT a FROM t GROUP BY (a) DESC")).containsExactly(g);
    }

    @Test
    void theEmptySchemaTableSyntaxIsFound() {
        String dot = "'.table' syntax without a schema name (removed in 8.0)";
        assertThat(SqlScanner.problems("SELECT * FROM .t1")).containsExactly(dot);
        assertThat(SqlScanner.problems("DELETE FROM t WHERE id IN (SELECT id FROM .`old`)")).containsExactly(dot);
        assertThat(SqlScanner.problems("SELECT * FROM t1, .t2 WHERE t1.a = t2.a")).containsExactly(dot);
        assertThat(SqlScanner.problems("SELECT .5, a.b, 1.5e3 FROM db.t")).isEmpty();
        assertThat(SqlScanner.problems("SELECT a, .5 FROM t")).isEmpty();
    }

    @Test
    void nullAndEmptyBodiesHaveNoProblems() {
        assertThat(SqlScanner.problems(null)).isEmpty();
        assertThat(SqlScanner.problems("")).isEmpty();
        assertThat(SqlScanner.problems("SELECT 'unterminated")).isEmpty();
    }
}
