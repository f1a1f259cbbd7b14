package io.cutover.core.sql;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A schema, table or column name that came from user input. Such names are validated before any SQL is
 * built with them, and are only ever used quoted. Names read back from the server's own catalog are quoted
 * with {@link Sql#quote(String)} instead: they may legitimately contain characters we refuse on input.
 */
public record Identifier(String name) {
    public static final int MAX_LENGTH = 64;
    /**
     * The server's own schemas: never migrated, never selectable (migrating them would overwrite the target server's own
     * catalogue). In this order in the DMS table mappings' exclusion rules. Names are lower case; compare with
     * {@link #isSystemSchema}.
     */
    public static final List<String> SYSTEM_SCHEMAS = List.of("mysql", "sys", "performance_schema", "information_schema");

    public Identifier {
        problem(name).ifPresent(p -> {
            throw new IllegalArgumentException("identifier " + describe(name) + " " + p);
        });
    }

    public static Identifier of(String name) {
        return new Identifier(name);
    }

    /** Why {@code name} cannot be used as an identifier, or empty if it can. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("is empty");
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_LENGTH) {
            return Optional.of("is " + length + " characters long (MySQL allows at most " + MAX_LENGTH + ")");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            String bad = switch (c) {
                case '`' -> "a backtick";
                case '\'' -> "a single quote";
                case '"' -> "a double quote";
                case '\\' -> "a backslash";
                case ';' -> "a semicolon";
                case '/' -> "a slash";
                case '.' -> "a dot";
                case '\0' -> "a NUL character";
                default -> Character.isISOControl(c) ? "a control character" : null;
            };
            if (bad != null) {
                return Optional.of("contains " + bad + " at position " + (i + 1));
            }
        }
        for (int i = 0, position = 1; i < name.length(); i += Character.charCount(name.codePointAt(i)), position++) {
            if (Character.isSupplementaryCodePoint(name.codePointAt(i))) {
                // MySQL: "The permissible Unicode characters in identifiers are those in the Basic Multilingual Plane
                // (BMP). Supplementary characters are not permitted." (https://dev.mysql.com/doc/refman/8.0/en/identifiers.html,
                // quoted identifiers: U+0001 .. U+FFFF); MariaDB the same (https://mariadb.com/kb/en/identifier-names/).
                return Optional.of(String.format(Locale.ROOT, "contains U+%X at position %d, outside the Basic Multilingual Plane "
                        + "(MySQL and MariaDB identifiers allow U+0001 to U+FFFF only)", name.codePointAt(i), position));
            }
        }
        if (Character.isWhitespace(name.charAt(name.length() - 1))) {
            return Optional.of("ends with a space (MySQL does not allow trailing spaces in names)");
        }
        return Optional.empty();
    }

    public static boolean isSystemSchema(String name) {
        return name != null && SYSTEM_SCHEMAS.contains(name.toLowerCase(Locale.ROOT));
    }

    public String quoted() {
        return Sql.quote(name);
    }

    @Override
    public String toString() {
        return name;
    }

    private static String describe(String name) {
        if (name == null) {
            return "(null)";
        }
        String shown = name.length() > 80 ? name.substring(0, 80) + "…" : name;
        return "'" + shown.replace("\0", "\\0") + "'";
    }
}
