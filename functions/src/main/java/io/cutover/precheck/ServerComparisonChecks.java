package io.cutover.precheck;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
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
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Settings that must agree between source and target (catalog ids {@code sc-*} that need both sessions):
 * lower_case_table_names, time zones when TIMESTAMP columns exist, max_allowed_packet, network timeouts,
 * sql_mode, character set / collation / TIMESTAMP defaults. Runs in the target Lambda, which also opens the source.
 */
@RunsOn(Side.BOTH)
public final class ServerComparisonChecks implements CheckGroup {
    static final CheckDefinition LOWER_CASE = new CheckDefinition("sc-lower-case-table-names",
            "lower_case_table_names agrees and names are safe", Severity.BLOCKER,
            "With different lower_case_table_names, mixed-case table names change or collide on the target; DMS has no "
                    + "CDC for mixed-case names on a case-insensitive source file system. On MySQL 8 / Aurora 3 the value is "
                    + "fixed when the cluster is created.",
            "Create the Aurora cluster with a parameter group whose lower_case_table_names equals the source's (it cannot "
                    + "be changed afterwards), or rename the mixed-case tables on the source first.");
    static final CheckDefinition TIME_ZONE = new CheckDefinition("sc-time-zone-timestamp",
            "TIMESTAMP values keep their meaning", Severity.BLOCKER,
            "DMS converts TIMESTAMP values to UTC using the source endpoint's ServerTimezone (DATETIME is copied as is). "
                    + "If the source runs in another zone and ServerTimezone is not set, every TIMESTAMP is shifted on the "
                    + "target, in full load and CDC alike.",
            "Set source.serverTimezone in the input to the source's zone (e.g. Europe/Paris), or run the source in UTC. "
                    + "Cutover gives it as ServerTimezone to the DMS source endpoint it creates; an existing endpoint "
                    + "(dms.sourceEndpointArn, e.g. the stack's, whose zone is the template parameter SourceServerTimezone) "
                    + "must have the same ServerTimezone, or \"3.1 Create or check DMS endpoints\" refuses it. Give the "
                    + "Aurora cluster the same time_zone as the source if applications rely on the server's zone.");
    static final CheckDefinition MAX_PACKET = new CheckDefinition("sc-max-allowed-packet",
            "max_allowed_packet is large enough on the target", Severity.WARNING,
            "A row or LOB larger than the target's max_allowed_packet fails with \"server has gone away\" during the "
                    + "full load or CDC.",
            "Set max_allowed_packet on the target (Aurora parameter group) at least as large as on the source and as "
                    + "the task's LobMaxSize; 1 GB is the maximum.");
    static final CheckDefinition NET_TIMEOUTS = new CheckDefinition("sc-net-timeouts",
            "Network timeouts are at least 300 s on both sides", Severity.WARNING,
            "DMS keeps long-running connections; net_read_timeout, net_write_timeout or wait_timeout below 300 s "
                    + "disconnect it mid-task on busy or large tables.",
            "Set net_read_timeout, net_write_timeout and wait_timeout to 300 or more (my.cnf / parameter group) on the "
                    + "side named.");
    static final CheckDefinition SQL_MODE = new CheckDefinition("sc-sql-mode-compare",
            "sql_mode agrees between source and target", Severity.WARNING,
            "Data and DDL that a lax source accepts (zero dates, truncated values) are rejected or changed by a strict "
                    + "target; flags the target lacks change how the same statements behave after the cutover.",
            "Align the target's sql_mode (Aurora parameter group) with the source's, or fix the data the stricter side "
                    + "would reject (see dc-zero-invalid-dates).");
    static final CheckDefinition CHANGED_DEFAULTS = new CheckDefinition("sc-80-changed-defaults",
            "Character set, collation and TIMESTAMP defaults agree", Severity.WARNING,
            "MySQL 8.0 changed defaults (utf8mb4 / utf8mb4_0900_ai_ci, explicit_defaults_for_timestamp ON): tables and "
                    + "columns created without explicit attributes get other ones on the target, and comparisons or "
                    + "sorting change.",
            "Set character_set_server, collation_server and explicit_defaults_for_timestamp on the target as on the "
                    + "source, and create the schemas with an explicit CHARACTER SET and COLLATE.");

    /**
     * One server named twice (two secrets, two host names or addresses for it) would be migrated onto itself: the schema
     * phase would write to the source and every validation compare a table with itself. Found by the server's own
     * identity, without AWS: MySQL's server_uuid, generated once per data directory
     * (https://dev.mysql.com/doc/refman/8.0/en/replication-options.html#sysvar_server_uuid); MariaDB has none, so there
     * the host name, port, data directory and server_id the server reports must all agree
     * (https://mariadb.com/kb/en/server-system-variables/). Two servers on one host differ in port or data directory.
     */
    static final CheckDefinition DISTINCT = new CheckDefinition("cutover-distinct-servers",
            "The source and the target are two servers", Severity.BLOCKER,
            "Migrating a server onto itself writes Cutover's DDL into the source, and every comparison then compares a table "
                    + "with itself and finds it identical.",
            "Point target.secretId (and dms.targetSecretId) at the Aurora cluster's writer, not at the source.");
    private static final List<String> IDENTITY = List.of("server_uuid", "hostname", "port", "datadir", "server_id");

    static final int MIN_TIMEOUT_SECONDS = 300;
    static final long DEFAULT_LOB_MAX_SIZE_KB = 32;
    private static final Set<String> UTC_NAMES = Set.of("UTC", "+00:00", "-00:00", "GMT", "ETC/UTC", "ETC/GMT", "Z", "UCT",
            "UNIVERSAL", "ZULU", "GMT0", "ETC/UCT", "ETC/UNIVERSAL", "ETC/ZULU", "ETC/GMT0", "COORDINATED UNIVERSAL TIME");
    private static final List<String> VARIABLES = List.of("lower_case_table_names", "version_compile_os", "time_zone",
            "system_time_zone", "max_allowed_packet", "net_read_timeout", "net_write_timeout", "wait_timeout", "sql_mode",
            "character_set_server", "collation_server", "explicit_defaults_for_timestamp", "server_uuid", "hostname", "port", "datadir",
            "server_id");

    @Override
    public List<CheckResult> run(CheckContext context) {
        Database source = context.source();
        Database target = context.target();
        SchemaScope scope = SchemaScope.of(context.config());
        Fact<ServerVariables> src = Fact.of(() -> ServerVariables.read(source, VARIABLES));
        Fact<ServerVariables> tgt = Fact.of(() -> ServerVariables.read(target, VARIABLES));
        return new Checks()
                .run(DISTINCT, () -> distinct(src.get(), tgt.get()))
                .run(LOWER_CASE, () -> lowerCase(source, src.get(), tgt.get(), scope))
                .run(TIME_ZONE, () -> timeZone(source, src.get(), tgt.get(), scope, context.config().source().serverTimezone()))
                .run(MAX_PACKET, () -> maxPacket(src.get(), tgt.get(), context.config().dms().taskSettings()))
                .run(NET_TIMEOUTS, () -> netTimeouts(src.get(), tgt.get()))
                .run(SQL_MODE, () -> sqlMode(src.get(), tgt.get()))
                .run(CHANGED_DEFAULTS, () -> changedDefaults(source, target, src.get(), tgt.get(), scope))
                .results();
    }

    static CheckResult distinct(ServerVariables src, ServerVariables tgt) {
        String su = src.value("server_uuid");
        String tu = tgt.value("server_uuid");
        String identity = IDENTITY.stream().filter(v -> src.value(v) != null)
                .map(v -> v + " " + src.value(v)).reduce((a, b) -> a + ", " + b).orElse("none");
        boolean same = su != null && tu != null ? su.equals(tu)
                : IDENTITY.stream().skip(1).allMatch(v -> src.value(v) != null && src.value(v).equals(tgt.value(v)));
        if (same) {
            return DISTINCT.failed("the source and the target are the same server (" + identity + ")");
        }
        return DISTINCT.passed("two servers: source " + identity + "; target " + IDENTITY.stream().filter(v -> tgt.value(v) != null)
                .map(v -> v + " " + tgt.value(v)).reduce((a, b) -> a + ", " + b).orElse("none"));
    }

    private static CheckResult lowerCase(Database source, ServerVariables src, ServerVariables tgt, SchemaScope scope) {
        String s = src.value("lower_case_table_names");
        String t = tgt.value("lower_case_table_names");
        String os = src.value("version_compile_os");
        boolean caseInsensitiveFs = os != null && os.toLowerCase(Locale.ROOT).matches(".*(win|osx|macos|darwin).*");
        boolean differ = s == null || !s.equals(t);
        boolean mixedCaseMatters = caseInsensitiveFs || "2".equals(s);
        String settings = "source lower_case_table_names = " + s + " (" + os + "), target = " + t;
        if (!differ && !mixedCaseMatters) {
            return LOWER_CASE.passed(settings);
        }
        List<String> mixed = new ArrayList<>();
        for (Row row : source.query("SELECT table_schema, table_name FROM information_schema.tables WHERE " + scope.in("table_schema")
                + " AND (BINARY table_name <> LOWER(table_name) OR BINARY table_schema <> LOWER(table_schema))"
                + " ORDER BY table_schema, table_name", scope.params())) {
            mixed.add(row.string("table_schema") + "." + row.string("table_name"));
        }
        if (mixed.isEmpty() && !differ) {
            return LOWER_CASE.passed(settings + "; no mixed-case table names in the migrated schemas");
        }
        if (mixed.isEmpty()) {
            // All names are lower case, so no name changes; the difference still bites new tables and queries.
            return LOWER_CASE.failedAs(Severity.WARNING, settings + ": no mixed-case names today, but names created "
                    + "later (and queries that spell them differently) behave differently after the cutover", List.of());
        }
        String why = differ ? ": these names change or collide on the target"
                : ": DMS has no CDC for mixed-case names on a case-insensitive file system";
        return LOWER_CASE.failed(settings + "; " + mixed.size() + " mixed-case table name(s)" + why, mixed);
    }

    private static CheckResult timeZone(Database source, ServerVariables src, ServerVariables tgt, SchemaScope scope,
                                        String serverTimezone) {
        String sourceZone = effectiveZone(src);
        String targetZone = effectiveZone(tgt);
        boolean sourceUtc = isUtc(sourceZone);
        String zones = "source time zone " + sourceZone + ", target " + targetZone
                + (serverTimezone == null ? ", source.serverTimezone not set" : ", source.serverTimezone = " + serverTimezone);
        List<String> columns = new ArrayList<>();
        for (Row row : source.query("SELECT table_schema, table_name, column_name FROM information_schema.columns "
                + "WHERE data_type = 'timestamp' AND " + scope.in("table_schema")
                + " ORDER BY table_schema, table_name, ordinal_position", scope.params())) {
            columns.add(row.string("table_schema") + "." + row.string("table_name") + "." + row.string("column_name"));
        }
        if (columns.isEmpty()) {
            return TIME_ZONE.passed(zones + "; no TIMESTAMP columns in the migrated schemas");
        }
        String count = columns.size() + " TIMESTAMP column(s)";
        if (sourceUtc && isUtc(targetZone) && (serverTimezone == null || isUtc(serverTimezone))) {
            return TIME_ZONE.passed(zones + "; " + count + ", all in UTC on both sides", columns); // the columns it is about, named
        }
        boolean told = serverTimezone != null && sameZone(source, sourceZone, serverTimezone);
        if (!told && !(sourceUtc && serverTimezone == null)) {
            String problem = serverTimezone == null
                    ? ": DMS would read them as UTC and shift every value on the target"
                    : ": source.serverTimezone does not match the source's zone, so DMS would shift every value";
            return TIME_ZONE.failed(zones + "; " + count + problem, columns);
        }
        if (!sourceZone.equalsIgnoreCase(targetZone)) {
            return TIME_ZONE.failedAs(Severity.WARNING, zones + "; " + count + ": values are migrated correctly, but "
                    + "sessions that use the server's zone will read them in another zone after the cutover", columns);
        }
        return TIME_ZONE.passed(zones + "; " + count + ", converted with the right zone", columns);
    }

    /** time_zone, or the operating system's zone when it is SYSTEM. */
    static String effectiveZone(ServerVariables vars) {
        String zone = vars.value("time_zone");
        if (zone == null || zone.equalsIgnoreCase("SYSTEM")) {
            String system = vars.value("system_time_zone");
            return system == null || system.isBlank() ? "SYSTEM" : system;
        }
        return zone;
    }

    static boolean isUtc(String zone) {
        return zone != null && UTC_NAMES.contains(zone.trim().toUpperCase(Locale.ROOT));
    }

    /**
     * Whether the zone DMS is told (serverTimezone) is the source's zone: the same name, or the same UTC offset now
     * (the server's abbreviations such as CET do not always parse, so the offset is asked from the server).
     */
    private static boolean sameZone(Database source, String sourceZone, String serverTimezone) {
        if (sourceZone.equalsIgnoreCase(serverTimezone) || (isUtc(sourceZone) && isUtc(serverTimezone))) {
            return true;
        }
        ZoneId told;
        try {
            told = ZoneId.of(serverTimezone);
        } catch (DateTimeException e) {
            return false;
        }
        List<Row> rows = source.query("SELECT TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), NOW()) AS offset_seconds");
        long sourceOffset = rows.get(0).longValue("offset_seconds", Long.MIN_VALUE);
        long toldOffset = told.getRules().getOffset(Instant.now()).getTotalSeconds();
        return Math.abs(sourceOffset - toldOffset) < 60;
    }

    private static CheckResult maxPacket(ServerVariables src, ServerVariables tgt, JsonNode taskSettings) {
        long s = src.longValue("max_allowed_packet", -1);
        long t = tgt.longValue("max_allowed_packet", -1);
        if (s < 0 || t < 0) {
            return MAX_PACKET.couldNotCheck("max_allowed_packet is not reported (" + src.show("max_allowed_packet") + " on the source, "
                    + tgt.show("max_allowed_packet") + " on the target)");
        }
        JsonNode lob = taskSettings.path("TargetMetadata").path("LobMaxSize");
        long lobKb = lob.canConvertToLong() && lob.asLong() > 0 ? lob.asLong() : DEFAULT_LOB_MAX_SIZE_KB;
        String found = "max_allowed_packet: source " + BinlogChecks.bytesText(s) + ", target " + BinlogChecks.bytesText(t)
                + "; task LobMaxSize " + lobKb + " KB";
        List<String> problems = new ArrayList<>();
        if (t < s) {
            problems.add("the target's max_allowed_packet is smaller than the source's: rows the source accepts may not fit");
        }
        if (t < lobKb * 1024) {
            problems.add("the target's max_allowed_packet is smaller than the task's LobMaxSize");
        }
        if (problems.isEmpty()) {
            return MAX_PACKET.passed(found + " (the largest actual values are measured by dt-lob-mode-sizing)");
        }
        return MAX_PACKET.failed(found + ": " + String.join("; ", problems), problems);
    }

    private static CheckResult netTimeouts(ServerVariables src, ServerVariables tgt) {
        List<String> low = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (var side : List.of(Map.entry("source", src), Map.entry("target", tgt))) {
            for (String name : List.of("net_read_timeout", "net_write_timeout", "wait_timeout")) {
                long value = side.getValue().longValue(name, -1);
                String shown = side.getKey() + " " + name + " = " + (value < 0 ? "?" : value);
                all.add(shown);
                if (value >= 0 && value < MIN_TIMEOUT_SECONDS) {
                    low.add(shown);
                }
            }
        }
        if (low.isEmpty()) {
            return NET_TIMEOUTS.passed(String.join(", ", all));
        }
        return NET_TIMEOUTS.failed(low.size() + " timeout(s) below " + MIN_TIMEOUT_SECONDS + " s: " + String.join(", ", low), low);
    }

    private static CheckResult sqlMode(ServerVariables src, ServerVariables tgt) {
        Set<String> s = flags(src.value("sql_mode"));
        Set<String> t = flags(tgt.value("sql_mode"));
        List<String> differences = new ArrayList<>();
        Set<String> onlyTarget = new LinkedHashSet<>(t);
        onlyTarget.removeAll(s);
        Set<String> onlySource = new LinkedHashSet<>(s);
        onlySource.removeAll(t);
        if (!onlyTarget.isEmpty()) {
            differences.add("only on the target: " + String.join(",", onlyTarget));
        }
        if (!onlySource.isEmpty()) {
            differences.add("only on the source: " + String.join(",", onlySource));
        }
        String found = "source sql_mode '" + src.value("sql_mode") + "', target '" + tgt.value("sql_mode") + "'";
        if (differences.isEmpty()) {
            return SQL_MODE.passed(found);
        }
        return SQL_MODE.failed(found + "; " + String.join("; ", differences), differences);
    }

    private static Set<String> flags(String sqlMode) {
        Set<String> flags = new LinkedHashSet<>();
        if (sqlMode != null) {
            Arrays.stream(sqlMode.split(",")).map(f -> f.trim().toUpperCase(Locale.ROOT)).filter(f -> !f.isEmpty()).forEach(flags::add);
        }
        return flags;
    }

    private static CheckResult changedDefaults(Database source, Database target, ServerVariables src, ServerVariables tgt,
                                               SchemaScope scope) {
        List<String> differences = new ArrayList<>();
        for (String name : List.of("character_set_server", "collation_server", "explicit_defaults_for_timestamp")) {
            String s = src.value(name);
            String t = tgt.value(name);
            if (s == null ? t != null : !s.equalsIgnoreCase(t)) {
                differences.add(name + ": source " + s + ", target " + t);
            }
        }
        Map<String, String> sourceSchemas = schemaDefaults(source, scope);
        Map<String, String> targetSchemas = schemaDefaults(target, scope);
        String targetServerDefault = tgt.value("character_set_server") + "/" + tgt.value("collation_server");
        for (var entry : sourceSchemas.entrySet()) {
            String onTarget = targetSchemas.get(entry.getKey());
            String compared = onTarget != null ? onTarget : targetServerDefault;
            if (!entry.getValue().equalsIgnoreCase(compared)) {
                differences.add("schema " + entry.getKey() + ": source " + entry.getValue() + ", target "
                        + (onTarget != null ? onTarget : compared + " (server default; the schema does not exist there yet)"));
            }
        }
        String found = "server defaults: source " + src.value("character_set_server") + "/" + src.value("collation_server")
                + ", target " + targetServerDefault;
        if (differences.isEmpty()) {
            return CHANGED_DEFAULTS.passed(found + "; explicit_defaults_for_timestamp " + src.value("explicit_defaults_for_timestamp")
                    + "; the migrated schemas have the same defaults on both sides");
        }
        return CHANGED_DEFAULTS.failed(differences.size() + " difference(s): " + String.join("; ", differences), differences);
    }

    private static Map<String, String> schemaDefaults(Database db, SchemaScope scope) {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Row row : db.query("SELECT schema_name, default_character_set_name, default_collation_name FROM "
                + "information_schema.schemata WHERE " + scope.in("schema_name") + " ORDER BY schema_name", scope.params())) {
            defaults.put(row.string("schema_name"), row.string("default_character_set_name") + "/" + row.string("default_collation_name"));
        }
        return defaults;
    }
}
