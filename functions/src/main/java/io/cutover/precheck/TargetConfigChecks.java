package io.cutover.precheck;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.db.ServerFlavor;
import io.cutover.core.db.ServerInfo;
import io.cutover.precheck.framework.CheckContext;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckGroup;
import io.cutover.precheck.framework.CheckGroup.RunsOn;
import io.cutover.precheck.framework.CheckGroup.Side;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.Checks;
import io.cutover.precheck.framework.Fact;
import io.cutover.precheck.framework.ServerVariables;
import io.cutover.precheck.framework.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The target (Aurora MySQL 3) as DMS writes to it (catalog ids {@code tc-*}): LOAD DATA LOCAL allowed, a
 * writer, a table preparation mode that keeps the pre-created schema, a version not older than the source,
 * binlog and function creators, batch apply prerequisites, connections for the parallel full load. Some need
 * the source too (versions, keys), so the group runs in the target Lambda with both sessions.
 */
@RunsOn(Side.BOTH)
public final class TargetConfigChecks implements CheckGroup {
    static final CheckDefinition LOCAL_INFILE = new CheckDefinition("tc-local-infile",
            "local_infile is ON on the target", Severity.BLOCKER,
            "DMS full load into MySQL uses LOAD DATA LOCAL INFILE; with local_infile off every table fails to load.",
            "Set local_infile = 1 in the Aurora cluster parameter group (dynamic; no reboot needed).");
    static final CheckDefinition WRITER = new CheckDefinition("tc-writer-endpoint",
            "The target endpoint is a writer", Severity.BLOCKER,
            "DMS and Cutover write to the target; a reader or replica (read_only, super_read_only or innodb_read_only) "
                    + "refuses every write.",
            "Use the Aurora cluster (writer) endpoint in the target secret, not the reader endpoint or an instance endpoint "
                    + "of a reader.");
    static final CheckDefinition TABLE_PREP = new CheckDefinition("tc-table-prep-mode",
            "The task keeps the pre-created target schema", Severity.BLOCKER,
            "With TargetTablePrepMode DROP_AND_CREATE, DMS recreates each table without secondary indexes, foreign keys, "
                    + "AUTO_INCREMENT, partitions, prefix indexes or defaults, replacing the schema Cutover prepared.",
            "Leave FullLoadSettings.TargetTablePrepMode to Cutover (DO_NOTHING or TRUNCATE_BEFORE_LOAD) in dms.taskSettings. "
                    + "Empty target tables that hold rows from an earlier attempt before starting again.");
    static final CheckDefinition VERSIONS = new CheckDefinition("tc-aurora-minor-vs-source",
            "The target version is not older than the source", Severity.WARNING,
            "Aurora MySQL 3 is built on an older 8.0 minor than current MySQL 8.0 releases: features, reserved words or "
                    + "defaults of a newer source (invisible primary keys in 8.0.30, FULL/INTERSECT reserved in 8.0.31) may "
                    + "be missing or differ on the target.",
            "Choose the newest Aurora MySQL 3 version, check the schema checks (so-*) for features the target lacks, "
                    + "and rehearse the migration.");
    static final CheckDefinition UNSUPPORTED_FEATURES = new CheckDefinition("tc-aurora-unsupported-features",
            "Applications and scripts do not rely on features Aurora lacks", Severity.WARNING,
            "Aurora MySQL 3 forbids writes to the mysql schema and lacks resource groups, user-defined undo tablespaces, "
                    + "the X plugin, multi-source replication and plugin changes; scripts that rely on them fail after the "
                    + "cutover.",
            "Review operations scripts, monitoring and applications for these features before the migration.");
    static final CheckDefinition FUNCTION_CREATORS = new CheckDefinition("tc-binlog-function-creators",
            "Triggers and functions can be created on the target", Severity.WARNING,
            "With binary logging on, CREATE TRIGGER / CREATE FUNCTION fail with error 1419 for users without SUPER (every "
                    + "Aurora user) unless log_bin_trust_function_creators = 1; the deferred objects would not be recreated.",
            "Set log_bin_trust_function_creators = 1 in the Aurora cluster parameter group.");
    static final CheckDefinition BATCH_APPLY = new CheckDefinition("tc-batch-apply-prereqs",
            "Batch apply can work for every table", Severity.WARNING,
            "With BatchApplyEnabled, tables without a primary or unique key, tables with both, and full LOB mode make "
                    + "DMS fall back to one-by-one apply (slow) or fail the batch.",
            "Add a primary key to keyless tables, or turn BatchApplyEnabled off in dms.taskSettings; use limited LOB mode "
                    + "with batch apply.");
    static final CheckDefinition CONNECTIONS = new CheckDefinition("tc-connections-parallelism",
            "The target accepts DMS's parallel connections", Severity.INFO,
            "DMS opens MaxFullLoadSubTasks (default 8) × ParallelLoadThreads connections for the full load, plus its "
                    + "apply and control sessions, next to the application's.",
            "Raise max_connections on the target (Aurora derives it from the instance class) or lower MaxFullLoadSubTasks.");

    static final CheckDefinition WRITE_COUNTERS = new CheckDefinition("tc-write-counters",
            "The target counts its writes per table (performance_schema)", Severity.WARNING,
            "The post-freeze validation reads only what changed because the target's per-table write counters "
                    + "(performance_schema), aligned with the source binlog, show that nothing but DMS wrote there. With "
                    + "performance_schema off it counts every table and partition inside the write freeze, which takes time "
                    + "proportional to the data. Aurora MySQL leaves it off unless Performance Insights manages it or the "
                    + "parameter group sets it (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_PerfInsights.EnableMySQL.html).",
            "Set performance_schema = 1 in the Aurora DB parameter group (static: reboot the writer) or let Performance Insights "
                    + "manage it, before the migration; keep log_bin_trust_function_creators = 1 so that Cutover can create its "
                    + "write-baseline trigger (tc-binlog-function-creators).");

    private static final List<String> VARIABLES = List.of("local_infile", "read_only", "super_read_only", "innodb_read_only",
            "log_bin", "log_bin_trust_function_creators", "max_connections", "performance_schema");
    /** Connections beyond the full load's: DMS apply and control sessions, Cutover's own. */
    static final int OTHER_CONNECTIONS = 4;

    @Override
    public List<CheckResult> run(CheckContext context) {
        Database target = context.target();
        Database source = context.source();
        SchemaScope scope = SchemaScope.of(context.config());
        JsonNode taskSettings = context.config().dms().taskSettings();
        Fact<ServerVariables> vars = Fact.of(() -> ServerVariables.read(target, VARIABLES));
        return new Checks()
                .run(LOCAL_INFILE, () -> localInfile(vars.get()))
                .run(WRITER, () -> writer(vars.get()))
                .run(TABLE_PREP, () -> tablePrep(target, scope, taskSettings))
                .run(VERSIONS, () -> versions(source.server(), target.server()))
                .run(UNSUPPORTED_FEATURES, () -> UNSUPPORTED_FEATURES.needsManualConfirmation("the servers cannot tell "
                        + "whether applications or operations scripts use these features"))
                .run(FUNCTION_CREATORS, () -> functionCreators(vars.get()))
                .run(BATCH_APPLY, () -> batchApply(source, scope, taskSettings))
                .run(CONNECTIONS, () -> connections(target, vars.get(), taskSettings))
                .run(WRITE_COUNTERS, () -> writeCounters(vars.get(), context.config().cutover().validation()))
                .results();
    }

    private static CheckResult writeCounters(ServerVariables vars, io.cutover.core.config.MigrationConfig.Validation validation) {
        if (!validation.checksums() || validation.exactCounts()) {
            return WRITE_COUNTERS.passed("cutover.validation " + (validation.checksums() ? "exactCounts is true" : "checksums are off")
                    + ": the post-freeze validation counts every table whatever the counters show");
        }
        if (vars.isOn("performance_schema")) {
            return WRITE_COUNTERS.passed(vars.show("performance_schema"));
        }
        return WRITE_COUNTERS.failed((vars.has("performance_schema") ? vars.show("performance_schema") : "performance_schema not reported")
                + ": the post-freeze validation will count every table and partition inside the freeze");
    }

    private static CheckResult localInfile(ServerVariables vars) {
        if (!vars.has("local_infile")) {
            return LOCAL_INFILE.couldNotCheck("the target does not report local_infile");
        }
        return vars.isOn("local_infile") ? LOCAL_INFILE.passed(vars.show("local_infile")) : LOCAL_INFILE.failed(vars.show("local_infile"));
    }

    private static CheckResult writer(ServerVariables vars) {
        List<String> on = new ArrayList<>();
        for (String name : List.of("read_only", "super_read_only", "innodb_read_only")) {
            if (vars.isOn(name)) {
                on.add(vars.show(name));
            }
        }
        if (on.isEmpty()) {
            return WRITER.passed(vars.show("read_only") + (vars.has("super_read_only") ? ", " + vars.show("super_read_only") : "")
                    + ", " + vars.show("innodb_read_only"));
        }
        return WRITER.failed(String.join(", ", on) + ": the target endpoint does not accept writes", on);
    }

    private static CheckResult tablePrep(Database target, SchemaScope scope, JsonNode taskSettings) {
        String mode = taskSettings.path("FullLoadSettings").path("TargetTablePrepMode").asText("");
        if (mode.equalsIgnoreCase("DROP_AND_CREATE")) {
            return TABLE_PREP.failed("dms.taskSettings.FullLoadSettings.TargetTablePrepMode = DROP_AND_CREATE: DMS would "
                    + "replace the pre-created tables with bare ones");
        }
        List<String> withRows = new ArrayList<>();
        for (Row row : target.query("SELECT table_schema, table_name, table_rows FROM information_schema.tables "
                + "WHERE table_type = 'BASE TABLE' AND table_rows > 0 AND " + scope.in("table_schema")
                + " ORDER BY table_schema, table_name", scope.params())) {
            withRows.add(row.string("table_schema") + "." + row.string("table_name") + " (~" + row.string("table_rows") + " rows)");
        }
        String modeText = mode.isEmpty() ? "TargetTablePrepMode not overridden (the replication phase sets it)"
                : "TargetTablePrepMode = " + mode;
        if (withRows.isEmpty()) {
            return TABLE_PREP.passed(modeText + "; no target table of the migrated schemas holds rows");
        }
        return TABLE_PREP.failedAs(Severity.WARNING, modeText + "; " + withRows.size() + " target table(s) already hold rows "
                + "(estimated): a full load would duplicate or, with TRUNCATE_BEFORE_LOAD, erase them", withRows);
    }

    static CheckResult versions(ServerInfo source, ServerInfo target) {
        String found = "source " + source.describe() + ", target " + target.describe();
        if (target.flavor() != ServerFlavor.MARIADB && target.major() < 8) {
            return VERSIONS.failed(found + ": the target is not MySQL 8.0 compatible (Aurora MySQL 3)");
        }
        boolean comparable = (source.flavor() == ServerFlavor.MARIADB) == (target.flavor() == ServerFlavor.MARIADB);
        if (!comparable) {
            return VERSIONS.passed(found + ": different products, so versions do not compare; the schema checks (so-*, "
                    + "dt-*) cover what the target does not support");
        }
        if (newer(source, target)) {
            return VERSIONS.failed(found + ": the source is newer than the target; features, reserved words or defaults "
                    + "of the newer version may be missing on the target");
        }
        return VERSIONS.passed(found);
    }

    private static boolean newer(ServerInfo a, ServerInfo b) {
        if (a.major() != b.major()) return a.major() > b.major();
        if (a.minor() != b.minor()) return a.minor() > b.minor();
        return a.patch() > b.patch();
    }

    private static CheckResult functionCreators(ServerVariables vars) {
        if (!vars.isOn("log_bin")) {
            return FUNCTION_CREATORS.passed(vars.show("log_bin") + ": creating triggers and functions needs no extra setting");
        }
        if (vars.isOn("log_bin_trust_function_creators")) {
            return FUNCTION_CREATORS.passed(vars.show("log_bin") + ", " + vars.show("log_bin_trust_function_creators"));
        }
        return FUNCTION_CREATORS.failed(vars.show("log_bin") + " and " + vars.show("log_bin_trust_function_creators")
                + ": CREATE TRIGGER / FUNCTION fail with error 1419 without SUPER");
    }

    private static CheckResult batchApply(Database source, SchemaScope scope, JsonNode taskSettings) {
        JsonNode target = taskSettings.path("TargetMetadata");
        if (!taskSettings.path("TargetMetadata").path("BatchApplyEnabled").asBoolean(false)) {
            return BATCH_APPLY.passed("BatchApplyEnabled is off (dms.taskSettings.TargetMetadata)");
        }
        List<String> problems = new ArrayList<>();
        if (target.path("FullLobMode").asBoolean(false)) {
            problems.add("FullLobMode is on: batch apply needs limited LOB mode");
        }
        // Two catalog queries joined here: MariaDB joins information_schema tables without indexes, which takes
        // tens of seconds at 10,000 tables, while each query alone takes milliseconds.
        Map<String, int[]> keys = new LinkedHashMap<>();
        for (Row row : source.query("SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND "
                + scope.in("table_schema") + " ORDER BY table_schema, table_name", scope.params())) {
            keys.put(row.string("table_schema") + "." + row.string("table_name"), new int[2]);
        }
        for (Row row : source.query("SELECT table_schema, table_name, constraint_type FROM information_schema.table_constraints "
                + "WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE') AND " + scope.in("table_schema"), scope.params())) {
            int[] counts = keys.get(row.string("table_schema") + "." + row.string("table_name"));
            if (counts != null) {
                counts["PRIMARY KEY".equals(row.string("constraint_type")) ? 0 : 1]++;
            }
        }
        keys.forEach((table, counts) -> {
            if (counts[0] == 0 && counts[1] == 0) {
                problems.add(table + " has no primary or unique key");
            } else if (counts[0] > 0 && counts[1] > 0) {
                problems.add(table + " has both a primary and a unique key");
            }
        });
        if (problems.isEmpty()) {
            return BATCH_APPLY.passed("BatchApplyEnabled, and every table has exactly one kind of key");
        }
        return BATCH_APPLY.failed("BatchApplyEnabled with " + problems.size() + " problem(s): "
                + String.join("; ", problems.subList(0, Math.min(3, problems.size()))) + (problems.size() > 3 ? "; …" : ""), problems);
    }

    private static CheckResult connections(Database target, ServerVariables vars, JsonNode taskSettings) {
        long max = vars.longValue("max_connections", -1);
        if (max < 0) {
            return CONNECTIONS.couldNotCheck("the target does not report max_connections");
        }
        int subTasks = taskSettings.path("FullLoadSettings").path("MaxFullLoadSubTasks").asInt(8);
        int threads = Math.max(1, taskSettings.path("TargetMetadata").path("ParallelLoadThreads").asInt(0));
        long connected = ServerStatements.globalStatus(target, "Threads_connected").map(Long::parseLong).orElse(0L);
        long needed = (long) subTasks * threads + OTHER_CONNECTIONS;
        String found = String.format(Locale.ROOT, "max_connections = %d; %d connected now; the full load needs about %d "
                + "(MaxFullLoadSubTasks %d × ParallelLoadThreads %d + %d)", max, connected, needed, subTasks, threads, OTHER_CONNECTIONS);
        if (connected + needed > max) {
            return CONNECTIONS.failedAs(Severity.WARNING, found + ": the target would run out of connections", List.of());
        }
        return CONNECTIONS.passed(found);
    }
}
