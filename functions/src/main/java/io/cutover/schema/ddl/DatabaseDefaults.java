package io.cutover.schema.ddl;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.db.ServerInfo;
import io.cutover.core.error.InputValidationException;
import io.cutover.core.error.InputValidationException.FieldError;
import io.cutover.core.sql.Sql;
import io.cutover.schema.sql.Charsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The default character set and collation of the databases Cutover creates on the target: the source's
 * (nothing configured) or {@code target.databaseCharacterSet} / {@code target.databaseCollation}. Tables keep
 * their own (2.5 makes each table's collation explicit); what the database's defaults decide is what
 * routines created in it later (6.1) and tables added after the migration get.
 *
 * <p>With only a collation configured, the character set is the collation's; with only a character set, the
 * collation is the target's default for it. {@link #resolve} asks the target for both before anything is
 * created.
 */
public record DatabaseDefaults(String characterSet, String collation) {

    public static DatabaseDefaults asSource() {
        return new DatabaseDefaults(null, null);
    }

    public static DatabaseDefaults of(MigrationConfig config) {
        return new DatabaseDefaults(config.target().databaseCharacterSet(), config.target().databaseCollation());
    }

    public boolean configured() {
        return characterSet != null || collation != null;
    }

    /**
     * These defaults named as the target names them ({@code utf8} may be {@code utf8mb3}), with the collation's
     * character set when only a collation is configured. Throws {@link InputValidationException} naming the field when the target has no such
     * character set or collation, or the collation is not one of the character set's: nothing is created then.
     */
    public DatabaseDefaults resolve(Database target) {
        if (!configured()) {
            return this;
        }
        List<FieldError> errors = new ArrayList<>();
        String server = target.server().describe();
        String charset = null;
        if (characterSet != null) {
            List<Row> rows = target.query("SELECT CHARACTER_SET_NAME AS cs FROM information_schema.CHARACTER_SETS "
                    + "WHERE CHARACTER_SET_NAME IN (?, ?)", characterSet, alias(characterSet));
            if (rows.isEmpty()) {
                errors.add(new FieldError("$.target.databaseCharacterSet", "'" + characterSet + "' is not a character set of the target ("
                        + server + ", information_schema.CHARACTER_SETS)"));
            } else {
                charset = rows.get(0).string("cs");
            }
        }
        String collationName = null;
        if (collation != null) {
            String column = fullCollationName(target.server());
            List<Row> rows = target.query("SELECT CHARACTER_SET_NAME AS cs, " + column + " AS co "
                    + "FROM information_schema.COLLATION_CHARACTER_SET_APPLICABILITY WHERE " + column + " IN (?, ?)", collation, alias(collation));
            if (rows.isEmpty()) {
                errors.add(new FieldError("$.target.databaseCollation", "'" + collation + "' is not a collation of the target ("
                        + server + ", information_schema.COLLATION_CHARACTER_SET_APPLICABILITY)"));
            } else if (charset != null && !sameName(charset, rows.get(0).string("cs"))) {
                errors.add(new FieldError("$.target.databaseCollation", "'" + collation + "' is a collation of character set "
                        + rows.get(0).string("cs") + ", not of " + characterSet + " ($.target.databaseCharacterSet)"));
            } else {
                collationName = rows.get(0).string("co");
                if (characterSet == null) {
                    charset = rows.get(0).string("cs");
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InputValidationException(errors);
        }
        return new DatabaseDefaults(charset, collationName);
    }

    /** The character set a database is created with: the configured one, else the source's. */
    public String characterSetFor(String sourceCharacterSet) {
        return configured() ? characterSet : sourceCharacterSet;
    }

    /** The collation a database is created with: the configured one, else the source's; null: the character set's default. */
    public String collationFor(String sourceCollation) {
        return configured() ? collation : sourceCollation;
    }

    /**
     * How a target database's defaults differ from what they should be (the source's, or as configured); empty when
     * they are right. Call on resolved defaults.
     */
    public List<String> differences(String sourceCharacterSet, String sourceCollation, String haveCharacterSet, String haveCollation) {
        String charset = characterSetFor(sourceCharacterSet);
        String wanted = collationFor(sourceCollation);
        String why = configured() ? "configured" : "on the source";
        List<String> differences = new ArrayList<>();
        if (!sameName(haveCharacterSet, charset)) {
            differences.add("default character set is " + haveCharacterSet + " on the target, " + charset + " " + why);
        }
        if (wanted != null && !sameName(haveCollation, wanted)) {
            differences.add("default collation is " + haveCollation + " on the target, " + wanted + " " + why);
        }
        return differences;
    }

    /**
     * The database collation a routine or trigger created in that database on the target must record: the source's,
     * or with configured defaults the collation the target database has (checked against the configuration by the
     * database comparison).
     */
    public String objectDatabaseCollation(String sourceDatabaseCollation, String targetDatabaseCollation) {
        return configured() ? targetDatabaseCollation : sourceDatabaseCollation;
    }

    /** Each existing database's default collation on {@code db}, by name (case-insensitive, as schema names are matched). */
    public static Map<String, String> collations(Database db, List<String> schemas) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (schemas.isEmpty()) {
            return map;
        }
        for (Row r : db.query("SELECT SCHEMA_NAME AS s, DEFAULT_COLLATION_NAME AS co FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN ("
                + Sql.placeholders(schemas.size()) + ")", schemas.toArray())) {
            map.put(r.string("s"), r.string("co"));
        }
        return map;
    }

    /** Equal names of a character set or collation, {@code utf8} and {@code utf8mb3} being one. */
    private static boolean sameName(String a, String b) {
        return a == null ? b == null : b != null && Charsets.normalize(a).equals(Charsets.normalize(b));
    }

    /** utf8 and utf8mb3 name one character set (and utf8_… / utf8mb3_… its collations); a server lists one or the other. */
    private static String alias(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("utf8") || n.startsWith("utf8_")) return "utf8mb3" + name.substring(4);
        if (n.equals("utf8mb3") || n.startsWith("utf8mb3_")) return "utf8" + name.substring(7);
        return name;
    }

    /** MariaDB 10.10+ lists a collation under a short name ({@code uca1400_ai_ci}) and its full name in FULL_COLLATION_NAME. */
    private static String fullCollationName(ServerInfo server) {
        return server.isMariaDb() && server.atLeast(10, 10, 0) ? "FULL_COLLATION_NAME" : "COLLATION_NAME";
    }
}
