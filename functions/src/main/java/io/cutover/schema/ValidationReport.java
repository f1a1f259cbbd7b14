package io.cutover.schema;

import java.util.List;
import java.util.Map;

/**
 * Runbook 6.1 phase 3 and 6.2 phase 4 in one report: for every object type, how many the source and the
 * target have, and each difference (missing, extra, defined differently) with the object it concerns.
 */
public record ValidationReport(
        String migrationId,
        String sourceServer,
        String targetServer,
        Map<String, Count> counts,
        List<Difference> differences) {

    public record Count(int source, int target) {}

    /** {@code type}: DATABASE, TABLE, FOREIGN_KEY, PROCEDURE, FUNCTION, VIEW, TRIGGER, EVENT. */
    public record Difference(String type, String object, String difference) {}

    public boolean ok() {
        return differences.isEmpty();
    }
}
