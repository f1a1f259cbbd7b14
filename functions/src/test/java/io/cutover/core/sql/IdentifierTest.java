package io.cutover.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdentifierTest {
    @Test
    void acceptsReservedWordsAndUnicodeAndQuotesThem() {
        assertThat(Identifier.of("order").quoted()).isEqualTo("`order`");
        assertThat(Identifier.of("ventes été 📦").quoted()).isEqualTo("`ventes été 📦`");
    }

    @Test
    void rejectsWhatCouldBreakOutOfAQuotedName() {
        for (String bad : List.of("a`b", "a'b", "a\"b", "a\\b", "a;b", "a/b", "a.b", "a\nb", "", "a ")) {
            assertThat(Identifier.problem(bad)).as(bad).isPresent();
            assertThatThrownBy(() -> Identifier.of(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void countsCharactersNotUtf16Units() {
        String emoji64 = "📦".repeat(64); // 128 UTF-16 units, 64 characters
        assertThat(Identifier.problem(emoji64)).isEmpty();
        assertThat(Identifier.problem(emoji64 + "x")).hasValueSatisfying(p -> assertThat(p).contains("65 characters"));
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
