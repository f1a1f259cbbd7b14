package io.cutover.core.catalog;

import java.util.Optional;

/**
 * Names as InnoDB's dictionary stores them ({@code db/table}): MySQL's file-name encoding, where a character other
 * than a letter, a digit or '_' is written {@code @XXXX} (its code point in hex), e.g. {@code my@002dtable} for
 * {@code my-table}. Other escape forms exist for some letters (Latin-1 and others): those names are not decoded
 * here (empty result), and callers ask information_schema instead.
 */
public final class FileNames {
    private FileNames() {}

    /** {@code [schema, name]} of a {@code db/name} dictionary name, decoded; empty if it cannot be decoded. */
    public static Optional<String[]> split(String dictionaryName) {
        if (dictionaryName == null) {
            return Optional.empty();
        }
        int slash = dictionaryName.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        Optional<String> schema = decode(dictionaryName.substring(0, slash));
        Optional<String> name = decode(dictionaryName.substring(slash + 1));
        if (schema.isEmpty() || name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new String[] {schema.get(), name.get()});
    }

    public static Optional<String> decode(String encoded) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < encoded.length()) {
            char c = encoded.charAt(i);
            if (c != '@') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 5 > encoded.length()) {
                return Optional.empty();
            }
            String hex = encoded.substring(i + 1, i + 5);
            if (!hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                return Optional.empty();
            }
            out.appendCodePoint(Integer.parseInt(hex, 16));
            i += 5;
        }
        return Optional.of(out.toString());
    }
}
