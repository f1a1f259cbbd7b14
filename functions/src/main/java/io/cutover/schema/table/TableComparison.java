package io.cutover.schema.table;

import io.cutover.schema.table.CreateTable.Element;
import io.cutover.schema.table.CreateTable.ElementKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares the table Cutover would create (the source's definition) with the table the target has, element
 * by element, and says each difference in words a DBA can act on. Foreign keys are left out on both sides:
 * they are compared by the foreign-key steps, which add and drop them on purpose.
 */
public final class TableComparison {
    private TableComparison() {}

    public static List<String> differences(CreateTable expected, CreateTable actual) {
        List<String> differences = new ArrayList<>();
        Map<String, Element> want = keyed(expected);
        Map<String, Element> have = keyed(actual);
        for (Map.Entry<String, Element> e : want.entrySet()) {
            Element mine = have.get(e.getKey());
            if (mine == null) {
                differences.add(e.getValue().label() + " is missing on the target (source: " + e.getValue().text() + ")");
            } else if (!DdlNormalizer.normalize(mine.text()).equals(DdlNormalizer.normalize(e.getValue().text()))) {
                differences.add(e.getValue().label() + " differs: source " + e.getValue().text() + ", target " + mine.text());
            }
        }
        for (Map.Entry<String, Element> e : have.entrySet()) {
            if (!want.containsKey(e.getKey())) {
                differences.add(e.getValue().label() + " exists only on the target (" + e.getValue().text() + ")");
            }
        }
        List<String> wantColumns = expected.columnNames();
        List<String> haveColumns = actual.columnNames();
        if (differences.isEmpty() && !wantColumns.equals(haveColumns)) {
            differences.add("column order differs: source " + wantColumns + ", target " + haveColumns);
        }
        Map<String, String> wantOptions = TableOptions.parse(expected.options());
        Map<String, String> haveOptions = TableOptions.parse(actual.options());
        java.util.Set<String> names = new java.util.LinkedHashSet<>(wantOptions.keySet());
        names.addAll(haveOptions.keySet());
        for (String name : names) {
            String wantValue = wantOptions.get(name);
            String haveValue = haveOptions.get(name);
            if (!Objects.equals(wantValue, haveValue)) {
                differences.add("table option " + name + " differs: source " + (wantValue == null ? "(none)" : wantValue)
                        + ", target " + (haveValue == null ? "(none)" : haveValue));
            }
        }
        if (!Objects.equals(DdlNormalizer.normalize(expected.partitioning()), DdlNormalizer.normalize(actual.partitioning()))) {
            differences.add("partitioning differs: source " + describe(expected.partitioning()) + ", target " + describe(actual.partitioning()));
        }
        return differences;
    }

    private static Map<String, Element> keyed(CreateTable table) {
        Map<String, Element> map = new LinkedHashMap<>();
        for (Element e : table.elements()) {
            if (e.kind() == ElementKind.FOREIGN_KEY) {
                continue;
            }
            String key = e.kind() + ":" + (e.name() == null ? DdlNormalizer.normalize(e.text()) : e.name().toLowerCase(java.util.Locale.ROOT));
            map.put(key, e);
        }
        return map;
    }

    private static String describe(String partitioning) {
        return partitioning.isEmpty() ? "none" : partitioning.replaceAll("\\s+", " ");
    }
}
