package io.cutover.schema.table;

import io.cutover.schema.sql.SqlLexer;
import io.cutover.schema.sql.SqlLexer.Kind;
import io.cutover.schema.sql.SqlLexer.Token;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A source table in another engine than InnoDB, created as InnoDB on the target. "Aurora MySQL supports only the InnoDB
 * engine for database tables. If you have MyISAM tables in your database, then those tables must be converted before
 * migrating to Aurora MySQL" (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Migrating.ExtMySQL.Prechecks.html),
 * and DMS itself creates its target tables as InnoDB ("By default, AWS DMS creates target tables with the InnoDB
 * storage engine", https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Source.MySQL.html#CHAP_Source.MySQL.Limitations).
 *
 * <p>The table options only the old engine understands go with it: {@code ROW_FORMAT=FIXED} (MyISAM) and
 * {@code ROW_FORMAT=PAGE} (Aria), which InnoDB refuses in strict mode, and Aria's {@code PAGE_CHECKSUM} and
 * {@code TRANSACTIONAL}, and MyISAM's {@code DELAY_KEY_WRITE}. Everything else (columns, indexes, full-text and
 * spatial indexes, partitioning, charset, comment) is kept. What the conversion cannot fix (an AUTO_INCREMENT column
 * that is not the first column of a key, compressed MyISAM tables) is found by readiness before anything is created
 * ({@code so-non-innodb}, {@code so-compressed-tables}).
 */
public final class InnoDbConversion {
    private static final Set<String> ENGINE_ONLY_OPTIONS = Set.of("PAGE_CHECKSUM", "TRANSACTIONAL", "DELAY_KEY_WRITE");
    private static final Set<String> NON_INNODB_ROW_FORMATS = Set.of("FIXED", "PAGE");

    private InnoDbConversion() {}

    /** The converted definition and what changed; {@code from} is null when the table is InnoDB already (or names no engine). */
    public record Result(CreateTable table, String from) {
        public boolean converted() {
            return from != null;
        }

        public String describe() {
            return from + " → InnoDB";
        }
    }

    public static Result toInnoDb(CreateTable table) {
        String engine = TableOptions.parse(table.options()).get("ENGINE");
        if (engine == null || engine.equalsIgnoreCase("INNODB")) {
            return new Result(table, null);
        }
        String partitioning = table.partitioning() == null || table.partitioning().isEmpty() ? table.partitioning()
                : rewrite(table.partitioning()); // partitions may name their engine
        return new Result(new CreateTable(table.table(), table.header(), table.elements(), rewrite(table.options()),
                partitioning), engineName(engine));
    }

    /** The options text with ENGINE=InnoDB and without the old engine's own options; strings and comments untouched. */
    static String rewrite(String options) {
        List<Token> tokens = SqlLexer.tokenize(options);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < tokens.size()) {
            Token t = tokens.get(i);
            if (t.kind() == Kind.WORD) {
                String word = t.text().toUpperCase(Locale.ROOT);
                int eq = next(tokens, i + 1);
                int value = eq < tokens.size() && tokens.get(eq).isSymbol('=') ? next(tokens, eq + 1) : eq;
                if (value < tokens.size()) {
                    String v = tokens.get(value).text().toUpperCase(Locale.ROOT);
                    if (word.equals("ENGINE")) {
                        out.append("ENGINE=InnoDB");
                        i = value + 1;
                        continue;
                    }
                    if (ENGINE_ONLY_OPTIONS.contains(word) || word.equals("ROW_FORMAT") && NON_INNODB_ROW_FORMATS.contains(v)) {
                        i = value + 1;
                        while (i < tokens.size() && tokens.get(i).kind() == Kind.WHITESPACE) {
                            i++;
                        }
                        continue;
                    }
                }
            }
            out.append(t.text());
            i++;
        }
        return out.toString().strip();
    }

    private static int next(List<Token> tokens, int from) {
        int i = from;
        while (i < tokens.size() && tokens.get(i).kind() == Kind.WHITESPACE) {
            i++;
        }
        return i;
    }

    private static String engineName(String normalized) {
        return switch (normalized.toUpperCase(Locale.ROOT)) {
            case "MYISAM" -> "MyISAM";
            case "ARIA" -> "Aria";
            case "MEMORY", "HEAP" -> "MEMORY";
            default -> normalized;
        };
    }
}
