package io.cutover.schema.table;

import io.cutover.schema.sql.SqlLexer;
import io.cutover.schema.sql.SqlLexer.Kind;
import io.cutover.schema.sql.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Puts DDL the server printed into a canonical form for comparison, so that a difference means a different
 * definition and not a different way of printing the same one. Rules, each for a printing difference seen
 * between MySQL 5.7, 8.0 and MariaDB:
 * <ul>
 *   <li>whitespace outside strings and quoted names collapses to one space; keywords compare upper case;</li>
 *   <li>integer display widths are dropped ({@code int(11)} → {@code int}; 8.0.19+ prints none), except
 *       {@code tinyint(1)}, which 8.0 keeps because it means BOOLEAN to connectors;</li>
 *   <li>{@code utf8} is {@code utf8mb3} (8.0.30+ prints the latter);</li>
 *   <li>{@code current_timestamp()} is {@code CURRENT_TIMESTAMP} (MariaDB prints the function form);</li>
 *   <li>version comments ({@code /*!50100 … *}{@code /}) are unwrapped: their content is what the server ran;</li>
 *   <li>no space around {@code , ( ) = .}.</li>
 * </ul>
 */
public final class DdlNormalizer {
    private static final Pattern INT_WIDTH = Pattern.compile("^(TINYINT|SMALLINT|MEDIUMINT|INT|INTEGER|BIGINT)\\(\\d+\\)$");
    private static final Set<String> CHARSET_WORDS = Set.of("CHARSET", "SET", "CHARACTER");
    /** No space before these, and none after the second set: "`a`,`b`" (8.0) and "`a`, `b`" (5.7) compare equal. */
    private static final Set<String> NO_SPACE_BEFORE = Set.of(",", "(", ")", "=", ".");
    private static final Set<String> NO_SPACE_AFTER = Set.of(",", "(", "=", ".");

    private DdlNormalizer() {}

    public static String normalize(String ddl) {
        List<Token> tokens = SqlLexer.tokenize(ddl);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isTrivia()) {
                continue;
            }
            if (t.kind() != Kind.WORD) {
                parts.add(t.text());
                continue;
            }
            String word = t.upper();
            // int(11): WORD "int", "(", WORD "11", ")"
            if (isIntType(word) && i + 3 < tokens.size() && tokens.get(i + 1).isSymbol('(')
                    && tokens.get(i + 2).kind() == Kind.WORD && tokens.get(i + 3).isSymbol(')')
                    && INT_WIDTH.matcher(word + "(" + tokens.get(i + 2).text() + ")").matches()) {
                boolean bool = word.equals("TINYINT") && tokens.get(i + 2).text().equals("1");
                parts.add(bool ? "TINYINT(1)" : word);
                i += 3;
            } else if (word.equals("UTF8") && previousIsCharset(parts)) {
                parts.add("UTF8MB3");
            } else if (word.startsWith("UTF8_")) {
                parts.add("UTF8MB3_" + word.substring(5));
            } else if (word.equals("CURRENT_TIMESTAMP") && i + 2 < tokens.size()
                    && tokens.get(i + 1).isSymbol('(') && tokens.get(i + 2).isSymbol(')')) {
                parts.add(word);
                i += 2;
            } else {
                parts.add(word);
            }
        }
        StringBuilder out = new StringBuilder();
        String previous = null;
        for (String part : parts) {
            if (previous != null && !NO_SPACE_AFTER.contains(previous) && !NO_SPACE_BEFORE.contains(part)) {
                out.append(' ');
            }
            out.append(part);
            previous = part;
        }
        return out.toString();
    }

    private static boolean isIntType(String word) {
        return switch (word) {
            case "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "INTEGER", "BIGINT" -> true;
            default -> false;
        };
    }

    /** True after CHARSET, CHARACTER SET or CHARSET = (where utf8 names a character set, not something else). */
    private static boolean previousIsCharset(List<String> parts) {
        int i = parts.size() - 1;
        if (i >= 0 && parts.get(i).equals("=")) i--;
        return i >= 0 && CHARSET_WORDS.contains(parts.get(i).toUpperCase(Locale.ROOT));
    }
}
