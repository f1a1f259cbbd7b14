package io.cutover.cutover.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.catalog.Catalog;
import io.cutover.cutover.validation.ValidationModel.ColumnPlan;
import io.cutover.cutover.validation.ValidationModel.Scope;
import io.cutover.cutover.validation.ValidationModel.TablePlan;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SQL the checksums are built from, and the pieces that must survive JSON (keys, cursors). */
class ChecksumSqlTest {

    private static Catalog.Column col(String name, String type, Long scale, Long fsp) {
        return new Catalog.Column(null, name, 1, type, type, null, true, null, null, null, scale, fsp, null, null, null, false);
    }

    private static Catalog.Column text(String name, String type, String charset) {
        return new Catalog.Column(null, name, 1, type, type, null, true, null, charset, null, null, null, null, null, null, false);
    }

    @Test
    void keysSurviveJsonWithTheirTypes() {
        assertThat(KeyCodec.decode(KeyCodec.encode(42L))).isEqualTo(new BigDecimal(42));
        assertThat(KeyCodec.decode(KeyCodec.encode("n:looks like a number"))).isEqualTo("n:looks like a number");
        assertThat((byte[]) KeyCodec.decode(KeyCodec.encode(new byte[] {0, (byte) 0xff}))).containsExactly(0, 0xff);
        assertThat(KeyCodec.decode(KeyCodec.encode(null))).isNull();
        assertThat(KeyCodec.encode(new BigDecimal("18446744073709551615"))).isEqualTo("n:18446744073709551615");
        assertThat(KeyCodec.display("s:José")).isEqualTo("José");
    }

    @Test
    void onlyNumbersAreWrittenIntoTheStatementEverythingElseIsBound() {
        List<Object> params = new ArrayList<>();
        assertThat(KeyCodec.sql(KeyCodec.encode(42L), params)).isEqualTo("42");
        assertThat(KeyCodec.sql(KeyCodec.encode(new BigDecimal("-18446744073709551615")), params)).isEqualTo("-18446744073709551615");
        assertThat(KeyCodec.sql(KeyCodec.encode(new BigDecimal("12.50")), params)).isEqualTo("12.5");
        assertThat(params).isEmpty();
        // text, bytes, NULL and anything that only looks like a number after the prefix are parameters
        assertThat(KeyCodec.sql(KeyCodec.encode("42"), params)).isEqualTo("?");
        // a malformed number is never written inline: it fails to decode as a parameter
        assertThatThrownBy(() -> KeyCodec.sql("n:1 OR 1=1", params)).isInstanceOf(NumberFormatException.class);
        assertThat(KeyCodec.sql("n:1e5", params)).isEqualTo("?");
        assertThat(KeyCodec.sql(KeyCodec.encode(new byte[] {1}), params)).isEqualTo("?");
        assertThat(KeyCodec.sql(KeyCodec.encode(null), params)).isEqualTo("?");
        assertThat(params).hasSize(4);
        assertThat(params.get(0)).isEqualTo("42");
        assertThat(params.get(1)).isEqualTo(new BigDecimal("1e5"));
        assertThat(params.get(3)).isNull();
    }

    @Test
    void compositeKeyRangesExpandIntoIndexFriendlyPredicates() {
        TablePlan t = new TablePlan(0, "shop", "pairs", "PRIMARY", "PRIMARY", List.of("a", "b"), List.of(), List.of(), 0,
                Scope.FULL, List.of(), List.of());
        List<Object> params = new ArrayList<>();
        String sql = TableValidator.range(t, List.of("n:1", "s:x"), List.of("n:5", "s:k"), params);
        assertThat(sql).isEqualTo("((`a` > ?) OR (`a` = ? AND `b` > ?)) AND ((`a` < ?) OR (`a` = ? AND `b` < ?) OR (`a` = ? AND `b` = ?))");
        assertThat(params).containsExactly(new BigDecimal(1), new BigDecimal(1), "x", new BigDecimal(5), new BigDecimal(5), "k",
                new BigDecimal(5), "k");
        params.clear();
        assertThat(TableValidator.range(t, null, null, params)).isEmpty();
        TablePlan single = new TablePlan(0, "shop", "orders", "PRIMARY", "PRIMARY", List.of("id"), List.of(), List.of(), 0,
                Scope.FULL, List.of(), List.of());
        assertThat(TableValidator.range(single, List.of("n:1"), List.of("n:5"), params)).isEqualTo("`id` > ? AND `id` <= ?");
        assertThat(params).containsExactly(new BigDecimal(1), new BigDecimal(5));
    }

    @Test
    void columnsAreNormalisedForTheLessPreciseOrWiderSide() {
        assertThat(Normalization.expression(col("s", "float", null, null), col("s", "double", null, null), true, false))
                .contains("ROUND(`s` / POW(10, FLOOR(LOG10(ABS(`s`))))").contains(", 5) AS DECIMAL(8,5)");
        assertThat(Normalization.expression(col("s", "double", null, null), col("s", "double", null, null), false, false)).contains(", 14) AS DECIMAL(17,14)");
        assertThat(Normalization.expression(col("s", "double", null, null), col("s", "double", null, null), true, false)).isEqualTo("`s`");
        assertThat(Normalization.expression(col("s", "float", null, null), col("s", "double", null, null), true, false)).contains("POW(10");
        var mysql57 = io.cutover.core.db.ServerInfo.of("5.7.44-log", "MySQL Community Server (GPL)", null);
        var aurora3 = io.cutover.core.db.ServerInfo.of("8.0.32", "Source distribution", "3.05.2");
        var mysql80 = io.cutover.core.db.ServerInfo.of("8.0.36", "MySQL Community Server - GPL", null);
        assertThat(Normalization.sameRendering(mysql57, aurora3)).isFalse();
        assertThat(Normalization.sameRendering(mysql80, aurora3)).isTrue();
        assertThat(Normalization.expression(text("n", "varchar", "utf8mb4"), text("n", "varchar", "utf8mb4"), true, false)).isEqualTo("CAST(`n` AS BINARY)");
        assertThat(Normalization.expression(text("n", "varchar", "latin1"), text("n", "varchar", "utf8mb4"), true, false))
                .isEqualTo("CAST(CONVERT(`n` USING utf8mb4) AS BINARY)");
        assertThat(Normalization.expression(text("n", "varchar", null), text("n", "varchar", null), true, false))
                .isEqualTo("CAST(CONVERT(`n` USING utf8mb4) AS BINARY)");
        assertThat(Normalization.expression(text("j", "json", "utf8mb4"), text("j", "json", "utf8mb4"), true, false)).isEqualTo("CONVERT(`j` USING utf8mb4)");
        assertThat(Normalization.expression(col("d", "decimal", 2L, null), col("d", "decimal", 4L, null), true, false)).isEqualTo("CAST(`d` AS DECIMAL(65,4))");
        assertThat(Normalization.expression(col("d", "decimal", 2L, null), col("d", "decimal", 2L, null), true, false)).isEqualTo("`d`");
        assertThat(Normalization.expression(col("t", "datetime", null, 3L), col("t", "datetime", null, 6L), true, false)).isEqualTo("CAST(`t` AS DATETIME(6))");
        assertThat(Normalization.expression(col("i", "int", null, null), col("i", "int", null, null), true, false)).isEqualTo("`i`");
        List<ColumnPlan> columns = List.of(new ColumnPlan("a", 1, "`a`", false, false, "int"),
                new ColumnPlan("b", 2, "CAST(`b` AS BINARY)", true, false, "varchar"));
        String row = "CONCAT_WS('#', `a`, CAST(`b` AS BINARY), ISNULL(`b`))";
        assertThat(Normalization.rowString(columns)).isEqualTo(row);
        assertThat(Normalization.rowHash(columns)).isEqualTo("CONCAT(CRC32(" + row + "), ':', CRC32(REVERSE(" + row + ")))");
        // the chunk leaves the bitmap out of the row and counts each nullable column's non-NULL values instead
        assertThat(Normalization.chunkSums(columns, true)).isEqualTo("COALESCE(SUM(CRC32(CONCAT_WS('#', `a`, CAST(`b` AS BINARY)))), 0) AS h, COUNT(`b`) AS n0");
        // the same sum added in double precision (exact up to 2^21 rows), cast back to an integer once per chunk
        assertThat(Normalization.chunkSums(columns, false))
                .isEqualTo("CAST(COALESCE(SUM(CRC32(CONCAT_WS('#', `a`, CAST(`b` AS BINARY))) + 0e0), 0) AS UNSIGNED) AS h, COUNT(`b`) AS n0");
        assertThat(Normalization.DOUBLE_SUM_ROWS * 0xFFFF_FFFFL).isLessThan(1L << 53);
        assertThat(Normalization.nullCountAliases(columns)).containsExactly("n0");
    }

    private static Catalog.Column varchar(String name, String charset, String collation) {
        return new Catalog.Column(null, name, 1, "varchar", "varchar(10)", null, true, null, charset, collation, null, null, null, null, null, false);
    }

    @Test
    void textIsHashedAsStoredOnlyWhereOneCollationPerSideMakesCastsNeedless() {
        var id = col("id", "int", null, null);
        var a = varchar("a", "utf8mb4", "utf8mb4_0900_ai_ci");
        var b = varchar("b", "utf8mb4", "utf8mb4_0900_ai_ci");
        var ta = varchar("a", "utf8mb4", "utf8mb4_general_ci"); // another collation on the target: bytes are what CRC32 reads
        var tb = varchar("b", "utf8mb4", "utf8mb4_general_ci");
        assertThat(Normalization.plainText(List.of(id, a, b), java.util.Map.of("id", id, "a", ta, "b", tb))).isTrue();
        assertThat(Normalization.expression(a, ta, true, true)).isEqualTo("`a`");
        // two collations on one side would be an illegal mix in CONCAT_WS: cast
        var binary = varchar("b", "utf8mb4", "utf8mb4_bin");
        assertThat(Normalization.plainText(List.of(id, a, binary), java.util.Map.of("id", id, "a", ta, "b", tb))).isFalse();
        // another charset on the target, or JSON: converted, never plain
        assertThat(Normalization.plainText(List.of(a), java.util.Map.of("a", varchar("a", "latin1", "latin1_swedish_ci")))).isFalse();
        var json = new Catalog.Column(null, "j", 1, "json", "json", null, true, null, "utf8mb4", "utf8mb4_bin", null, null, null, null, null, false);
        assertThat(Normalization.plainText(List.of(a, json), java.util.Map.of("a", ta, "j", json))).isFalse();
        assertThat(Normalization.expression(varchar("a", "latin1", "latin1_swedish_ci"), ta, true, true))
                .isEqualTo("CAST(CONVERT(`a` USING utf8mb4) AS BINARY)");
    }

    @Test
    void theNullBitmapIsIntegersOfSixtyColumnsEach() {
        List<ColumnPlan> columns = new ArrayList<>();
        for (int i = 0; i < 61; i++) {
            columns.add(new ColumnPlan("c" + i, i + 1, "`c" + i + "`", true, false, "int"));
        }
        String row = Normalization.rowString(columns);
        assertThat(row).contains(", ISNULL(`c0`) + ISNULL(`c1`) * 2 + ").contains("ISNULL(`c59`) * 576460752303423488, ISNULL(`c60`))")
                .doesNotContain("* 1152921504606846976");
    }

    @Test
    void chunkSizeAimsAtTheTimeTargetGrowingAtMostSixteenfoldAndShrinkingAtOnce() {
        TableValidator v = new TableValidator(null, null, null, 500);
        assertThat(v.nextSize(1_000, 1_000, 10)).isEqualTo(16_000);     // fast: would be 50,000, capped at 16 times
        assertThat(v.nextSize(1_000, 1_000, 4)).isEqualTo(16_000);
        assertThat(v.nextSize(10_000, 10_000, 100)).isEqualTo(50_000);  // fast, within the step: the ideal size
        assertThat(v.nextSize(10_000, 10_000, 5_000)).isEqualTo(1_000); // slow (a busy source): the ideal size at once
        assertThat(v.nextSize(10_000, 10_000, 400)).isEqualTo(12_500);  // close: the ideal size
        assertThat(v.nextSize(200_000, 200_000, 100)).isEqualTo(TableValidator.MAX_CHUNK);
        assertThat(v.nextSize(150, 150, 10_000)).isEqualTo(TableValidator.MIN_CHUNK);
        assertThat(v.nextSize(1_000, 0, 0.5)).isEqualTo(16_000);        // nothing measurable: the step
        assertThat(v.nextSize(100_000, 0, 0.5)).isEqualTo(TableValidator.MAX_CHUNK);
    }
}
