package io.cutover.schema;

import java.util.ArrayList;
import java.util.List;

/** Helpers for results that go into the Step Functions state (256 KB): lists are cut, the artifact has them all. */
final class Results {
    static final int MAX_LISTED = 10;

    private Results() {}

    static List<String> firstOf(List<String> all) {
        if (all.size() <= MAX_LISTED) {
            return List.copyOf(all);
        }
        List<String> cut = new ArrayList<>(all.subList(0, MAX_LISTED));
        cut.add("… and " + (all.size() - MAX_LISTED) + " more in the report");
        return cut;
    }
}
