package io.cutover.approval;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The evidence of an approval (whatever the state machine passed: readiness summary, lag, drain proof,
 * validation, row counts) turned into sections of labelled values and tables, the same for the email and the
 * page. It is generic on purpose: the producing states may add fields, and every one is shown. Values are plain
 * text here; the page escapes them.
 */
public record EvidenceView(List<Section> sections) {
    public record Section(String title, List<Row> rows, List<Table> tables) {}

    public record Row(String label, String value) {}

    /** {@code omitted}: rows not shown (beyond the limit). */
    public record Table(String title, List<String> columns, List<List<String>> rows, int omitted) {}

    private static final Map<String, String> TITLES = Map.of(
            "readiness", "Readiness checks",
            "lag", "CDC lag",
            "drain", "Drain proof",
            "validation", "Validation",
            "rowCounts", "Row counts");
    private static final int MAX_TEXT = 500;
    private static final int MAX_LIST = 50;
    private static final int MAX_COLUMNS = 12;
    private static final int MAX_DEPTH = 4;

    /** @param maxTableRows rows shown per table (the email shows a few, the page many) */
    public static EvidenceView of(JsonNode evidence, int maxTableRows) {
        List<Section> sections = new ArrayList<>();
        if (evidence == null || evidence.isNull() || evidence.isMissingNode()) {
            return new EvidenceView(sections);
        }
        if (!evidence.isObject()) {
            sections.add(section("Evidence", evidence, maxTableRows));
            return new EvidenceView(sections);
        }
        for (Map.Entry<String, JsonNode> e : evidence.properties()) {
            sections.add(section(TITLES.getOrDefault(e.getKey(), humanize(e.getKey())), e.getValue(), maxTableRows));
        }
        return new EvidenceView(sections);
    }

    public boolean isEmpty() {
        return sections.isEmpty();
    }

    private static Section section(String title, JsonNode node, int maxTableRows) {
        List<Row> rows = new ArrayList<>();
        List<Table> tables = new ArrayList<>();
        if (isTable(node)) {
            tables.add(table(title, node, maxTableRows));
        } else if (node.isObject()) {
            flatten("", node, rows, tables, maxTableRows, 0);
        } else {
            rows.add(new Row("", text(node)));
        }
        return new Section(title, rows, tables);
    }

    private static void flatten(String prefix, JsonNode object, List<Row> rows, List<Table> tables, int maxTableRows, int depth) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String label = prefix + humanize(field.getKey());
            JsonNode value = field.getValue();
            if (isTable(value)) {
                tables.add(table(label, value, maxTableRows));
            } else if (value.isObject() && depth < MAX_DEPTH) {
                flatten(label + " / ", value, rows, tables, maxTableRows, depth + 1);
            } else {
                rows.add(new Row(label, text(value)));
            }
        }
    }

    private static boolean isTable(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            return false;
        }
        for (JsonNode element : node) {
            if (!element.isObject()) {
                return false;
            }
        }
        return true;
    }

    private static Table table(String title, JsonNode array, int maxTableRows) {
        Set<String> keys = new LinkedHashSet<>();
        for (JsonNode element : array) {
            element.fieldNames().forEachRemaining(keys::add);
        }
        List<String> columns = keys.stream().limit(MAX_COLUMNS).toList();
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode element : array) {
            if (rows.size() == maxTableRows) {
                break;
            }
            rows.add(columns.stream().map(c -> element.has(c) ? text(element.get(c)) : "").toList());
        }
        return new Table(title, columns.stream().map(EvidenceView::humanize).toList(), rows, array.size() - rows.size());
    }

    /** A value as text: strings as they are, numbers and booleans readable, small lists joined, the rest JSON. */
    static String text(JsonNode value) {
        String text;
        if (value == null || value.isNull() || value.isMissingNode()) {
            text = "—";
        } else if (value.isTextual()) {
            text = value.asText();
        } else if (value.isBoolean()) {
            text = value.asBoolean() ? "yes" : "no";
        } else if (value.isNumber()) {
            text = value.asText();
        } else if (value.isArray() && allScalars(value)) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (items.size() == MAX_LIST) {
                    items.add("… (" + (value.size() - MAX_LIST) + " more)");
                    break;
                }
                items.add(text(item));
            }
            text = value.isEmpty() ? "none" : String.join(", ", items);
        } else {
            text = Json.write(value);
        }
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }

    private static boolean allScalars(JsonNode array) {
        for (JsonNode item : array) {
            if (item.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    /** {@code maxLagSeconds} → "Max lag seconds"; {@code source_rows} → "Source rows". */
    static String humanize(String key) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '_' || c == '-') {
                out.append(' ');
            } else if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(key.charAt(i - 1))) {
                out.append(' ').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        String s = out.toString().strip();
        return s.isEmpty() ? key : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
