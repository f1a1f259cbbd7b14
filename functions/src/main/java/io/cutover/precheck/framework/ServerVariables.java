package io.cutover.precheck.framework;

import io.cutover.core.db.Database;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Global variables read with one {@code SHOW GLOBAL VARIABLES} (never {@code SELECT @@x}, which fails on the
 * other flavour): a variable the server does not have is absent, which means "not supported here".
 */
public record ServerVariables(Map<String, String> values) {

    public static ServerVariables read(Database db, Collection<String> names) {
        return new ServerVariables(db.globalVariables(names));
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value, or null when the server does not have the variable. */
    public String value(String name) {
        return values.get(name);
    }

    public boolean isOn(String name) {
        return on(values.get(name));
    }

    /** ON, 1, TRUE and YES mean on. */
    public static boolean on(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        return v.equals("ON") || v.equals("1") || v.equals("TRUE") || v.equals("YES");
    }

    public long longValue(String name, long ifAbsent) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            return ifAbsent;
        }
        try {
            return new java.math.BigDecimal(v.trim()).longValue();
        } catch (NumberFormatException e) {
            return ifAbsent;
        }
    }

    public double doubleValue(String name, double ifAbsent) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            return ifAbsent;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            return ifAbsent;
        }
    }

    /** {@code name = value} for reports. */
    public String show(String name) {
        return name + " = " + (values.containsKey(name) ? values.get(name) : "(not supported by this server)");
    }
}
