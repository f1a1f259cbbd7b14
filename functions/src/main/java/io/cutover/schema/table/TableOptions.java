package io.cutover.schema.table;

import io.cutover.schema.sql.SqlLexer;
import io.cutover.schema.sql.SqlLexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table options after a CREATE TABLE's closing parenthesis, as name → value ({@code ENGINE → INNODB},
 * {@code CHARSET → UTF8MB4}, {@code COMMENT → 'x'}), so that options compare regardless of their order and of
 * {@code DEFAULT} / {@code =} spelling. AUTO_INCREMENT is a counter, not a definition, and is left out.
 */
public final class TableOptions {
    private TableOptions() {}

    public static Map<String, String> parse(String options) {
        Map<String, String> result = new LinkedHashMap<>();
        List<String> name = new ArrayList<>();
        List<Token> tokens = SqlLexer.significant(options);
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol('=') && i + 1 < tokens.size()) {
                Token value = tokens.get(++i);
                String key = canonicalName(name);
                if (!key.isEmpty() && !key.equals("AUTO_INCREMENT")) {
                    result.put(key, value.kind() == SqlLexer.Kind.STRING ? value.text() : DdlNormalizer.normalize(value.text()));
                }
                name.clear();
            } else if (t.kind() == SqlLexer.Kind.WORD) {
                name.add(t.upper());
            }
        }
        return result;
    }

    /** True if the table options name a collation (else the server picks the charset's default, which changed in 8.0). */
    public static boolean hasCollation(String options) {
        return parse(options).containsKey("COLLATE");
    }

    private static String canonicalName(List<String> words) {
        List<String> kept = new ArrayList<>(words);
        kept.remove("DEFAULT");
        String joined = String.join(" ", kept).toUpperCase(Locale.ROOT);
        return joined.equals("CHARACTER SET") ? "CHARSET" : joined;
    }
}
