package io.cutover.schema.deferred;

import io.cutover.core.db.Database;
import io.cutover.core.db.ServerInfo;
import io.cutover.schema.ddl.DdlSession;
import io.cutover.schema.sql.DefinerRewriter;
import io.cutover.schema.sql.TriggerOrderClause;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How one source object is created on the target: the statement with its DEFINER rewritten to the target
 * account, and the session it is created in, so that the target stores the same sql_mode, character_set_client
 * and collation_connection (and, for events, time zone) as the source did.
 *
 * <p>Cutover's JDBC connection sends UTF-8. The source's character_set_client is set as it is when the text is
 * pure ASCII (the same bytes in every such charset) or the charset is a UTF-8 one; for non-ASCII text stored
 * with another client charset (latin1, …), sending UTF-8 bytes labelled latin1 would corrupt it, so the object
 * is created with utf8mb4 as client charset and the source's collation_connection (string literals keep their
 * charset and collation), and a note says so.
 */
public record CreationContext(
        DeferredObject source,
        String statement,
        String sqlMode,
        String characterSetClient,
        String collationConnection,
        String timeZone,
        List<String> notes,
        String error) {

    private static final Set<String> UTF8_CHARSETS = Set.of("utf8", "utf8mb3", "utf8mb4");
    /** Views store no sql_mode: they are created in a neutral one; the canonical text the server printed parses in it. */
    static final String VIEW_SQL_MODE = "";

    public static CreationContext of(DeferredObject object, String definerUser, String definerHost, ServerInfo target) {
        List<String> notes = new ArrayList<>();
        String sqlMode = VIEW_SQL_MODE;
        String error = null;
        if (object.type() != ObjectType.VIEW) {
            SqlModes.Adjusted adjusted = SqlModes.forTarget(object.sqlMode(), target);
            notes.addAll(adjusted.notes());
            sqlMode = adjusted.sqlMode();
            error = adjusted.error();
        }
        String statement;
        try {
            statement = DefinerRewriter.rewrite(object.createStatement(), definerUser, definerHost);
            if (object.type() == ObjectType.TRIGGER) {
                statement = TriggerOrderClause.remove(statement);
            }
        } catch (IllegalArgumentException e) {
            return new CreationContext(object, object.createStatement(), sqlMode, object.characterSetClient(),
                    object.collationConnection(), null, List.copyOf(notes), "cannot rewrite its DEFINER: " + e.getMessage());
        }
        String client = object.characterSetClient();
        if (client != null && !isAscii(object.createStatement()) && !UTF8_CHARSETS.contains(client.toLowerCase(Locale.ROOT))) {
            notes.add("created with character_set_client utf8mb4 instead of " + client + ": the text has non-ASCII characters "
                    + "and Cutover's connection sends UTF-8 (collation_connection " + object.collationConnection() + " kept)");
            client = "utf8mb4";
        }
        return new CreationContext(object, statement, sqlMode, client, object.collationConnection(),
                object.type() == ObjectType.EVENT ? object.timeZone() : null, List.copyOf(notes), error);
    }

    /** This context with one more note (e.g. why the object has its definer). */
    public CreationContext withNote(String note) {
        List<String> more = new ArrayList<>(notes);
        more.add(note);
        return new CreationContext(source, statement, sqlMode, characterSetClient, collationConnection, timeZone, List.copyOf(more), error);
    }

    /** The session variables {@link #create} changes, read once so that they can be put back after each object. */
    public static java.util.Map<String, String> sessionBefore(Database target) {
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        for (io.cutover.core.db.Row r : target.query("SHOW SESSION VARIABLES WHERE Variable_name IN "
                + "('character_set_client', 'collation_connection', 'time_zone')")) {
            values.put(r.string("Variable_name").toLowerCase(Locale.ROOT), r.string("Value"));
        }
        return values;
    }

    /** Sets the session of {@code target} for this object, runs the statement, and puts the session back. */
    public void create(Database target, java.util.Map<String, String> sessionBefore) {
        DdlSession.use(target, source.schema());
        target.update("SET SESSION sql_mode = ?", sqlMode == null ? "" : sqlMode);
        if (characterSetClient != null) {
            target.update("SET SESSION character_set_client = ?", characterSetClient);
        }
        if (collationConnection != null) {
            target.update("SET SESSION collation_connection = ?", collationConnection);
        }
        if (timeZone != null) {
            target.update("SET SESSION time_zone = ?", timeZone);
        }
        try {
            target.update(statement);
        } finally {
            // back to what the connection had (the driver decodes with it), also after a failure
            for (var e : sessionBefore.entrySet()) {
                target.update("SET SESSION " + e.getKey() + " = ?", e.getValue());
            }
        }
    }

    /** The session statements and the statement, for the script a DBA can read or replay. */
    public List<String> sessionStatements() {
        List<String> s = new ArrayList<>();
        s.add("USE " + io.cutover.core.sql.Sql.quote(source.schema()));
        s.add("SET SESSION sql_mode = " + literal(sqlMode == null ? "" : sqlMode));
        if (characterSetClient != null) s.add("SET SESSION character_set_client = " + literal(characterSetClient));
        if (collationConnection != null) s.add("SET SESSION collation_connection = " + literal(collationConnection));
        if (timeZone != null) s.add("SET SESSION time_zone = " + literal(timeZone));
        return s;
    }

    static boolean isAscii(String text) {
        return StandardCharsets.US_ASCII.newEncoder().canEncode(text);
    }

    private static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
