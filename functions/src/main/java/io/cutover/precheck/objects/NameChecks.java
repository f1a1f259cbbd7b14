package io.cutover.precheck.objects;

import static io.cutover.precheck.objects.Rule.count;
import static io.cutover.precheck.objects.Rule.failed;

import io.cutover.core.Heartbeat;
import io.cutover.core.catalog.Catalog;
import io.cutover.core.catalog.ForeignKey;
import io.cutover.core.error.CutoverException;
import io.cutover.core.error.TransientDatabaseException;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.Severity;
import io.cutover.core.catalog.Catalog.Column;
import io.cutover.core.catalog.Catalog.StoredObject;
import io.cutover.core.catalog.Catalog.Table;
import io.cutover.core.catalog.Catalog.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Names: reserved words, odd characters, lengths, metadata hygiene, and the schemas the task selects. */
final class NameChecks {
    static final CheckDefinition RESERVED = new CheckDefinition("so-reserved-keywords",
            "No names that MySQL 8.0 reserves", Severity.WARNING,
            "Words such as RANK, ROWS, GROUPS, SYSTEM, LEAD, WINDOW became reserved in MySQL 8.0 (LATERAL in 8.0.14, "
                    + "ARRAY and MEMBER in 8.0.17, FULL and INTERSECT in 8.0.31). A schema, table, column, routine, trigger "
                    + "or event with such a name works on the source, but every unquoted use in views, routines and "
                    + "application SQL fails on Aurora MySQL 3 (which words apply depends on its minor version).",
            "Rename the objects on the source, or quote the names with backticks everywhere they are used (views, "
                    + "routines, triggers, events, application queries and ORMs) and test the application against the target.");
    static final CheckDefinition ODD_IDENTIFIERS = new CheckDefinition("so-odd-identifiers",
            "Names contain no quotes or backticks and do not start with $", Severity.BLOCKER,
            "DMS does not support backticks or single quotes in schema, table or column names: such tables fail to "
                    + "migrate. Names that start with '$' are deprecated from MySQL 8.0.32.",
            "Rename the objects on the source (RENAME TABLE, ALTER TABLE … RENAME COLUMN) and update the application.");
    static final CheckDefinition IDENTIFIER_LENGTHS = new CheckDefinition("so-identifier-lengths",
            "Names fit MySQL 8.0's 64-character limit", Severity.BLOCKER,
            "MySQL 8.0's data dictionary enforces 64 characters for every name. MySQL 5.7 could create longer foreign "
                    + "key names (generated from long table names) and view column names (generated from expressions): "
                    + "the replayed DDL fails. (DMS-generated primary key names are not an issue: Cutover pre-creates the "
                    + "tables.)",
            "Rename the foreign keys (drop and re-add them with a shorter CONSTRAINT name) and give the view columns "
                    + "explicit short aliases, on the source.");
    static final CheckDefinition METADATA_HYGIENE = new CheckDefinition("so-metadata-hygiene",
            "Schema metadata is consistent", Severity.WARNING,
            "Views that reference dropped tables or columns, triggers on tables that no longer exist, '#mysql50#' names "
                    + "left by very old upgrades and 'FTS' in table names break the export and replay of the schema. "
                    + "(The dictionary and CHECK TABLE FOR UPGRADE checks of an in-place upgrade do not apply to a logical "
                    + "migration: the target is created anew.)",
            "Drop or fix the broken views and orphaned triggers, rename '#mysql50#' and 'FTS' tables, on the source.");
    static final CheckDefinition SELECTION_RULES = new CheckDefinition("so-selection-rules",
            "The selected schemas exist and select what is meant", Severity.WARNING,
            "Cutover builds the DMS table mappings from the migration's schemas. A schema that does not exist or holds "
                    + "no table makes a rule that selects nothing; '%' in a name is a wildcard in DMS selection rules and "
                    + "may select other schemas (system schemas make the task fail); a schema named like Cutover's own "
                    + "heartbeat schema clashes with it.",
            "Correct the 'schemas' of the migration input: remove or rename the schemas listed.");

    private NameChecks() {}

    static List<Rule<SourceView>> rules() {
        return List.of(
                new Rule<>(RESERVED, NameChecks::reserved),
                new Rule<>(ODD_IDENTIFIERS, NameChecks::oddIdentifiers),
                new Rule<>(IDENTIFIER_LENGTHS, NameChecks::identifierLengths),
                new Rule<>(METADATA_HYGIENE, NameChecks::metadataHygiene),
                new Rule<>(SELECTION_RULES, NameChecks::selectionRules));
    }

    /** A named object: what it is and its qualified name. */
    private record Named(String what, String qualified, String name) {}

    /** Every schema, table, view, column of the scope; and routines, triggers and events when they can be read. */
    private static List<Named> names(Catalog c, List<String> unreadable) {
        List<Named> names = new ArrayList<>();
        for (String s : c.scope().schemas()) names.add(new Named("schema", s, s));
        for (Table t : c.tables()) names.add(new Named(t.isView() ? "view" : "table", t.ref().toString(), t.ref().table()));
        for (Column col : c.columns()) names.add(new Named("column", col.ref(), col.name()));
        for (Catalog.Index i : c.indexes()) {
            if (!i.isPrimary()) names.add(new Named("index", i.table() + "." + i.name(), i.name()));
        }
        List<String> hidden = new ArrayList<>();
        for (StoredObject o : c.storedObjects(java.util.EnumSet.of(Catalog.Kind.PROCEDURE, Catalog.Kind.FUNCTION,
                Catalog.Kind.PACKAGE, Catalog.Kind.TRIGGER, Catalog.Kind.EVENT), hidden)) {
            names.add(new Named(o.kind().name().toLowerCase(java.util.Locale.ROOT), o.schema() + "." + o.name(), o.name()));
        }
        hidden.forEach(h -> unreadable.add("routine, trigger and event names may be incomplete: " + h));
        return names;
    }

    static CheckResult reserved(SourceView v) {
        Catalog c = v.source();
        List<String> unreadable = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        for (Named n : names(c, unreadable)) {
            if (n.what().equals("index")) continue; // index names are always quoted in DDL and never used in SQL
            ReservedWords.newlyReserved(n.name(), c.server()).ifPresent(since ->
                    objects.add(n.what() + " " + n.qualified() + " (reserved since MySQL " + since + ")"));
        }
        String note = unreadable.isEmpty() ? "" : "; " + String.join("; ", unreadable);
        if (objects.isEmpty()) {
            return unreadable.isEmpty() ? RESERVED.passed("no name is a word MySQL 8.0 reserves")
                    : RESERVED.couldNotCheck("no reserved word among table and column names" + note);
        }
        return failed(RESERVED, count(objects.size(), "name is", "names are") + " reserved in MySQL 8.0" + note, objects);
    }

    static CheckResult oddIdentifiers(SourceView v) {
        List<String> unreadable = new ArrayList<>();
        List<String> quotes = new ArrayList<>();
        List<String> dollars = new ArrayList<>();
        for (Named n : names(v.source(), unreadable)) {
            if (n.name() == null) continue;
            if (n.name().indexOf('`') >= 0 || n.name().indexOf('\'') >= 0) {
                quotes.add(n.what() + " " + n.qualified() + " (contains " + (n.name().indexOf('`') >= 0 ? "a backtick" : "a single quote") + ")");
            } else if (n.name().startsWith("$")) {
                dollars.add(n.what() + " " + n.qualified() + " (starts with $)");
            }
        }
        String note = unreadable.isEmpty() ? "" : "; " + String.join("; ", unreadable);
        List<String> objects = new ArrayList<>(quotes);
        objects.addAll(dollars);
        if (!quotes.isEmpty()) {
            return failed(ODD_IDENTIFIERS, Severity.BLOCKER, count(quotes.size(), "name contains", "names contain")
                    + " a backtick or a single quote, which DMS does not support"
                    + (dollars.isEmpty() ? "" : "; " + count(dollars.size(), "name starts", "names start") + " with $") + note, objects);
        }
        if (!dollars.isEmpty()) {
            return failed(ODD_IDENTIFIERS, Severity.WARNING, count(dollars.size(), "name starts", "names start")
                    + " with $, deprecated from MySQL 8.0.32" + note, objects);
        }
        return unreadable.isEmpty() ? ODD_IDENTIFIERS.passed("no name with a quote, a backtick or a leading $")
                : ODD_IDENTIFIERS.couldNotCheck("no odd table or column name" + note);
    }

    static CheckResult identifierLengths(SourceView v) {
        Catalog c = v.source();
        List<String> objects = new ArrayList<>();
        Set<String> longNames = new java.util.HashSet<>();
        for (ForeignKey fk : c.foreignKeys()) {
            if (length(fk.name()) > 64) {
                longNames.add(fk.schema() + "/" + fk.name());
                objects.add("foreign key " + fk.tableRef() + "." + fk.name() + " (" + length(fk.name()) + " characters)");
            }
        }
        String dictionary = "";
        if (c.server().isMariaDb() || c.server().major() <= 5) {
            try {
                for (String id : c.longForeignKeyIds()) {
                    if (!longNames.contains(id)) {
                        objects.add("foreign key " + id.replace('/', '.') + " (InnoDB dictionary name over 64 characters)");
                    }
                }
            } catch (TransientDatabaseException e) {
                throw e;
            } catch (CutoverException e) {
                dictionary = "; InnoDB's foreign key dictionary could not be read (" + e.getMessage() + ")";
            }
        }
        Map<TableRef, Table> tables = c.tablesByRef();
        for (Column col : c.columns()) {
            Table t = tables.get(col.table());
            if (t != null && t.isView() && length(col.name()) > 64) {
                objects.add("view column " + col.ref() + " (" + length(col.name()) + " characters)");
            }
        }
        if (objects.isEmpty()) {
            return IDENTIFIER_LENGTHS.passed("no foreign key or view column name over 64 characters" + dictionary);
        }
        return failed(IDENTIFIER_LENGTHS, count(objects.size(), "name is", "names are") + " over 64 characters" + dictionary, objects);
    }

    static CheckResult metadataHygiene(SourceView v) {
        Catalog c = v.source();
        List<String> objects = new ArrayList<>();
        for (String s : c.scope().schemas()) {
            if (s.startsWith("#mysql50#")) objects.add("schema " + s + " (#mysql50# name from an old upgrade)");
        }
        Map<TableRef, List<Column>> columns = c.columnsByTable();
        Set<String> tableNames = c.tables().stream().map(t -> t.ref().toString()).collect(Collectors.toSet());
        for (Table t : c.tables()) {
            if (t.ref().table().startsWith("#mysql50#")) objects.add("table " + t.ref() + " (#mysql50# name from an old upgrade)");
            if (t.isBaseTable() && t.ref().table().contains("FTS")) objects.add("table " + t.ref() + " ('FTS' in the name)");
            if (t.isView() && !columns.containsKey(t.ref())) objects.add("view " + t.ref() + " (invalid: references a missing table, column or function)");
        }
        List<String> hidden = new ArrayList<>();
        for (StoredObject trigger : c.storedObjects(java.util.EnumSet.of(Catalog.Kind.TRIGGER), hidden)) {
            if (!tableNames.contains(trigger.schema() + "." + trigger.table())) {
                objects.add("trigger " + trigger.schema() + "." + trigger.name() + " (on missing table " + trigger.table() + ")");
            }
        }
        Optional<String> triggersUnreadable = hidden.isEmpty() ? Optional.empty() : Optional.of("triggers: " + String.join("; ", hidden));
        String note = triggersUnreadable.map(s -> "; " + s).orElse("");
        if (objects.isEmpty()) {
            return triggersUnreadable.isEmpty() ? METADATA_HYGIENE.passed("no broken view, orphaned trigger, #mysql50# or FTS name")
                    : METADATA_HYGIENE.couldNotCheck("no broken view, #mysql50# or FTS name" + note);
        }
        return failed(METADATA_HYGIENE, count(objects.size(), "object needs", "objects need") + " fixing before the schema export" + note, objects);
    }

    static CheckResult selectionRules(SourceView v) {
        Catalog c = v.source();
        Map<String, ?> existing = c.schemata();
        Set<String> withTables = c.baseTables().stream().map(t -> t.ref().schema()).collect(Collectors.toSet());
        List<String> objects = new ArrayList<>();
        for (String s : c.scope().schemas()) {
            if (!existing.containsKey(s)) {
                objects.add(s + " (does not exist on the source: its rule selects nothing)");
            } else if (!withTables.contains(s)) {
                objects.add(s + " (holds no table: its rule selects nothing)");
            }
            if (s.contains("%")) {
                objects.add(s + " ('%' is a wildcard in DMS selection rules)");
            }
            if (s.equalsIgnoreCase(Heartbeat.SCHEMA)) {
                objects.add(s + " (the name of Cutover's heartbeat schema)");
            }
        }
        if (objects.isEmpty()) {
            return SELECTION_RULES.passed(count(c.scope().schemas().size(), "schema", "schemas") + " selected, each with tables");
        }
        return failed(SELECTION_RULES, count(objects.size(), "problem", "problems") + " with the selected schemas", objects);
    }

    private static int length(String s) {
        return s == null ? 0 : s.codePointCount(0, s.length());
    }
}
