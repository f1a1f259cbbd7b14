package io.cutover.schema.deferred;

import io.cutover.schema.sql.Charsets;
import io.cutover.schema.sql.DefinerRewriter;
import io.cutover.schema.sql.TriggerOrderClause;
import io.cutover.schema.table.DdlNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compares an object on the target with what Cutover creates from the source's: the definition (SHOW CREATE
 * text without DEFINER, normalised), the definer (the target account), the stored sql_mode and character set
 * context, and for triggers their order, for events their status.
 */
public final class DeferredObjectComparison {
    private DeferredObjectComparison() {}

    public static List<String> differences(CreationContext expected, DeferredObject actual, String expectedDefiner) {
        return differences(expected, actual, expectedDefiner, expected.source().databaseCollation());
    }

    /**
     * {@code databaseCollation}: the database collation the object must record on the target (the source's, unless
     * the target's databases were given other defaults: see {@code DatabaseDefaults}).
     */
    public static List<String> differences(CreationContext expected, DeferredObject actual, String expectedDefiner,
                                           String databaseCollation) {
        DeferredObject source = expected.source();
        List<String> differences = new ArrayList<>();
        String want = DdlNormalizer.normalize(TriggerOrderClause.remove(DefinerRewriter.removeDefiner(expected.statement())));
        String have = DdlNormalizer.normalize(TriggerOrderClause.remove(DefinerRewriter.removeDefiner(actual.createStatement())));
        if (!want.equals(have)) {
            differences.add("definition differs: source " + oneLine(DefinerRewriter.removeDefiner(source.createStatement()))
                    + " ; target " + oneLine(DefinerRewriter.removeDefiner(actual.createStatement())));
        }
        if (expectedDefiner != null && !sameAccount(expectedDefiner, actual.definer())) {
            differences.add("definer is " + actual.definer() + ", expected " + expectedDefiner);
        }
        if (source.type() != ObjectType.VIEW && !SqlModes.flags(expected.sqlMode()).equals(SqlModes.flags(actual.sqlMode()))) {
            differences.add("sql_mode is '" + actual.sqlMode() + "', expected '" + expected.sqlMode() + "'");
        }
        if (!equalsIgnoreCase(expected.characterSetClient(), actual.characterSetClient())) {
            differences.add("character_set_client is " + actual.characterSetClient() + ", expected " + expected.characterSetClient());
        }
        if (!equalsIgnoreCase(expected.collationConnection(), actual.collationConnection())) {
            differences.add("collation_connection is " + actual.collationConnection() + ", expected " + expected.collationConnection());
        }
        if (source.databaseCollation() != null && databaseCollation != null
                && !equalsIgnoreCase(databaseCollation, actual.databaseCollation())) {
            differences.add("database collation is " + actual.databaseCollation() + ", " + databaseCollation
                    + (databaseCollation.equalsIgnoreCase(source.databaseCollation()) ? " on the source" : " expected (configured)"));
        }
        if (source.type() == ObjectType.TRIGGER) {
            if (!source.table().equalsIgnoreCase(actual.table())) {
                differences.add("trigger is on table " + actual.table() + ", " + source.table() + " on the source");
            }
            if (!Objects.equals(source.actionOrder(), actual.actionOrder())) {
                differences.add("action order is " + actual.actionOrder() + ", " + source.actionOrder() + " on the source");
            }
        }
        if (source.type() == ObjectType.EVENT && !equalsIgnoreCase(source.status(), actual.status())) {
            differences.add("status is " + actual.status() + ", " + source.status() + " on the source");
        }
        return differences;
    }

    /** {@code user@host} as information_schema prints it and as CURRENT_USER() returns it. */
    static boolean sameAccount(String a, String b) {
        if (a == null || b == null) return a == b;
        String[] x = DefinerRewriter.splitAccount(a);
        String[] y = DefinerRewriter.splitAccount(b);
        return x[0].equals(y[0]) && Objects.equals(x[1] == null ? null : x[1].toLowerCase(java.util.Locale.ROOT),
                y[1] == null ? null : y[1].toLowerCase(java.util.Locale.ROOT));
    }

    private static boolean equalsIgnoreCase(String a, String b) {
        return a == null ? b == null : b != null && Charsets.normalize(a).equals(Charsets.normalize(b));
    }

    private static String oneLine(String s) {
        String line = s.replaceAll("\\s+", " ").strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
