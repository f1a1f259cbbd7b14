package io.cutover.precheck.objects;

import static io.cutover.precheck.objects.Rule.count;
import static io.cutover.precheck.objects.Rule.failed;

import io.cutover.core.catalog.Catalog;
import io.cutover.core.catalog.Scope;
import io.cutover.core.db.Row;
import io.cutover.precheck.framework.CheckContext;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckGroup;
import io.cutover.precheck.framework.CheckGroup.RunsOn;
import io.cutover.precheck.framework.CheckGroup.Side;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.Severity;
import io.cutover.core.catalog.Catalog.Column;
import io.cutover.core.catalog.Catalog.Index;
import io.cutover.core.catalog.Catalog.TableRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Source against target: secondary indexes of tables already on the target; character sets and collations. */
@RunsOn(Side.BOTH)
public final class ComparisonChecks implements CheckGroup {
    static final CheckDefinition SECONDARY_INDEXES = new CheckDefinition("so-secondary-index-timing",
            "Secondary indexes are on the target when CDC starts", Severity.WARNING,
            "Secondary indexes slow the full load, but without them every CDC UPDATE or DELETE that DMS applies by a "
                    + "non-key column, and the application after cutover, scans the table. Cutover's schema phase creates "
                    + "the target tables with all their indexes; a target table prepared otherwise may lack some.",
            "Create the missing indexes on the target before CDC starts (before the cached changes are applied), e.g. "
                    + "from SHOW CREATE TABLE on the source.");
    static final CheckDefinition CHARSETS = new CheckDefinition("dt-utf8mb3-and-charsets",
            "Character sets and collations migrate intact", Severity.WARNING,
            "utf8 / utf8mb3 columns cannot hold 4-byte characters (emoji, some CJK) and are deprecated in 8.0. DMS "
                    + "replaces characters it cannot convert with '?' or fails with 'unsupported character set' for "
                    + "character sets it does not handle (the CharsetMapping extra connection attribute is the "
                    + "workaround). A collation the target does not know (MariaDB's *_nopad_* or uca1400 collations) "
                    + "makes the table impossible to create there.",
            "Convert utf8mb3 columns to utf8mb4 on the source (ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4 …, mind "
                    + "index lengths) or on the pre-created target; test 4-byte characters end to end; map other character "
                    + "sets with CharsetMapping; replace collations the target lacks with an equivalent one it has.");

    static final List<CheckDefinition> DEFINITIONS = List.of(SECONDARY_INDEXES, CHARSETS);

    /** Character sets DMS converts without special settings. */
    private static final Set<String> PLAIN_CHARSETS = Set.of("utf8mb4", "utf8mb3", "utf8", "latin1", "ascii", "binary");

    public ComparisonChecks() {}

    /** Both catalogs; {@code target} may be null when the handler gave only the source (reported per check). */
    record Sides(Catalog source, Catalog target) {}

    @Override
    public List<CheckResult> run(CheckContext context) {
        if (context.source() == null) {
            throw new IllegalStateException("this check group needs the source session");
        }
        Scope scope = new Scope(context.config().schemas());
        Sides sides = new Sides(Catalog.of(context.source(), scope),
                context.target() == null ? null : Catalog.of(context.target(), scope));
        return Rule.runAll(List.of(new Rule<>(SECONDARY_INDEXES, ComparisonChecks::secondaryIndexes),
                new Rule<>(CHARSETS, ComparisonChecks::charsets)), sides);
    }

    static CheckResult secondaryIndexes(Sides s) {
        if (s.target() == null) {
            return SECONDARY_INDEXES.couldNotCheck("the target session was not given to this check group");
        }
        Set<TableRef> onTarget = s.target().baseTables().stream().map(Catalog.Table::ref).collect(Collectors.toSet());
        if (onTarget.isEmpty()) {
            return SECONDARY_INDEXES.passed("the target has none of the migrated tables yet: the schema phase creates them "
                    + "with all their secondary indexes");
        }
        Map<TableRef, List<Index>> targetIndexes = s.target().indexesByTable();
        List<String> missing = new ArrayList<>();
        int present = 0;
        for (Index i : s.source().indexes()) {
            if (i.isPrimary() || !onTarget.contains(i.table())) continue;
            boolean there = targetIndexes.getOrDefault(i.table(), List.of()).stream().anyMatch(t -> t.name().equals(i.name()));
            if (there) {
                present++;
            } else {
                missing.add(i.table() + "." + i.name() + " (" + String.join(", ", i.columnNames().stream()
                        .map(c -> c == null ? "(expression)" : c).toList()) + ")");
            }
        }
        String presentText = count(present, "secondary index is", "secondary indexes are") + " already on the target "
                + "(they slow the full load; Cutover keeps them so CDC and the application have them)";
        if (missing.isEmpty()) {
            return SECONDARY_INDEXES.passed(count(onTarget.size(), "migrated table exists", "migrated tables exist")
                    + " on the target; " + presentText);
        }
        return failed(SECONDARY_INDEXES, count(missing.size(), "secondary index of the source is", "secondary indexes of the source are")
                + " missing from tables already on the target; " + presentText, missing);
    }

    static CheckResult charsets(Sides s) {
        Catalog source = s.source();
        List<String> objects = new ArrayList<>();
        Map<String, Integer> byCharset = new TreeMap<>();
        Set<String> usedCollations = new LinkedHashSet<>();
        Map<String, String> collationExample = new TreeMap<>();
        for (Map.Entry<String, Row> e : source.schemata().entrySet()) {
            String charset = Catalog.lower(e.getValue().string("default_character_set_name"));
            String collation = Catalog.lower(e.getValue().string("default_collation_name"));
            if (isUtf8mb3(charset)) objects.add("schema " + e.getKey() + " (default character set " + charset + ")");
            if (collation != null) {
                usedCollations.add(collation);
                collationExample.putIfAbsent(collation, "schema " + e.getKey());
            }
        }
        for (Column col : source.baseTableColumns()) {
            if (col.charset() == null) continue;
            if (col.collation() != null) {
                usedCollations.add(col.collation());
                collationExample.putIfAbsent(col.collation(), col.ref());
            }
            if (isUtf8mb3(col.charset())) {
                byCharset.merge(col.charset(), 1, Integer::sum);
                objects.add(col.ref() + " (" + col.charset() + ")");
            } else if (!PLAIN_CHARSETS.contains(col.charset())) {
                byCharset.merge(col.charset(), 1, Integer::sum);
                objects.add(col.ref() + " (" + col.charset() + ": check DMS support, CharsetMapping)");
            }
        }
        List<String> missingCollations = new ArrayList<>();
        String targetNote = "";
        if (s.target() == null) {
            targetNote = "; collations not compared: the target session was not given to this check group";
        } else {
            Set<String> known = s.target().collations();
            for (String c : usedCollations) {
                if (!known.contains(c)) {
                    missingCollations.add("collation " + c + " (used by " + collationExample.get(c) + "): unknown to the target");
                }
            }
        }
        String charsets = byCharset.isEmpty() ? "" : count(byCharset.values().stream().mapToInt(i -> i).sum(), "column uses",
                "columns use") + " " + byCharset.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        if (!missingCollations.isEmpty()) {
            List<String> all = new ArrayList<>(missingCollations);
            all.addAll(objects);
            return failed(CHARSETS, Severity.BLOCKER, count(missingCollations.size(), "collation used on the source is",
                    "collations used on the source are") + " unknown to the target: those tables cannot be created there"
                    + (charsets.isEmpty() ? "" : "; " + charsets), all);
        }
        if (!objects.isEmpty()) {
            return failed(CHARSETS, Severity.WARNING, (charsets.isEmpty() ? count(objects.size(), "schema has", "schemas have")
                    + " a utf8mb3 default" : charsets) + targetNote, objects);
        }
        return CHARSETS.passed("every column uses utf8mb4, latin1, ascii or binary" + (s.target() == null ? targetNote
                : "; all " + count(usedCollations.size(), "collation is", "collations are") + " known to the target"));
    }

    private static boolean isUtf8mb3(String charset) {
        return "utf8".equals(charset) || "utf8mb3".equals(charset);
    }
}
