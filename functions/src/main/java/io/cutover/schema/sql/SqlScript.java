package io.cutover.schema.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A script the {@code mysql} client can run, with {@code DELIMITER} lines around compound statements, and the
 * reverse: splitting such a script into statements the way the client does (a delimiter inside a string,
 * a quoted name or a comment does not end a statement). Cutover writes the deferred objects as such a script
 * beside the JSON artifact, so that a DBA can read, review or replay them by hand.
 */
public final class SqlScript {
    private static final List<String> DELIMITER_CANDIDATES = List.of(";;", "$$", "//", "$$$", ";;;;");

    private final StringBuilder text = new StringBuilder();

    /** A comment line ({@code -- …}); line breaks in {@code comment} are folded. */
    public SqlScript comment(String comment) {
        text.append("-- ").append(comment.replaceAll("[\\r\\n]+", " ")).append('\n');
        return this;
    }

    /** A simple statement (no ';' inside), terminated by ';'. */
    public SqlScript statement(String sql) {
        text.append(sql.strip()).append(";\n");
        return this;
    }

    /** A statement that may contain ';' (a routine, trigger or event body): wrapped in DELIMITER lines. */
    public SqlScript compound(String sql) {
        String delimiter = delimiterFor(sql);
        text.append("DELIMITER ").append(delimiter).append('\n')
                .append(sql.strip()).append('\n').append(delimiter).append('\n')
                .append("DELIMITER ;\n");
        return this;
    }

    public String text() {
        return text.toString();
    }

    /** A delimiter that does not occur in {@code sql}. */
    static String delimiterFor(String sql) {
        for (String candidate : DELIMITER_CANDIDATES) {
            if (!sql.contains(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no usable delimiter for a statement that contains all of " + DELIMITER_CANDIDATES);
    }

    /**
     * The statements of a script, as the {@code mysql} client sends them: {@code DELIMITER x} lines change the
     * terminator, comments outside statements are dropped, statements are returned without their terminator.
     */
    public static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        String delimiter = ";";
        StringBuilder current = new StringBuilder();
        int pos = 0;
        boolean atLineStart = true;
        while (pos < script.length()) {
            if (atLineStart && current.toString().isBlank()) {
                int lineEnd = script.indexOf('\n', pos);
                String line = script.substring(pos, lineEnd < 0 ? script.length() : lineEnd).strip();
                if (line.toUpperCase(Locale.ROOT).startsWith("DELIMITER ") || line.equalsIgnoreCase("DELIMITER")) {
                    String[] parts = line.split("\\s+");
                    if (parts.length < 2) {
                        throw new IllegalArgumentException("DELIMITER without a delimiter");
                    }
                    delimiter = parts[1];
                    current.setLength(0);
                    pos = lineEnd < 0 ? script.length() : lineEnd + 1;
                    continue;
                }
            }
            char c = script.charAt(pos);
            atLineStart = false;
            if (script.startsWith(delimiter, pos)) {
                add(statements, current);
                pos += delimiter.length();
                continue;
            }
            int end = pos + 1;
            if (c == '\'' || c == '"' || c == '`') {
                end = SqlLexer.endOfQuoted(script, pos, c, c != '`');
            } else if (script.startsWith("/*", pos) && !script.startsWith("/*!", pos) && !script.startsWith("/*M!", pos)) {
                int close = script.indexOf("*/", pos + 2);
                end = close < 0 ? script.length() : close + 2;
                if (current.toString().isBlank()) {
                    pos = end;
                    continue;
                }
            } else if (c == '#' || (script.startsWith("--", pos) && (pos + 2 == script.length() || Character.isWhitespace(script.charAt(pos + 2))))) {
                int newline = script.indexOf('\n', pos);
                end = newline < 0 ? script.length() : newline;
                if (current.toString().isBlank()) {
                    pos = end;
                    continue;
                }
            } else if (c == '\n') {
                atLineStart = true;
            }
            current.append(script, pos, end);
            pos = end;
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }
}
