package io.cutover.local.dms;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.json.Json;
import io.cutover.core.sql.Identifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The selection part of a DMS table-mapping document, as DMS applies it: a table is migrated when an
 * {@code include} (or {@code explicit}) rule matches it and no {@code exclude} rule does. Names match with DMS's
 * wildcards: {@code %} any run of characters, {@code _} one character, {@code [_]} a literal underscore,
 * {@code [ab]} / {@code [a-d]} a set or range.
 *
 * <p>{@code remove-column} transformation rules are applied: the column is not written (a generated column is then
 * computed by the target). What the local engine cannot do as DMS would is refused, not ignored: other transformation
 * rules (renames, added columns) and source filters would make it copy other data than DMS. {@code table-settings}
 * rules (parallel load of one table, LOB settings per table) only tune how DMS loads, so they are listed as
 * ignored. System schemas are never selected.
 */
public final class TableMappings {
    private final List<Rule> rules;
    private final List<RemoveColumn> removeColumns;
    private final List<String> ignored;

    private TableMappings(List<Rule> rules, List<RemoveColumn> removeColumns, List<String> ignored) {
        this.rules = List.copyOf(rules);
        this.removeColumns = List.copyOf(removeColumns);
        this.ignored = List.copyOf(ignored);
    }

    /** A {@code remove-column} transformation rule: the matching columns are not replicated. */
    record RemoveColumn(String id, Pattern schema, Pattern table, Pattern column) {}

    enum Action { INCLUDE, EXCLUDE, EXPLICIT }

    record Rule(String id, Action action, Pattern schema, Pattern table, String tableType) {
        boolean matches(TableName name) {
            return schema.matcher(name.schema()).matches() && table.matcher(name.table()).matches();
        }
    }

    /** Parses a table-mapping document; a problem is a {@link ConfigurationException} naming the rule. */
    public static TableMappings parse(String json) {
        JsonNode root;
        try {
            root = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("table mappings: not a JSON document");
        }
        JsonNode array = root.path("rules");
        if (!array.isArray() || array.isEmpty()) {
            throw new ConfigurationException("table mappings: 'rules' must be a non-empty array");
        }
        List<Rule> rules = new ArrayList<>();
        List<RemoveColumn> removeColumns = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        int index = 0;
        for (JsonNode rule : array) {
            index++;
            String id = rule.path("rule-id").asText("#" + index);
            String type = rule.path("rule-type").asText("");
            switch (type) {
                case "selection" -> rules.add(selection(id, rule));
                case "table-settings" -> ignored.add("table-settings rule " + id + " (the local engine loads each table in one stream)");
                case "transformation" -> removeColumns.add(removeColumn(id, rule));
                default -> throw new ConfigurationException("table mappings: rule " + id + " has rule-type '" + type
                        + "' (expected selection, transformation or table-settings)");
            }
        }
        if (rules.stream().noneMatch(r -> r.action() != Action.EXCLUDE)) {
            throw new ConfigurationException("table mappings: no include or explicit selection rule, nothing would be migrated");
        }
        return new TableMappings(rules, removeColumns, ignored);
    }

    /**
     * The one transformation the engine mimics: {@code rule-target: column}, {@code rule-action: remove-column}
     * (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.CustomizingTasks.TableMapping.SelectionTransformation.Transformations.html).
     * Any other transformation would make it copy other data than DMS: refused.
     */
    private static RemoveColumn removeColumn(String id, JsonNode rule) {
        String action = rule.path("rule-action").asText("");
        String target = rule.path("rule-target").asText("");
        if (!action.equals("remove-column") || !target.equals("column")) {
            throw new ConfigurationException("table mappings: rule " + id + " is a transformation rule (" + action + " on " + target
                    + "), which the local engine does not mimic: only remove-column on a column is (it copies every other "
                    + "table and column under its own name)");
        }
        JsonNode locator = rule.path("object-locator");
        String schema = locator.path("schema-name").asText("");
        String table = locator.path("table-name").asText("");
        String column = locator.path("column-name").asText("");
        if (schema.isEmpty() || table.isEmpty() || column.isEmpty()) {
            throw new ConfigurationException("table mappings: transformation rule " + id
                    + " needs object-locator.schema-name, table-name and column-name");
        }
        return new RemoveColumn(id, wildcard(schema), wildcard(table), wildcard(column));
    }

    /** Whether a remove-column rule takes this column out of the replicated columns. */
    public boolean removesColumn(TableName name, String column) {
        return removeColumns.stream().anyMatch(r -> r.schema().matcher(name.schema()).matches()
                && r.table().matcher(name.table()).matches() && r.column().matcher(column).matches());
    }

    private static Rule selection(String id, JsonNode rule) {
        String actionText = rule.path("rule-action").asText("");
        Action action = switch (actionText) {
            case "include" -> Action.INCLUDE;
            case "exclude" -> Action.EXCLUDE;
            case "explicit" -> Action.EXPLICIT;
            default -> throw new ConfigurationException("table mappings: selection rule " + id + " has rule-action '" + actionText
                    + "' (expected include, exclude or explicit)");
        };
        JsonNode locator = rule.path("object-locator");
        String schema = locator.path("schema-name").asText("");
        String table = locator.path("table-name").asText("");
        if (schema.isEmpty() || table.isEmpty()) {
            throw new ConfigurationException("table mappings: selection rule " + id + " needs object-locator.schema-name and table-name");
        }
        JsonNode filters = rule.path("filters");
        if (filters.isArray() && !filters.isEmpty()) {
            throw new ConfigurationException("table mappings: selection rule " + id + " has source filters, which the local engine "
                    + "does not mimic (it would copy every row)");
        }
        String tableType = locator.path("table-type").asText(rule.path("table-type").asText("table")).toLowerCase(Locale.ROOT);
        if (!List.of("table", "view", "all").contains(tableType)) {
            throw new ConfigurationException("table mappings: selection rule " + id + " has table-type '" + tableType + "' (expected table, view or all)");
        }
        if (action == Action.EXPLICIT) {
            return new Rule(id, action, Pattern.compile(Pattern.quote(schema)), Pattern.compile(Pattern.quote(table)), tableType);
        }
        return new Rule(id, action, wildcard(schema), wildcard(table), tableType);
    }

    /** DMS's wildcards as a regular expression. */
    static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else if (c == '[' && pattern.indexOf(']', i + 1) > i + 1) {
                int end = pattern.indexOf(']', i + 1);
                String set = pattern.substring(i + 1, end);
                regex.append('[');
                for (char s : set.toCharArray()) {
                    // a range dash stays; any other character that is not a letter or digit is taken literally
                    regex.append(s == '-' || Character.isLetterOrDigit(s) ? String.valueOf(s) : "\\" + s);
                }
                regex.append(']');
                i = end;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** Whether DMS would migrate this base table. */
    public boolean selects(TableName name) {
        if (Identifier.isSystemSchema(name.schema())) {
            return false;
        }
        boolean included = false;
        for (Rule rule : rules) {
            if (!rule.matches(name) || "view".equals(rule.tableType())) {
                continue;
            }
            if (rule.action() == Action.EXCLUDE) {
                return false;
            }
            included = true;
        }
        return included;
    }

    /** The selected tables among {@code candidates}, in name order. */
    public List<TableName> select(Collection<TableName> candidates) {
        return candidates.stream().filter(this::selects).sorted().toList();
    }

    /** Whether a rule asks for views (DMS copies a view's rows during full load; the local engine does not). */
    public boolean selectsViews() {
        return rules.stream().anyMatch(r -> r.action() != Action.EXCLUDE && !"table".equals(r.tableType()));
    }

    /** The rules read but not applied, with the reason. */
    public List<String> ignored() {
        List<String> all = new ArrayList<>(ignored);
        if (selectsViews()) {
            all.add("views selected by table-type view/all (the local engine copies base tables only)");
        }
        return all;
    }
}
