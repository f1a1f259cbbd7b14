package io.cutover.cutover.validation;

import io.cutover.core.catalog.ForeignKey;
import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.sql.Sql;
import io.cutover.cutover.validation.ValidationModel.ChangedKeys;
import io.cutover.cutover.validation.ValidationModel.TablePlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Adds to the changed keys the child rows that foreign-key actions (ON DELETE / ON UPDATE CASCADE, SET NULL, SET
 * DEFAULT) may have changed: InnoDB runs them inside the storage engine and they are not written to the binary log
 * (MySQL: https://dev.mysql.com/doc/refman/8.0/en/innodb-and-mysql-replication.html, "Replication and CASCADE";
 * MariaDB: https://mariadb.com/kb/en/replication-and-foreign-keys/), so the binlog names only the parent rows. For
 * every changed parent key, the child rows that reference it on <em>either</em> side are looked up by the foreign key's
 * columns (on the source a deleted parent's children are gone, or their reference is NULL; on a target where the action
 * did not run they still reference it), and their keys join the changed keys; the closure repeats for grandchildren.
 * A foreign key that does not reference the parent's validation key, or a child without a key, makes the child FULL.
 */
final class CascadeClosure {
    static final int MAX_DEPTH = 10;
    private static final int KEYS_PER_LOOKUP = 500;

    private CascadeClosure() {}

    static ChangedKeys close(Database source, Database target, List<ForeignKey> foreignKeys, List<TablePlan> tables, ChangedKeys changes) {
        Map<String, TablePlan> byId = new HashMap<>();
        tables.forEach(t -> byId.put(t.id().toLowerCase(Locale.ROOT), t));
        Map<String, LinkedHashSet<List<String>>> keys = new LinkedHashMap<>();
        changes.keys().forEach((table, list) -> keys.put(table, new LinkedHashSet<>(list)));
        Set<String> full = new TreeSet<>(changes.full());
        List<ForeignKey> acting = foreignKeys.stream()
                .filter(fk -> ForeignKey.CHANGING_RULES.contains(upper(fk.onDelete())) || ForeignKey.CHANGING_RULES.contains(upper(fk.onUpdate())))
                .toList();
        Map<String, List<List<String>>> frontier = new LinkedHashMap<>(changes.keys());
        long reached = 0;
        for (int depth = 0; depth < MAX_DEPTH && !frontier.isEmpty(); depth++) {
            Map<String, List<List<String>>> next = new LinkedHashMap<>();
            for (ForeignKey fk : acting) {
                TablePlan parent = byId.get((fk.referencedSchema() + "." + fk.referencedTable()).toLowerCase(Locale.ROOT));
                TablePlan child = byId.get((fk.schema() + "." + fk.table()).toLowerCase(Locale.ROOT));
                if (parent == null || child == null || full.contains(child.id())) {
                    continue;
                }
                if (full.contains(parent.id())) {
                    full.add(child.id()); // the parent is verified in full: so is what its actions may have changed
                    continue;
                }
                List<List<String>> parentKeys = frontier.get(parent.id());
                if (parentKeys == null || parentKeys.isEmpty()) {
                    continue;
                }
                if (!child.hasKey() || !fk.referencesExactly(parent.keyColumns())) {
                    full.add(child.id());
                    continue;
                }
                LinkedHashSet<List<String>> childKeys = keys.computeIfAbsent(child.id(), k -> new LinkedHashSet<>());
                for (Database db : List.of(source, target)) {
                    for (List<String> found : children(db, fk, child, parentKeys)) {
                        if (childKeys.add(found)) {
                            next.computeIfAbsent(child.id(), k -> new ArrayList<>()).add(found);
                            reached++;
                        }
                    }
                }
                if (childKeys.size() > ChangedKeysReader.MAX_KEYS_PER_TABLE) {
                    full.add(child.id());
                }
            }
            frontier = next;
        }
        if (!frontier.isEmpty()) {
            frontier.keySet().forEach(full::add); // deeper than MAX_DEPTH: verify the last reached tables in full
        }
        Map<String, List<List<String>>> result = new LinkedHashMap<>();
        keys.forEach((table, set) -> {
            if (!full.contains(table) && !set.isEmpty()) {
                result.put(table, List.copyOf(set));
            }
        });
        List<String> warnings = new ArrayList<>(changes.warnings());
        if (reached > 0) {
            warnings.add(reached + " child rows reached through foreign-key actions (not in the binlog) are verified too");
        }
        return changes.with(result, full, List.copyOf(warnings));
    }

    /** Keys of the child rows whose foreign-key columns hold one of {@code parentKeys}, on one side. */
    private static List<List<String>> children(Database db, ForeignKey fk, TablePlan child, List<List<String>> parentKeys) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < parentKeys.size(); i += KEYS_PER_LOOKUP) {
            List<List<String>> group = parentKeys.subList(i, Math.min(parentKeys.size(), i + KEYS_PER_LOOKUP));
            List<Object> params = new ArrayList<>();
            List<String> ors = new ArrayList<>();
            for (List<String> key : group) {
                List<String> ands = new ArrayList<>();
                for (int c = 0; c < fk.columns().size(); c++) {
                    ands.add(Sql.quote(fk.columns().get(c)) + " = " + KeyCodec.sql(key.get(c), params));
                }
                ors.add("(" + String.join(" AND ", ands) + ")");
            }
            List<Row> rows = db.query("SELECT " + Sql.quoteAll(child.keyColumns()) + " FROM " + Sql.qualified(child.schema(), child.table())
                    + " WHERE " + String.join(" OR ", ors), params.toArray());
            for (Row r : rows) {
                List<Object> key = new ArrayList<>();
                child.keyColumns().forEach(k -> key.add(r.get(k)));
                out.add(KeyCodec.encodeAll(key));
            }
        }
        return out;
    }

    private static String upper(String rule) {
        return rule == null ? "" : rule.toUpperCase(Locale.ROOT);
    }
}
