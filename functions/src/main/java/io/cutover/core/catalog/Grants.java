package io.cutover.core.catalog;

import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.sql.Sql;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The privileges of the current user, parsed from {@code SHOW GRANTS} (which needs no privilege): global,
 * per schema (names are LIKE patterns unless escaped, as the server treats them) and per table. Role grants are
 * kept by name only: SHOW GRANTS does not expand them. Nothing else of the output is kept: on MariaDB it
 * contains the password hash.
 */
public final class Grants {
    /** Privileges that are spelled differently across versions: MariaDB 10.5.2+ shows BINLOG MONITOR for REPLICATION CLIENT. */
    private static final Map<String, String> SYNONYMS = Map.of("BINLOG MONITOR", "REPLICATION CLIENT", "ALL", "ALL PRIVILEGES",
            "SLAVE MONITOR", "REPLICA MONITOR");
    private static final Pattern PRIVILEGE_GRANT = Pattern.compile(
            "^GRANT (.+?) ON ((?:FUNCTION |PROCEDURE |PACKAGE BODY |PACKAGE )?(?:`(?:[^`]|``)*`|\\*)(?:\\.(?:`(?:[^`]|``)*`|\\*))?) TO .*$",
            Pattern.DOTALL);
    private static final Pattern ROLE_GRANT = Pattern.compile("^GRANT ((?:`(?:[^`]|``)*`(?:@`(?:[^`]|``)*`)?\\s*,?\\s*)+) TO .*$", Pattern.DOTALL);
    private static final Pattern COLUMN_LIST = Pattern.compile("\\s*\\([^)]*\\)");
    private static final Pattern NAME = Pattern.compile("`((?:[^`]|``)*)`|\\*");

    private final Set<String> global = new HashSet<>();
    private final Map<String, Set<String>> schemaPatterns = new HashMap<>();
    private final Map<String, Set<String>> tables = new HashMap<>();
    private final List<String> roles = new ArrayList<>();

    /** Runs SHOW GRANTS (for the current user) and parses it. */
    public static Grants of(Database db) {
        List<String> lines = new ArrayList<>();
        for (Row row : db.query("SHOW GRANTS")) {
            Object first = row.asMap().values().iterator().next();
            lines.add(first instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(first));
        }
        return parse(lines);
    }

    public static Grants parse(List<String> lines) {
        Grants grants = new Grants();
        for (String line : lines) {
            grants.add(line.trim());
        }
        return grants;
    }

    private void add(String line) {
        if (line.startsWith("GRANT PROXY ")) {
            return;
        }
        Matcher m = PRIVILEGE_GRANT.matcher(line);
        if (m.matches()) {
            Set<String> privileges = privileges(m.group(1));
            String object = m.group(2);
            if (object.startsWith("FUNCTION ") || object.startsWith("PROCEDURE ") || object.startsWith("PACKAGE ")) {
                return; // routine grants do not matter for reading or loading data
            }
            List<String> names = names(object);
            if (names.size() == 2 && names.get(0).equals("*") && names.get(1).equals("*")) {
                global.addAll(privileges);
            } else if (names.size() == 2 && names.get(1).equals("*")) {
                schemaPatterns.computeIfAbsent(names.get(0), k -> new HashSet<>()).addAll(privileges);
            } else if (names.size() == 2) {
                tables.computeIfAbsent(names.get(0) + "." + names.get(1), k -> new HashSet<>()).addAll(privileges);
            }
            return;
        }
        Matcher r = ROLE_GRANT.matcher(line);
        if (r.matches()) {
            for (String role : r.group(1).split(",")) {
                if (!role.isBlank()) {
                    roles.add(role.trim().replace("`", ""));
                }
            }
        }
    }

    private static Set<String> privileges(String list) {
        Set<String> result = new HashSet<>();
        for (String p : COLUMN_LIST.matcher(list).replaceAll("").split(",")) {
            String name = p.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
            if (!name.isEmpty()) {
                result.add(SYNONYMS.getOrDefault(name, name));
            }
        }
        return result;
    }

    private static List<String> names(String object) {
        List<String> names = new ArrayList<>();
        Matcher m = NAME.matcher(object);
        while (m.find()) {
            names.add(m.group(1) == null ? "*" : m.group(1).replace("``", "`"));
        }
        return names;
    }

    private static String canonical(String privilege) {
        String p = privilege.toUpperCase(Locale.ROOT);
        return SYNONYMS.getOrDefault(p, p);
    }

    public boolean hasGlobal(String privilege) {
        return global.contains("ALL PRIVILEGES") || global.contains(canonical(privilege));
    }

    /** The privilege on every table of {@code schema}: granted globally or on a schema pattern that matches it. */
    public boolean hasOnSchema(String privilege, String schema) {
        if (hasGlobal(privilege)) {
            return true;
        }
        String wanted = canonical(privilege);
        for (var entry : schemaPatterns.entrySet()) {
            if (Sql.likeMatches(entry.getKey(), schema)
                    && (entry.getValue().contains("ALL PRIVILEGES") || entry.getValue().contains(wanted))) {
                return true;
            }
        }
        return false;
    }

    /** The privilege on one table: globally, on its schema, or on the table itself. */
    public boolean hasOnTable(String privilege, String schema, String table) {
        if (hasOnSchema(privilege, schema)) {
            return true;
        }
        Set<String> granted = tables.getOrDefault(schema + "." + table, Set.of());
        return granted.contains("ALL PRIVILEGES") || granted.contains(canonical(privilege));
    }

    /** Roles granted to the user (their privileges are not in this object). */
    public List<String> roles() {
        return List.copyOf(roles);
    }

    /**
     * {@code " (roles granted: a, b; SHOW GRANTS does not show their privileges)"} to append to a finding of missing
     * privileges, or "" without roles: the privileges may come from a role, which only a person can confirm.
     */
    public String rolesNote() {
        return roles.isEmpty() ? "" : " (roles granted: " + String.join(", ", roles) + "; SHOW GRANTS does not show their privileges)";
    }
}
