package io.cutover.precheck.objects;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The elements of an ENUM or SET column, parsed from {@code information_schema.columns.column_type}, e.g.
 * {@code enum('a','it''s','back\\slash')}. CHARACTER_MAXIMUM_LENGTH of a SET column is the length of all its
 * elements joined with commas, so the per-element limit of MySQL 8.0 (255 characters) needs the elements.
 */
final class EnumSetElements {
    /** MySQL 8.0 rejects an ENUM or SET element longer than this many characters. */
    static final int MAX_ELEMENT_CHARS = 255;

    private EnumSetElements() {}

    /**
     * The elements, unescaped. Quotes inside an element are doubled ({@code ''}) by the server; a backslash
     * escapes the next character (both forms appear depending on the server and its version).
     *
     * @throws IllegalArgumentException when {@code columnType} is not an {@code enum(...)} / {@code set(...)} type
     */
    static List<String> parse(String columnType) {
        if (columnType == null) {
            throw new IllegalArgumentException("no column type");
        }
        String type = columnType.trim();
        String lower = type.toLowerCase(Locale.ROOT);
        int open;
        if (lower.startsWith("enum(")) {
            open = 4;
        } else if (lower.startsWith("set(")) {
            open = 3;
        } else {
            throw new IllegalArgumentException("not an ENUM or SET type: " + columnType);
        }
        List<String> elements = new ArrayList<>();
        int i = open + 1;
        while (i < type.length()) {
            char c = type.charAt(i);
            if (c == '\'' || c == '"') {
                StringBuilder element = new StringBuilder();
                i = readQuoted(type, i, element);
                elements.add(element.toString());
            } else if (c == ')') {
                return elements;
            } else {
                i++; // commas and spaces between elements
            }
        }
        throw new IllegalArgumentException("unterminated ENUM/SET type: " + columnType);
    }

    /** Elements longer than {@link #MAX_ELEMENT_CHARS} characters (counted in code points). */
    static List<String> tooLong(String columnType) {
        return parse(columnType).stream()
                .filter(e -> e.codePointCount(0, e.length()) > MAX_ELEMENT_CHARS)
                .toList();
    }

    /** Reads a quoted element starting at {@code start}; returns the index after its closing quote. */
    private static int readQuoted(String s, int start, StringBuilder out) {
        char quote = s.charAt(start);
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                out.append(s.charAt(i + 1));
                i += 2;
            } else if (c == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    out.append(quote);
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated quoted element in: " + s);
    }
}
