package io.cutover.schema.sql;

import java.util.Locale;

/** Character set and collation names as the servers print them. */
public final class Charsets {
    private Charsets() {}

    /** utf8 and utf8mb3 are one charset, printed differently by 5.7, 8.0.30+ and MariaDB. */
    public static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("utf8")) return "utf8mb3";
        if (n.startsWith("utf8_")) return "utf8mb3_" + n.substring(5);
        return n;
    }
}
