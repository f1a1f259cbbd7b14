package io.cutover.precheck.objects;

import static io.cutover.precheck.objects.Rule.count;
import static io.cutover.precheck.objects.Rule.failed;

import io.cutover.core.catalog.Catalog;
import io.cutover.core.catalog.Definer;
import io.cutover.core.db.SqlModeFlags;
import io.cutover.core.error.CutoverException;
import io.cutover.core.error.TransientDatabaseException;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.Severity;
import io.cutover.core.catalog.Catalog.Column;
import io.cutover.core.catalog.Catalog.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Routines, views, triggers and events: 8.0 syntax, stored sql_mode, definers. */
final class StoredCodeChecks {
    static final CheckDefinition SYNTAX = new CheckDefinition("so-routine-syntax-removed-functions",
            "Routines, views, triggers and events parse on MySQL 8.0", Severity.BLOCKER,
            "DMS never migrates code objects: Cutover recreates them on the target at cutover (6.1). Bodies that call "
                    + "functions removed in 8.0 (PASSWORD, ENCODE/DECODE, ENCRYPT, DES_*, GIS names without ST_ such as "
                    + "GLENGTH or ASTEXT), use GROUP BY … ASC/DESC or the '.table' syntax fail to recreate, on the night of "
                    + "the cutover.",
            "Rewrite the objects on the source with the 8.0 replacements named in each finding (ST_ functions, "
                    + "AES_ENCRYPT/SHA2, ORDER BY instead of GROUP BY … DESC, schema.table) and test them on an 8.0 server.");
    static final CheckDefinition OBSOLETE_SQL_MODE = new CheckDefinition("so-obsolete-sql-mode-in-objects",
            "Routines, triggers and events are stored with an 8.0 sql_mode", Severity.BLOCKER,
            "Each routine, trigger and event is recreated under the sql_mode it was created with. MySQL 8.0 rejects flags "
                    + "it removed (NO_AUTO_CREATE_USER, MAXDB, DB2, MSSQL, ORACLE, POSTGRESQL, MYSQL323, MYSQL40, "
                    + "NO_FIELD/KEY/TABLE_OPTIONS) and MariaDB-only flags, so the object cannot be created. MariaDB's default "
                    + "sql_mode contains NO_AUTO_CREATE_USER: every routine created with the default has it.",
            "Recreate the objects on the source after SET SESSION sql_mode = '<the same flags without the ones listed>' "
                    + "(SHOW CREATE … gives the body), or have them recreated that way on the target. Objects written for "
                    + "MariaDB's ORACLE mode must be rewritten in MySQL syntax.");
    static final CheckDefinition DEFINERS = new CheckDefinition("so-definers-and-accounts",
            "Definers of views, routines, triggers and events are valid accounts", Severity.WARNING,
            "Cutover recreates code objects at cutover with the definer the input's definers mapping gives, else the "
                    + "source's definer where that account exists on the target, else Cutover's target account (an unknown "
                    + "definer makes the object fail with error 1449 at first use). A definer that does not exist even on the "
                    + "source, or an empty one, means the object is already broken. Whether SQL SECURITY DEFINER code would "
                    + "run with more privileges on the target is so-definer-privileges.",
            "Fix or drop objects whose definer does not exist; decide which account should own SQL SECURITY DEFINER "
                    + "objects on the target and create the application accounts there (DMS does not migrate accounts).");

    private StoredCodeChecks() {}

    static List<Rule<SourceView>> rules() {
        return List.of(new Rule<>(SYNTAX, StoredCodeChecks::syntax),
                new Rule<>(OBSOLETE_SQL_MODE, StoredCodeChecks::obsoleteSqlMode),
                new Rule<>(DEFINERS, StoredCodeChecks::definers));
    }

    static CheckResult syntax(SourceView v) {
        Catalog c = v.source();
        List<String> unreadable = new ArrayList<>();
        List<StoredObject> all = c.storedObjects(Catalog.ALL_CODE, unreadable);
        List<String> objects = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        for (StoredObject o : all) {
            if (o.body() == null) {
                hidden.add(o.ref() + " (body not visible to this user)");
                continue;
            }
            List<String> problems = SqlScanner.problems(o.body());
            if (!problems.isEmpty()) objects.add(o.ref() + " (" + String.join("; ", problems) + ")");
        }
        for (Column col : c.baseTableColumns()) {
            if (col.isGenerated() && col.generationExpression() != null) {
                List<String> problems = SqlScanner.removedFunctions(SqlScanner.tokenize(col.generationExpression()));
                if (!problems.isEmpty()) objects.add("generated column " + col.ref() + " (" + String.join("; ", problems) + ")");
            }
        }
        String scanned = count(all.size() - hidden.size(), "object", "objects") + " scanned";
        String notes = (hidden.isEmpty() ? "" : "; " + count(hidden.size(), "body was", "bodies were") + " not visible")
                + (unreadable.isEmpty() ? "" : "; not read: " + String.join("; ", unreadable));
        if (!objects.isEmpty()) {
            List<String> listed = new ArrayList<>(objects);
            listed.addAll(hidden);
            return failed(SYNTAX, count(objects.size(), "object uses", "objects use") + " syntax MySQL 8.0 removed ("
                    + scanned + notes + ")", listed);
        }
        if (!hidden.isEmpty() || !unreadable.isEmpty()) {
            return Rule.couldNotCheck(SYNTAX, "no removed syntax in the " + scanned + notes
                    + " (grant SHOW_ROUTINE / SELECT on mysql.proc, SHOW VIEW and EVENT to Cutover's source user)", hidden);
        }
        return SYNTAX.passed("no removed function, GROUP BY ASC/DESC or '.table' syntax in " + scanned
                + " (a full 8.0 parse happens when the objects are recreated)");
    }

    /** Removed in 8.0 and without effect on routine bodies; the schema phase drops them (SqlModes). */
    static final java.util.Set<String> HARMLESS_REMOVED_FLAGS = java.util.Set.of("NO_AUTO_CREATE_USER", "NO_FIELD_OPTIONS",
            "NO_KEY_OPTIONS", "NO_TABLE_OPTIONS");

    static CheckResult obsoleteSqlMode(SourceView v) {
        Catalog c = v.source();
        List<String> unreadable = new ArrayList<>();
        List<StoredObject> all = c.storedObjects(java.util.EnumSet.of(Catalog.Kind.PROCEDURE, Catalog.Kind.FUNCTION, Catalog.Kind.PACKAGE, Catalog.Kind.TRIGGER, Catalog.Kind.EVENT), unreadable);
        List<String> objects = new ArrayList<>();
        Map<String, Integer> byFlag = new TreeMap<>();
        for (StoredObject o : all) {
            Map<String, String> rejected = SqlModeFlags.rejectedBy80(o.sqlMode());
            if (rejected.isEmpty()) continue;
            rejected.keySet().forEach(f -> byFlag.merge(f, 1, Integer::sum));
            objects.add(o.ref() + " (" + rejected.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining(", ")) + ")");
        }
        String notes = unreadable.isEmpty() ? "" : "; not read: " + String.join("; ", unreadable);
        if (!objects.isEmpty()) {
            String found = count(objects.size(), "object is", "objects are") + " stored with sql_mode flags "
                    + "MySQL 8.0 rejects (" + byFlag.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")) + ")" + notes;
            if (HARMLESS_REMOVED_FLAGS.containsAll(byFlag.keySet())) {
                // Only flags that never changed how a body runs (GRANT, SHOW CREATE TABLE output): the schema phase
                // drops them when it recreates the objects and says so in its report; a look, not a fix. The mode
                // names (ORACLE, MSSQL, …) stay blockers: MariaDB's ORACLE mode changes the routine syntax itself.
                CheckResult r = failed(OBSOLETE_SQL_MODE, found + "; Cutover's schema phase drops these flags when it recreates "
                        + "the objects on Aurora (they never changed how a body runs)", objects);
                return new CheckResult(r.id(), r.title(), Severity.WARNING, r.status(), r.found(), r.objects(), r.objectCount(),
                        r.why(), r.remediation());
            }
            return failed(OBSOLETE_SQL_MODE, found, objects);
        }
        if (!unreadable.isEmpty()) {
            return OBSOLETE_SQL_MODE.couldNotCheck("no obsolete flag in the " + count(all.size(), "object", "objects")
                    + " read" + notes);
        }
        return OBSOLETE_SQL_MODE.passed("the " + count(all.size(), "routine, trigger or event is", "routines, triggers and events are")
                + " stored with flags MySQL 8.0 accepts");
    }

    static CheckResult definers(SourceView v) {
        Catalog c = v.source();
        List<String> unreadable = new ArrayList<>();
        List<StoredObject> all = c.storedObjects(Catalog.ALL_CODE, unreadable);
        Map<String, List<StoredObject>> byDefiner = all.stream()
                .collect(Collectors.groupingBy(o -> o.definer() == null ? "" : o.definer(), TreeMap::new, Collectors.toList()));
        long definerSecurity = all.stream().filter(o -> "DEFINER".equalsIgnoreCase(o.securityType())).count();
        String summary = count(all.size(), "object", "objects") + " with " + count(byDefiner.size(), "definer", "definers")
                + " (" + definerSecurity + " with SQL SECURITY DEFINER); at the cutover each keeps its definer where the account "
                + "exists on the target (or as the input's definers map it), else Cutover's target account owns it"
                + (unreadable.isEmpty() ? "" : "; not read: " + String.join("; ", unreadable));
        List<String> objects = new ArrayList<>();
        for (StoredObject o : byDefiner.getOrDefault("", List.of())) {
            objects.add(o.ref() + " (empty definer)");
        }
        Set<Definer> accounts;
        try {
            accounts = c.accounts();
        } catch (TransientDatabaseException e) {
            throw e;
        } catch (CutoverException e) {
            List<String> definers = byDefiner.entrySet().stream().filter(e2 -> !e2.getKey().isEmpty())
                    .map(e2 -> Definer.parse(e2.getKey()).account() + " (" + count(e2.getValue().size(), "object", "objects") + ")")
                    .toList();
            if (!objects.isEmpty()) {
                objects.addAll(definers);
                return failed(DEFINERS, summary + "; some definers are empty", objects);
            }
            if (definers.isEmpty()) {
                return unreadable.isEmpty() ? DEFINERS.passed(summary) : DEFINERS.couldNotCheck(summary);
            }
            return Rule.manual(DEFINERS, summary + "; mysql.user is not readable (" + e.getMessage()
                    + "): confirm that these definer accounts exist", definers);
        }
        for (Map.Entry<String, List<StoredObject>> e : byDefiner.entrySet()) {
            if (e.getKey().isEmpty()) continue;
            Definer d = Definer.parse(e.getKey());
            if (!accounts.contains(d)) {
                for (StoredObject o : e.getValue()) {
                    objects.add(o.ref() + " (definer " + d.account() + " does not exist on the source)");
                }
            }
        }
        if (objects.isEmpty()) {
            return unreadable.isEmpty() ? DEFINERS.passed(summary + "; every definer exists")
                    : DEFINERS.couldNotCheck("every definer seen exists, but " + summary);
        }
        return failed(DEFINERS, count(objects.size(), "object has", "objects have") + " a missing or empty definer; " + summary, objects);
    }
}
