package io.cutover.precheck.objects;

import static io.cutover.precheck.objects.Rule.count;
import static io.cutover.precheck.objects.Rule.failed;

import io.cutover.core.db.Row;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.Severity;
import io.cutover.core.catalog.Catalog.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the go/no-go validation at cutover and the full load depend on, known before the migration starts. */
final class PlanningChecks {
    static final CheckDefinition VALIDATION = new CheckDefinition("dc-row-count-and-validation",
            "Every table can be validated after the load", Severity.BLOCKER,
            "The go/no-go at cutover compares source and target: row counts per table and partition (never the cached "
                    + "TABLE_ROWS) and row-level checks. DMS validation and Cutover's chunked checksums need a primary or "
                    + "unique key: a table without one is compared by row count only. DMS validation of limited-mode LOBs "
                    + "needs ValidationPartialLobSize = LobMaxSize.",
            "Add keys to the tables listed (so-no-pk-or-uk), or accept a row-count-only comparison for them; with DMS "
                    + "validation in limited LOB mode set ValidationSettings.ValidationPartialLobSize to LobMaxSize.");
    static final CheckDefinition SOURCE_AVAILABILITY = new CheckDefinition("dc-source-availability",
            "The source stays up during the full load", Severity.INFO,
            "If the source restarts or stops during the full load, the DMS task still ends 'successfully' but the target "
                    + "may miss rows. Whether the source will restart cannot be known in advance.",
            "Plan no restart, failover or maintenance window of the source during the full load. If it happens, reload "
                    + "the tables that were loading (the DMS task's table statistics show them) before continuing.");

    private PlanningChecks() {}

    static List<Rule<SourceView>> rules() {
        return List.of(new Rule<>(VALIDATION, PlanningChecks::validation),
                new Rule<>(SOURCE_AVAILABILITY, PlanningChecks::sourceAvailability));
    }

    static CheckResult validation(SourceView v) {
        List<Table> keyless = v.source().tablesWithoutRowKey();
        DmsTaskSettings s = v.settings();
        List<String> problems = new ArrayList<>();
        if (s.validation() && s.lobMode() == DmsTaskSettings.LobMode.LIMITED && s.validationPartialLobSizeKb() != s.lobMaxSizeKb()) {
            problems.add("DMS validation with " + s.describe("ValidationSettings", "ValidationPartialLobSize", "KB") + " but "
                    + s.describe("TargetMetadata", "LobMaxSize", "KB") + ": LOB values are compared only in part");
        }
        if (keyless.isEmpty() && problems.isEmpty()) {
            return VALIDATION.passed("every one of the " + count(v.source().baseTables().size(), "table", "tables")
                    + " has a key: row counts and row-level checks are possible at cutover");
        }
        List<String> objects = new ArrayList<>(keyless.stream().map(t -> t.ref() + " (no key: row count only)").toList());
        String found = (keyless.isEmpty() ? "" : count(keyless.size(), "table has", "tables have")
                + " no primary or unique key: compared by row count only at cutover")
                + (problems.isEmpty() ? "" : (keyless.isEmpty() ? "" : "; ") + String.join("; ", problems));
        // The go/no-go itself happens at cutover; here it is a warning about how strong that check will be.
        return failed(VALIDATION, Severity.WARNING, found, objects);
    }

    static CheckResult sourceAvailability(SourceView v) {
        String uptime = "unknown";
        for (Row r : v.source().db().query("SHOW GLOBAL STATUS LIKE 'Uptime'")) {
            uptime = humanDuration(r.longValue("Value", -1));
        }
        return SOURCE_AVAILABILITY.needsManualConfirmation("the source has been up for " + uptime
                + "; whether it restarts during the full load cannot be known in advance: confirm that no restart, failover "
                + "or maintenance is planned until the load ends");
    }

    static String humanDuration(long seconds) {
        if (seconds < 0) return "an unknown time";
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3600;
        long minutes = seconds % 3600 / 60;
        if (days > 0) return String.format(Locale.ROOT, "%d d %d h", days, hours);
        if (hours > 0) return String.format(Locale.ROOT, "%d h %d min", hours, minutes);
        return String.format(Locale.ROOT, "%d min %d s", minutes, seconds % 60);
    }
}
