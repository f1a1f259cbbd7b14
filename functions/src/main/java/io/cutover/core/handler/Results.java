package io.cutover.core.handler;

import java.util.ArrayList;
import java.util.List;

/** Helpers for results that go into the Step Functions state (256 KB): lists are cut, the artifact has them all. */
public final class Results {
    public static final int MAX_LISTED = 10;

    private Results() {}

    public static List<String> firstOf(List<String> all) {
        if (all.size() <= MAX_LISTED) {
            return List.copyOf(all);
        }
        List<String> cut = new ArrayList<>(all.subList(0, MAX_LISTED));
        cut.add("… and " + (all.size() - MAX_LISTED) + " more in the report");
        return cut;
    }
}
