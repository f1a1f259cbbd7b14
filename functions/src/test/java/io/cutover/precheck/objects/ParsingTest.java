package io.cutover.precheck.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.catalog.Definer;
import io.cutover.core.catalog.FileNames;
import io.cutover.core.db.ServerInfo;
import io.cutover.core.db.SqlModeFlags;
import io.cutover.core.json.Json;
import org.junit.jupiter.api.Test;

/** The pure parsing behind the object checks: ENUM/SET elements, reserved words, sql_mode flags, definers, task settings. */
class ParsingTest {

    @Test
    void enumAndSetElementsAreUnescaped() {
        assertThat(EnumSetElements.parse("enum('a','it''s','back\\\\slash','f,g')"))
                .containsExactly("a", "it's", "back\\slash", "f,g");
        assertThat(EnumSetElements.parse("SET('x', 'y')")).containsExactly("x", "y");
        assertThat(EnumSetElements.parse("enum('')")).containsExactly("");
    }

    @Test
    void elementsOver255CharactersAreFoundEvenInASetWhoseTotalLengthMisleads() {
        String e255 = "b".repeat(255);
        String e256 = "c".repeat(256);
        assertThat(EnumSetElements.tooLong("set('" + e255 + "','" + e255 + "')")).isEmpty();
        assertThat(EnumSetElements.tooLong("set('a','" + e256 + "')")).containsExactly(e256);
        // characters, not bytes: 255 four-byte characters are fine
        assertThat(EnumSetElements.tooLong("enum('" + "😀".repeat(255) + "')")).isEmpty();
        assertThat(EnumSetElements.tooLong("enum('" + "😀".repeat(256) + "')")).hasSize(1);
    }

    @Test
    void aTypeThatIsNotEnumOrSetIsRefused() {
        assertThatThrownBy(() -> EnumSetElements.parse("varchar(10)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnumSetElements.parse("enum('a','b'")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unterminated");
    }

    @Test
    void reservedWordsDependOnTheSourceVersion() {
        ServerInfo mysql57 = ServerInfo.of("5.7.44-log", "MySQL Community Server (GPL)", null);
        ServerInfo mysql8030 = ServerInfo.of("8.0.30", "MySQL Community Server - GPL", null);
        ServerInfo mariadb = ServerInfo.of("10.11.19-MariaDB-0+deb12u1", "Debian 12", null);
        assertThat(ReservedWords.newlyReserved("rank", mysql57)).contains("8.0.11");
        assertThat(ReservedWords.newlyReserved("Rank", mariadb)).contains("8.0.11");
        assertThat(ReservedWords.newlyReserved("rank", mysql8030)).as("already reserved on the source").isEmpty();
        assertThat(ReservedWords.newlyReserved("full", mysql8030)).contains("8.0.31");
        assertThat(ReservedWords.newlyReserved("lateral", mysql57)).contains("8.0.14");
        assertThat(ReservedWords.newlyReserved("customers", mysql57)).isEmpty();
        assertThat(ReservedWords.all()).contains("WINDOW", "MEMBER", "INTERSECT").hasSize(33);
    }

    @Test
    void sqlModeFlagsThatMysql80RejectsAreNamedWithTheReason() {
        assertThat(SqlModeFlags.rejectedBy80("STRICT_TRANS_TABLES,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION"))
                .containsExactly(java.util.Map.entry("NO_AUTO_CREATE_USER", "removed in MySQL 8.0"));
        assertThat(SqlModeFlags.rejectedBy80("ORACLE,SIMULTANEOUS_ASSIGNMENT,ANSI"))
                .containsEntry("ORACLE", "removed in MySQL 8.0")
                .containsEntry("SIMULTANEOUS_ASSIGNMENT", "not a MySQL 8.0 flag")
                .doesNotContainKey("ANSI");
        assertThat(SqlModeFlags.rejectedBy80("")).isEmpty();
        assertThat(SqlModeFlags.rejectedBy80(null)).isEmpty();
    }

    @Test
    void whichDatesAStrictModeRejects() {
        String aurora = "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";
        assertThat(SqlModeFlags.rejectsZeroDates(aurora)).isTrue();
        assertThat(SqlModeFlags.rejectsZeroInDates(aurora)).isTrue();
        assertThat(SqlModeFlags.rejectsInvalidDates(aurora)).isTrue();
        String mariaDbDefault = "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION";
        assertThat(SqlModeFlags.rejectsZeroDates(mariaDbDefault)).isFalse();
        assertThat(SqlModeFlags.rejectsInvalidDates(mariaDbDefault)).isTrue();
        assertThat(SqlModeFlags.rejectsZeroDates("NO_ZERO_DATE")).as("not strict: a warning only").isFalse();
        assertThat(SqlModeFlags.rejectsInvalidDates("STRICT_ALL_TABLES,ALLOW_INVALID_DATES")).isFalse();
        assertThat(SqlModeFlags.rejectsZeroDates("TRADITIONAL")).isTrue();
    }

    @Test
    void datesAreClassifiedAsTheReadinessSqlClassifiesThem() {
        assertThat(SqlModeFlags.dateProblem("0000-00-00")).isEqualTo(SqlModeFlags.DateProblem.ZERO);
        assertThat(SqlModeFlags.dateProblem("0000-00-00 00:00:00.000")).isEqualTo(SqlModeFlags.DateProblem.ZERO);
        assertThat(SqlModeFlags.dateProblem("2020-00-10")).isEqualTo(SqlModeFlags.DateProblem.ZERO_IN_DATE);
        assertThat(SqlModeFlags.dateProblem("0000-01-00 12:00:00")).isEqualTo(SqlModeFlags.DateProblem.ZERO_IN_DATE);
        assertThat(SqlModeFlags.dateProblem("2020-02-30")).isEqualTo(SqlModeFlags.DateProblem.IMPOSSIBLE);
        assertThat(SqlModeFlags.dateProblem("2023-02-29")).isEqualTo(SqlModeFlags.DateProblem.IMPOSSIBLE);
        assertThat(SqlModeFlags.dateProblem("0000-02-29")).as("MySQL: year 0 is no leap year").isEqualTo(SqlModeFlags.DateProblem.IMPOSSIBLE);
        assertThat(SqlModeFlags.dateProblem("2024-02-29 23:59:59.999999")).isNull();
        assertThat(SqlModeFlags.dateProblem("0000-01-01")).isNull();
        assertThat(SqlModeFlags.dateProblem("12:00:00")).as("not a date").isNull();
        String aurora = "STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE";
        assertThat(SqlModeFlags.rejects(aurora, SqlModeFlags.DateProblem.ZERO)).isTrue();
        assertThat(SqlModeFlags.rejects("STRICT_TRANS_TABLES", SqlModeFlags.DateProblem.ZERO)).isFalse();
        assertThat(SqlModeFlags.rejects("STRICT_TRANS_TABLES", SqlModeFlags.DateProblem.IMPOSSIBLE)).isTrue();
    }

    @Test
    void definersAreSplitAtTheLastAt() {
        assertThat(Definer.parse("app@%")).isEqualTo(new Definer("app", "%"));
        assertThat(Definer.parse("`app`@`10.0.%`")).isEqualTo(new Definer("app", "10.0.%"));
        assertThat(Definer.parse("'me@corp'@'localhost'")).isEqualTo(new Definer("me@corp", "localhost"));
        assertThat(Definer.parse("").isEmpty()).isTrue();
        assertThat(Definer.parse("app@%").account()).isEqualTo("'app'@'%'");
    }

    @Test
    void taskSettingsDefaultToWhatTheReplicationPhaseSendsAndSayWhereEachValueComesFrom() {
        DmsTaskSettings defaults = new DmsTaskSettings(null);
        assertThat(defaults.lobMode()).isEqualTo(DmsTaskSettings.LobMode.FULL);
        assertThat(defaults.batchApply()).isFalse();
        assertThat(defaults.describe("TargetMetadata", "BatchApplyEnabled")).isEqualTo("BatchApplyEnabled = false (Cutover default)");

        DmsTaskSettings limited = new DmsTaskSettings(Json.parse(
                "{\"TargetMetadata\": {\"FullLobMode\": false, \"LobMaxSize\": 64, \"BatchApplyEnabled\": false}}"));
        assertThat(limited.lobMode()).isEqualTo(DmsTaskSettings.LobMode.LIMITED);
        assertThat(limited.lobMaxSizeKb()).isEqualTo(64);
        assertThat(limited.batchApply()).isFalse();
        assertThat(limited.describeLobMode()).isEqualTo("limited LOB mode (LobMaxSize = 64 KB (input))");

        assertThat(new DmsTaskSettings(Json.parse("{\"TargetMetadata\": {\"SupportLobs\": false}}")).lobMode())
                .isEqualTo(DmsTaskSettings.LobMode.NONE);
        assertThat(new DmsTaskSettings(Json.parse("{\"TargetMetadata\": {\"InlineLobMaxSize\": 8}}")).lobMode())
                .isEqualTo(DmsTaskSettings.LobMode.INLINE);
    }

    @Test
    void innoDbDictionaryNamesAreDecodedOrRefused() {
        assertThat(FileNames.split("shop/orders")).hasValueSatisfying(a -> assertThat(a).containsExactly("shop", "orders"));
        assertThat(FileNames.split("my@002ddb/odd@0060name")).hasValueSatisfying(a -> assertThat(a).containsExactly("my-db", "odd`name"));
        assertThat(FileNames.split("db/caf@0G")).as("a letter escape this code does not decode").isEmpty();
        assertThat(FileNames.split("noslash")).isEmpty();
    }
}
