package io.cutover.cutover.validation;

import io.cutover.cutover.validation.ValidationModel.ChangedKeys;
import io.cutover.cutover.validation.ValidationModel.RowDifference;
import io.cutover.cutover.validation.ValidationModel.Scope;
import io.cutover.cutover.validation.ValidationModel.TableResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rows an earlier pass found different by key (scopes {@code KEYS} and {@code CHANGED}: the catch-up pass compares
 * changed rows while CDC still applies them, so a row may differ only because it is in flight) are verified again by
 * the next pass, whether or not they changed since. A chunk that differed is carried as a chunk (the {@code TablePlan}'s
 * recheck chunks); a table with more differing rows than its result lists is verified in full.
 */
final class DifferingRows {
    private DifferingRows() {}

    static ChangedKeys carry(ChangedKeys changes, Map<String, TableResult> earlier) {
        Map<String, List<List<String>>> keys = new LinkedHashMap<>(changes.keys());
        Set<String> full = new TreeSet<>(changes.full());
        List<String> warnings = new ArrayList<>(changes.warnings());
        for (Map.Entry<String, TableResult> e : earlier.entrySet()) {
            TableResult r = e.getValue();
            if (r.rowDifferences() == 0 || r.scope() != Scope.KEYS && r.scope() != Scope.CHANGED || full.contains(e.getKey())) {
                continue;
            }
            if (r.rows().size() < r.rowDifferences()) {
                full.add(e.getKey());
                keys.remove(e.getKey());
                warnings.add(e.getKey() + ": " + r.rowDifferences() + " rows differed in the previous pass, more than it listed: verified in full");
                continue;
            }
            Set<List<String>> merged = new LinkedHashSet<>(keys.getOrDefault(e.getKey(), List.of()));
            r.rows().stream().map(RowDifference::key).forEach(merged::add);
            keys.put(e.getKey(), List.copyOf(merged));
        }
        return changes.with(keys, full, List.copyOf(warnings));
    }
}
