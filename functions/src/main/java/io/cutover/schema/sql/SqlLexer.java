package io.cutover.schema.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits MySQL text into tokens, exactly enough to find clauses without being fooled by strings, quoted names
 * and comments: {@code 'DEFINER=`x`@`y`'} inside a procedure body is a string, {@code `a``b`} one name,
 * {@code /*!50013 DEFINER=… *}{@code /} a version comment whose content MySQL executes (so it is lexed as code).
 *
 * <p>Not a parser: no grammar, no keywords table. A full SQL parser (JSqlParser and the like) does not accept
 * MySQL's compound statements (BEGIN … END, DECLARE … HANDLER) that routine bodies contain, and we only ever
 * need the tokens of a statement's header or of a generated DDL line.
 *
 * <p>Backslash escapes inside strings are honoured, as with MySQL's default sql_mode; Cutover reads DDL with
 * {@code sql_mode=''} so that the server prints it that way.
 */
public final class SqlLexer {

    public enum Kind {
        /** Unquoted word: keyword, name or number. */
        WORD,
        /** A back-quoted name; {@link Token#name()} gives it unquoted. */
        QUOTED_NAME,
        /** A '…' or "…" literal; {@link Token#name()} gives its content (unescaped). */
        STRING,
        /** Any other single character: ( ) , . = @ ; etc. */
        SYMBOL,
        WHITESPACE,
        /** {@code -- …}, {@code # …} or a block comment that MySQL ignores. */
        COMMENT,
        /** {@code /*!} or {@code /*!50013} or MariaDB's {@code /*M!100101}: the start of executed comment content. */
        VERSION_OPEN,
        /** The {@code *}{@code /} closing a version comment. */
        VERSION_CLOSE
    }

    public record Token(Kind kind, int start, int end, String text) {
        /** Trivia: what a reader of the statement's meaning skips. */
        public boolean isTrivia() {
            return kind == Kind.WHITESPACE || kind == Kind.COMMENT || kind == Kind.VERSION_OPEN || kind == Kind.VERSION_CLOSE;
        }

        public boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        public boolean isSymbol(char c) {
            return kind == Kind.SYMBOL && text.charAt(0) == c;
        }

        /** The name or string value without quotes and escapes; for a word, the word itself. */
        public String name() {
            return switch (kind) {
                case QUOTED_NAME -> text.substring(1, text.length() - 1).replace("``", "`");
                case STRING -> unescapeString(text);
                default -> text;
            };
        }

        public String upper() {
            return text.toUpperCase(Locale.ROOT);
        }
    }

    private SqlLexer() {}

    public static List<Token> tokenize(String sql) {
        List<Token> tokens = new ArrayList<>();
        int pos = 0;
        boolean inVersionComment = false;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            int end;
            Kind kind;
            if (Character.isWhitespace(c)) {
                end = pos + 1;
                while (end < sql.length() && Character.isWhitespace(sql.charAt(end))) end++;
                kind = Kind.WHITESPACE;
            } else if (inVersionComment && sql.startsWith("*/", pos)) {
                end = pos + 2;
                kind = Kind.VERSION_CLOSE;
                inVersionComment = false;
            } else if (sql.startsWith("/*!", pos) || sql.startsWith("/*M!", pos)) {
                end = pos + (sql.charAt(pos + 2) == 'M' ? 4 : 3);
                while (end < sql.length() && Character.isDigit(sql.charAt(end))) end++;
                kind = Kind.VERSION_OPEN;
                inVersionComment = true;
            } else if (sql.startsWith("/*", pos)) {
                int close = sql.indexOf("*/", pos + 2);
                end = close < 0 ? sql.length() : close + 2;
                kind = Kind.COMMENT;
            } else if (c == '#' || (sql.startsWith("--", pos) && (pos + 2 == sql.length() || Character.isWhitespace(sql.charAt(pos + 2))))) {
                int newline = sql.indexOf('\n', pos);
                end = newline < 0 ? sql.length() : newline;
                kind = Kind.COMMENT;
            } else if (c == '`') {
                end = endOfQuoted(sql, pos, '`', false);
                kind = Kind.QUOTED_NAME;
            } else if (c == '\'' || c == '"') {
                end = endOfQuoted(sql, pos, c, true);
                kind = Kind.STRING;
            } else if (isWordChar(c)) {
                end = pos + 1;
                while (end < sql.length() && isWordChar(sql.charAt(end))) end++;
                kind = Kind.WORD;
            } else {
                end = pos + Character.charCount(sql.codePointAt(pos));
                kind = Kind.SYMBOL;
            }
            tokens.add(new Token(kind, pos, end, sql.substring(pos, end)));
            pos = end;
        }
        return tokens;
    }

    /** Tokens without trivia. */
    public static List<Token> significant(String sql) {
        return tokenize(sql).stream().filter(t -> !t.isTrivia()).toList();
    }

    /**
     * Where the quoted token starting at {@code start} ends (exclusive). A doubled quote is an escaped quote;
     * in strings a backslash escapes the next character. An unterminated token runs to the end of the text.
     */
    static int endOfQuoted(String sql, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
    }

    private static String unescapeString(String text) {
        char quote = text.charAt(0);
        String body = text.substring(1, Math.max(1, text.length() - 1));
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char n = body.charAt(++i);
                out.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    default -> n;
                });
            } else if (c == quote && i + 1 < body.length() && body.charAt(i + 1) == quote) {
                out.append(quote);
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
