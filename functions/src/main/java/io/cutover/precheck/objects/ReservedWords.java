package io.cutover.precheck.objects;

import io.cutover.core.db.ServerInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Words that became reserved in MySQL 8.0 (the list MySQL Shell's upgrade checker uses, by the 8.0 release that
 * reserved them). A name equal to one of them works on the source but must be quoted everywhere on Aurora 3:
 * unquoted uses in views, routines and application SQL stop parsing.
 */
final class ReservedWords {
    private static final Map<String, String> SINCE = new LinkedHashMap<>();

    static {
        for (String w : List.of("ADMIN", "CUBE", "CUME_DIST", "DENSE_RANK", "EMPTY", "EXCEPT", "FIRST_VALUE",
                "FUNCTION", "GROUPING", "GROUPS", "JSON_TABLE", "LAG", "LAST_VALUE", "LEAD", "NTH_VALUE", "NTILE",
                "OF", "OVER", "PERCENT_RANK", "PERSIST", "PERSIST_ONLY", "RANK", "RECURSIVE", "ROW", "ROWS",
                "ROW_NUMBER", "SYSTEM", "WINDOW")) {
            SINCE.put(w, "8.0.11");
        }
        SINCE.put("LATERAL", "8.0.14");
        SINCE.put("ARRAY", "8.0.17");
        SINCE.put("MEMBER", "8.0.17");
        SINCE.put("FULL", "8.0.31");
        SINCE.put("INTERSECT", "8.0.31");
    }

    private ReservedWords() {}

    /** Every word, upper case. */
    static List<String> all() {
        return List.copyOf(SINCE.keySet());
    }

    /**
     * The 8.0 release from which {@code name} is reserved, if it is and the source does not reserve it already:
     * a MySQL 8.0.x source already rejects the words reserved up to its own release, so only later ones matter;
     * MySQL 5.x and MariaDB sources are checked against the whole list.
     */
    static Optional<String> newlyReserved(String name, ServerInfo source) {
        if (name == null) {
            return Optional.empty();
        }
        String since = SINCE.get(name.toUpperCase(Locale.ROOT));
        if (since == null) {
            return Optional.empty();
        }
        if (source != null && !source.isMariaDb() && source.major() == 8 && source.atLeast(8, 0, patch(since))) {
            return Optional.empty();
        }
        if (source != null && !source.isMariaDb() && source.major() > 8) {
            return Optional.empty();
        }
        return Optional.of(since);
    }

    private static int patch(String version) {
        return Integer.parseInt(version.substring(version.lastIndexOf('.') + 1));
    }
}
