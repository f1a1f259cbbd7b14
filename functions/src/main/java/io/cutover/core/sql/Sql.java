package io.cutover.core.sql;

import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Quoting for SQL built by Cutover. Values always go through bind parameters; only names are quoted here. */
public final class Sql {
    private Sql() {}

    /**
     * Quotes a name for MySQL: backticks around it, a backtick inside doubled. Safe for any name the server
     * itself reported (information_schema), including reserved words and utf8mb4 characters.
     */
    public static String quote(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("cannot quote an empty name");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a MySQL name cannot contain NUL");
        }
        return "`" + name.replace("`", "``") + "`";
    }

    /** {@code `schema`.`table`}. */
    public static String qualified(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    /** A comma-separated list of quoted names, e.g. for a column list. */
    public static String quoteAll(Collection<String> names) {
        return names.stream().map(Sql::quote).collect(Collectors.joining(", "));
    }

    /** {@code ?, ?, ?} for an IN list of {@code count} bind parameters. */
    public static String placeholders(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("an IN list needs at least one value");
        }
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /**
     * SQL LIKE semantics (% and _, backslash escapes), case-insensitive (as schema filters and grants on schema patterns
     * are on most servers).
     */
    public static boolean likeMatches(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL)
                .matcher(value.toLowerCase(Locale.ROOT)).matches();
    }
}
