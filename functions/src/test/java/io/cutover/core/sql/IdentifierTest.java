package io.cutover.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdentifierTest {
    @Test
    void acceptsReservedWordsAndUnicodeAndQuotesThem() {
        assertThat(Identifier.of("order").quoted()).isEqualTo("`order`");
        assertThat(Identifier.of("ventes été 中文").quoted()).isEqualTo("`ventes été 中文`");
    }

    @Test
    void rejectsWhatCouldBreakOutOfAQuotedName() {
        for (String bad : List.of("a`b", "a'b", "a\"b", "a\\b", "a;b", "a/b", "a.b", "a\nb", "", "a ")) {
            assertThat(Identifier.problem(bad)).as(bad).isPresent();
            assertThatThrownBy(() -> Identifier.of(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void countsCharactersNotBytes() {
        String cjk64 = "中".repeat(64); // 192 bytes in UTF-8, 64 characters
        assertThat(Identifier.problem(cjk64)).isEmpty();
        assertThat(Identifier.problem(cjk64 + "x")).hasValueSatisfying(p -> assertThat(p).contains("65 characters"));
    }

    @Test
    void refusesCharactersBeyondTheBasicMultilingualPlane() {
        // MySQL and MariaDB identifiers allow U+0001..U+FFFF only (https://dev.mysql.com/doc/refman/8.0/en/identifiers.html)
        assertThat(Identifier.problem("ventes 📦")).hasValueSatisfying(p -> assertThat(p).contains("U+1F4E6 at position 8"));
    }

    @Test
    void quotingACatalogNameDoublesBackticks() {
        assertThat(Sql.quote("we`ird")).isEqualTo("`we``ird`");
        assertThat(Sql.qualified("s", "t`x")).isEqualTo("`s`.`t``x`");
        assertThatThrownBy(() -> Sql.quote("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Sql.placeholders(3)).isEqualTo("?, ?, ?");
    }

    @Test
    void knowsTheSystemSchemas() {
        assertThat(Identifier.isSystemSchema("Performance_Schema")).isTrue();
        assertThat(Identifier.isSystemSchema("shop")).isFalse();
    }
}
