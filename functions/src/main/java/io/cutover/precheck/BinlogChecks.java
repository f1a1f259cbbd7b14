package io.cutover.precheck;

import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.db.ServerFlavor;
import io.cutover.core.db.ServerInfo;
import io.cutover.core.error.CutoverException;
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
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The binary log as DMS reads it, on the source (catalog ids {@code bl-*}; runbook 1.1): binary logging on,
 * ROW format, FULL row image, a server id, retention longer than the migration window, no compression, no
 * filters that hide migrated schemas, no huge transactions, GTID and checksum settings, DDL during CDC, Aurora
 * specifics. Works on MySQL 5.7/8.x, RDS / Aurora MySQL and MariaDB: every variable is read in one
 * SHOW GLOBAL VARIABLES, and an absent one means "not supported here".
 */
@RunsOn(Side.SOURCE)
public final class BinlogChecks implements CheckGroup {
    static final CheckDefinition BINLOG_ENABLED = new CheckDefinition("bl-binlog-enabled",
            "Binary logging is on", Severity.BLOCKER,
            "DMS reads changes (CDC) from the binary log; without it only a full load is possible.",
            "Enable the binary log (log_bin in my.cnf, then restart). On RDS/Aurora: turn on automated backups "
                    + "(RDS) or set binlog_format in the cluster parameter group (Aurora) and reboot.");
    static final CheckDefinition BINLOG_FORMAT_ROW = new CheckDefinition("bl-binlog-format-row",
            "binlog_format is ROW", Severity.BLOCKER,
            "STATEMENT or MIXED binlogs do not carry row images; DMS then produces an inconsistent target.",
            "SET GLOBAL binlog_format = 'ROW' and persist it (my.cnf or parameter group). The change applies to new "
                    + "sessions only: restart the application's writer connections (or the server) before the migration.");
    static final CheckDefinition ROW_IMAGE_FULL = new CheckDefinition("bl-binlog-row-image-full",
            "binlog_row_image is FULL", Severity.BLOCKER,
            "DMS needs the full before and after image of each row to build its UPDATE and DELETE statements.",
            "SET GLOBAL binlog_row_image = 'FULL' and persist it (my.cnf or parameter group); restart writer sessions.");
    static final CheckDefinition SERVER_ID = new CheckDefinition("bl-server-id",
            "server_id is set", Severity.BLOCKER,
            "A server with server_id 0 refuses binlog streaming to replicas, DMS included.",
            "Set server_id to a unique non-zero value (my.cnf) and restart.");
    static final CheckDefinition RETENTION = new CheckDefinition("bl-binlog-retention",
            "Binlogs are kept longer than the migration window", Severity.BLOCKER,
            "If a binlog is purged before DMS has read it, CDC stops with error 1236 and the migration must restart "
                    + "from a new full load. Retention must cover full load + CDC up to the cutover.",
            "MySQL 8: SET PERSIST binlog_expire_logs_seconds = <seconds>. MariaDB: SET GLOBAL binlog_expire_logs_seconds "
                    + "= <seconds> and set it in my.cnf. RDS/Aurora: CALL mysql.rds_set_configuration('binlog retention hours', "
                    + "<hours>). Check the disk has room for that many binlogs.");
    static final CheckDefinition COMPRESSION_OFF = new CheckDefinition("bl-binlog-compression-off",
            "Binary log compression is off", Severity.BLOCKER,
            "DMS cannot read compressed binary log events (MySQL binlog_transaction_compression, MariaDB "
                    + "log_bin_compress): CDC fails or misses the compressed transactions.",
            "MySQL 8.0.20+: SET PERSIST binlog_transaction_compression = OFF. MariaDB: set log_bin_compress = OFF "
                    + "(my.cnf, SET GLOBAL). Rotate the binary log (FLUSH BINARY LOGS) so DMS starts on an uncompressed file.");
    static final CheckDefinition CHECKSUM = new CheckDefinition("bl-binlog-checksum-legacy-dms",
            "binlog_checksum suits the DMS engine", Severity.INFO,
            "DMS engines 3.4.7 and older require binlog_checksum = NONE; newer engines read CRC32 checksums.",
            "Use a DMS replication engine newer than 3.4.7, or SET GLOBAL binlog_checksum = 'NONE' (and persist it).");
    static final CheckDefinition PARTIAL_JSON = new CheckDefinition("bl-partial-json",
            "JSON updates are logged in full", Severity.WARNING,
            "With binlog_row_value_options = PARTIAL_JSON (MySQL 8) a JSON update is logged as a diff; several binlog "
                    + "CDC readers have silently dropped such events. DMS documents nothing about it: do not take the risk.",
            "SET PERSIST binlog_row_value_options = '' and restart the application's writer sessions "
                    + "(the variable is also settable per session).");
    static final CheckDefinition FILTERS = new CheckDefinition("bl-binlog-filters",
            "No binlog or replication filter hides a migrated schema", Severity.BLOCKER,
            "Changes filtered by binlog_do_db / binlog_ignore_db never reach the binary log, and on a replica source the "
                    + "replication filters keep changes out of its binlog: DMS silently misses them.",
            "Remove binlog-do-db / binlog-ignore-db (and replicate-* filters on a replica) for the migrated schemas "
                    + "from my.cnf and restart, or migrate from the primary.");
    static final CheckDefinition HUGE_TRANSACTIONS = new CheckDefinition("bl-binlog-4gb-transactions",
            "No binlog file or transaction near the 4 GB limit", Severity.WARNING,
            "DMS processes binlog files of at most 4 GB; a huge transaction makes a file larger than max_binlog_size "
                    + "and can fail the task.",
            "Split bulk jobs into smaller transactions; schedule them outside the migration window.");
    static final CheckDefinition GTID = new CheckDefinition("bl-gtid",
            "GTID settings are consistent", Severity.INFO,
            "DMS reads binlog positions, not GTIDs. Consistent GTID settings matter only for a native-replication "
                    + "fallback or a reverse path after the cutover.",
            "MySQL: gtid_mode and enforce_gtid_consistency both ON (or both OFF); move through the permissive modes "
                    + "one step at a time as the MySQL manual describes.");
    static final CheckDefinition DDL_DURING_CDC = new CheckDefinition("bl-ddl-during-cdc",
            "No DDL runs on the migrated schemas during CDC", Severity.WARNING,
            "DMS replicates only CREATE TABLE, ADD/DROP COLUMN, column type changes and renames; other DDL (DROP or "
                    + "RENAME TABLE, defaults, charsets, partition changes) is lost or suspends the table.",
            "Freeze schema changes for the migration window (deployments, online schema tools, partition "
                    + "maintenance jobs), or set the task's ChangeProcessingDdlHandlingPolicy and re-check each table.");
    static final CheckDefinition AURORA_SOURCE = new CheckDefinition("bl-aurora-source-specifics",
            "An Aurora MySQL source is usable for CDC", Severity.INFO,
            "DMS does not read Aurora's enhanced binlog, and Aurora replicas serve full load only.",
            "Turn aurora_enhanced_binlog off in the source cluster parameter group (reboot), and point DMS at the "
                    + "cluster (writer) endpoint.");

    /** Thresholds; the tests lower them to exercise the real queries with small data. */
    public record Limits(long maxBinlogFileBytes, long largeTransactionRows) {
        public static final Limits DMS = new Limits(4L * 1024 * 1024 * 1024, 1_000_000);
    }

    private static final List<String> VARIABLES = List.of("log_bin", "binlog_format", "binlog_row_image", "server_id",
            "binlog_expire_logs_seconds", "expire_logs_days", "basedir", "binlog_transaction_compression",
            "log_bin_compress", "binlog_checksum", "binlog_row_value_options", "gtid_mode", "enforce_gtid_consistency",
            "gtid_strict_mode", "performance_schema", "aurora_enhanced_binlog", "aurora_version");

    private final Limits limits;

    public BinlogChecks() {
        this(Limits.DMS);
    }

    public BinlogChecks(Limits limits) {
        this.limits = limits;
    }

    @Override
    public List<CheckResult> run(CheckContext context) {
        Database db = context.source();
        SchemaScope scope = SchemaScope.of(context.config());
        int plannedHours = context.config().readiness().plannedMigrationHours();
        Fact<ServerVariables> vars = Fact.of(() -> ServerVariables.read(db, VARIABLES));
        return new Checks()
                .run(BINLOG_ENABLED, () -> binlogEnabled(vars.get()))
                .run(BINLOG_FORMAT_ROW, () -> expect(BINLOG_FORMAT_ROW, vars.get(), "binlog_format", "ROW"))
                .run(ROW_IMAGE_FULL, () -> expect(ROW_IMAGE_FULL, vars.get(), "binlog_row_image", "FULL"))
                .run(SERVER_ID, () -> serverId(vars.get()))
                .run(RETENTION, () -> retention(db, vars.get(), plannedHours))
                .run(COMPRESSION_OFF, () -> compression(vars.get()))
                .run(CHECKSUM, () -> checksum(vars.get()))
                .run(PARTIAL_JSON, () -> partialJson(vars.get()))
                .run(FILTERS, () -> filters(db, vars.get(), scope))
                .run(HUGE_TRANSACTIONS, () -> hugeTransactions(db, vars.get()))
                .run(GTID, () -> gtid(db, vars.get()))
                .run(DDL_DURING_CDC, () -> ddlDuringCdc(db, vars.get(), scope))
                .run(AURORA_SOURCE, () -> auroraSource(db, vars.get()))
                .results();
    }

    private static CheckResult binlogEnabled(ServerVariables vars) {
        String logBin = vars.value("log_bin");
        if (logBin == null) {
            return BINLOG_ENABLED.couldNotCheck("the server does not report log_bin");
        }
        return ServerVariables.on(logBin) ? BINLOG_ENABLED.passed("log_bin = " + logBin) : BINLOG_ENABLED.failed("log_bin = " + logBin);
    }

    private static CheckResult expect(CheckDefinition check, ServerVariables vars, String name, String wanted) {
        String value = vars.value(name);
        if (value == null) {
            return check.failed(name + " is not supported by this server (it must be " + wanted + ")");
        }
        String found = name + " = " + value;
        return value.equalsIgnoreCase(wanted) ? check.passed(found) : check.failed(found + " (must be " + wanted + ")");
    }

    private static CheckResult serverId(ServerVariables vars) {
        String value = vars.value("server_id");
        if (value == null) {
            return SERVER_ID.couldNotCheck("the server does not report server_id");
        }
        return "0".equals(value.trim()) ? SERVER_ID.failed("server_id = 0") : SERVER_ID.passed("server_id = " + value);
    }

    private static CheckResult retention(Database db, ServerVariables vars, int plannedHours) {
        String planned = "the planned migration window is " + plannedHours + " h (readiness.plannedMigrationHours)";
        long seconds;
        String how;
        if (isRdsOrAurora(vars)) {
            // RDS and Aurora MySQL keep binlogs by their own setting, not by the server variables.
            Optional<String> hours;
            try {
                hours = rdsRetentionHours(db);
            } catch (CutoverException e) {
                if (Checks.isRetryable(e)) {
                    throw e;
                }
                return RETENTION.couldNotCheck("CALL mysql.rds_show_configuration failed: " + e.getMessage());
            }
            if (hours.isEmpty()) {
                return RETENTION.failed("RDS 'binlog retention hours' is NULL: binlogs are purged as soon as possible; " + planned);
            }
            seconds = Math.round(Double.parseDouble(hours.get()) * 3600);
            how = "RDS 'binlog retention hours' = " + hours.get();
        } else {
            // MySQL 8: binlog_expire_logs_seconds wins when set; expire_logs_days is the 5.7 (and MariaDB) way.
            long expireSeconds = vars.longValue("binlog_expire_logs_seconds", 0);
            double expireDays = vars.doubleValue("expire_logs_days", 0);
            if (expireSeconds > 0) {
                seconds = expireSeconds;
                how = "binlog_expire_logs_seconds = " + expireSeconds;
            } else if (expireDays > 0) {
                seconds = Math.round(expireDays * 86400);
                how = "expire_logs_days = " + vars.value("expire_logs_days");
            } else {
                return RETENTION.failedAs(Severity.WARNING, "binlogs are never purged automatically "
                        + "(binlog_expire_logs_seconds and expire_logs_days are 0): CDC is safe, but the disk can fill up");
            }
        }
        String found = how + " keeps binlogs " + hoursText(seconds) + "; " + planned;
        return seconds >= plannedHours * 3600L ? RETENTION.passed(found) : RETENTION.failed(found);
    }

    static boolean isRdsOrAurora(ServerVariables vars) {
        String basedir = vars.value("basedir");
        return (basedir != null && basedir.contains("rdsdbbin")) || vars.has("aurora_version");
    }

    private static Optional<String> rdsRetentionHours(Database db) {
        for (Row row : db.query("CALL mysql.rds_show_configuration")) {
            if ("binlog retention hours".equalsIgnoreCase(row.string("name"))) {
                String value = row.string("value");
                return value == null || value.equalsIgnoreCase("NULL") ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static CheckResult compression(ServerVariables vars) {
        if (vars.isOn("binlog_transaction_compression")) {
            return COMPRESSION_OFF.failed("binlog_transaction_compression = " + vars.value("binlog_transaction_compression"));
        }
        if (vars.isOn("log_bin_compress")) {
            return COMPRESSION_OFF.failed("log_bin_compress = " + vars.value("log_bin_compress"));
        }
        if (vars.has("binlog_transaction_compression")) {
            return COMPRESSION_OFF.passed(vars.show("binlog_transaction_compression"));
        }
        if (vars.has("log_bin_compress")) {
            return COMPRESSION_OFF.passed(vars.show("log_bin_compress"));
        }
        return COMPRESSION_OFF.passed("this server has no binary log compression");
    }

    private static CheckResult checksum(ServerVariables vars) {
        String value = vars.value("binlog_checksum");
        if (value == null || value.equalsIgnoreCase("NONE")) {
            return CHECKSUM.passed(value == null ? "binlog_checksum is not supported (no checksums)" : vars.show("binlog_checksum"));
        }
        return CHECKSUM.failed(vars.show("binlog_checksum") + ": fine for DMS engines newer than 3.4.7; older engines need NONE");
    }

    private static CheckResult partialJson(ServerVariables vars) {
        String value = vars.value("binlog_row_value_options");
        if (value == null) {
            return PARTIAL_JSON.passed("binlog_row_value_options is not supported by this server (JSON is logged in full)");
        }
        return value.toUpperCase(Locale.ROOT).contains("PARTIAL_JSON")
                ? PARTIAL_JSON.failed(vars.show("binlog_row_value_options"))
                : PARTIAL_JSON.passed("binlog_row_value_options = '" + value + "'");
    }

    private static CheckResult filters(Database db, ServerVariables vars, SchemaScope scope) {
        List<String> problems = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        List<Row> status = ServerStatements.binaryLogStatus(db);
        for (Row row : status) {
            ReplicationFilters.Filter doDb = ReplicationFilters.Filter.of("Binlog_Do_DB", row);
            ReplicationFilters.Filter ignoreDb = ReplicationFilters.Filter.of("Binlog_Ignore_DB", row);
            problems.addAll(ReplicationFilters.databaseProblems(doDb, ignoreDb, scope, "are not written to the binary log"));
            seen.addAll(ReplicationFilters.describe(doDb, ignoreDb));
        }
        List<Row> replica = ServerStatements.replicaStatus(db);
        for (Row row : replica) {
            problems.addAll(ReplicationFilters.replicaProblems(row, scope));
            seen.addAll(ReplicationFilters.describeReplica(row));
        }
        if (!problems.isEmpty()) {
            return FILTERS.failed(problems.size() + " filter problem(s): " + String.join("; ", problems), problems);
        }
        if (status.isEmpty() && !vars.isOn("log_bin")) {
            return FILTERS.passed("no binary log status (binary logging is off: see bl-binlog-enabled)");
        }
        return FILTERS.passed(seen.isEmpty() ? "no binlog or replication filters"
                : "filters that leave the migrated schemas alone: " + String.join("; ", seen));
    }

    private CheckResult hugeTransactions(Database db, ServerVariables vars) {
        List<String> found = new ArrayList<>();
        if (vars.isOn("log_bin")) {
            try {
                for (Row row : db.query("SHOW BINARY LOGS")) {
                    long size = row.longValue("File_size", 0);
                    if (size > limits.maxBinlogFileBytes()) {
                        found.add("binlog " + row.string("Log_name") + " is " + bytesText(size));
                    }
                }
            } catch (CutoverException e) {
                if (Checks.isRetryable(e)) {
                    throw e;
                }
                return HUGE_TRANSACTIONS.couldNotCheck("SHOW BINARY LOGS failed: " + e.getMessage());
            }
        }
        List<Row> open;
        try {
            open = db.query("SELECT trx_id, trx_started, trx_rows_modified, trx_mysql_thread_id FROM information_schema.innodb_trx "
                    + "WHERE trx_rows_modified > ? ORDER BY trx_rows_modified DESC LIMIT 10", limits.largeTransactionRows());
        } catch (CutoverException e) {
            if (Checks.isRetryable(e)) {
                throw e;
            }
            return HUGE_TRANSACTIONS.couldNotCheck("reading information_schema.innodb_trx failed (needs PROCESS): " + e.getMessage());
        }
        for (Row row : open) {
            found.add("open transaction " + row.string("trx_id") + " (thread " + row.string("trx_mysql_thread_id")
                    + ", started " + row.string("trx_started") + ") has modified " + row.string("trx_rows_modified") + " rows");
        }
        if (found.isEmpty()) {
            return HUGE_TRANSACTIONS.passed("no binlog file over " + bytesText(limits.maxBinlogFileBytes())
                    + " and no open transaction with more than " + limits.largeTransactionRows() + " modified rows");
        }
        return HUGE_TRANSACTIONS.failed(String.join("; ", found), found);
    }

    private static CheckResult gtid(Database db, ServerVariables vars) {
        if (db.server().isMariaDb()) {
            return GTID.passed("MariaDB GTIDs (" + vars.show("gtid_strict_mode") + "); DMS reads binlog positions");
        }
        String mode = vars.value("gtid_mode");
        String enforce = vars.value("enforce_gtid_consistency");
        if (mode == null) {
            return GTID.passed("gtid_mode is not supported by this server; DMS reads binlog positions");
        }
        String found = "gtid_mode = " + mode + ", enforce_gtid_consistency = " + enforce;
        String m = mode.toUpperCase(Locale.ROOT);
        String e = enforce == null ? "" : enforce.toUpperCase(Locale.ROOT);
        if (m.equals("ON") && e.equals("ON")) {
            return GTID.passed(found);
        }
        if (m.equals("OFF") && (e.equals("OFF") || e.equals("ON"))) {
            return GTID.passed(found + " (GTIDs off; DMS does not need them)");
        }
        if (m.endsWith("PERMISSIVE")) {
            return GTID.failed(found + ": a transitional mode; finish the change to ON or back to OFF before the migration");
        }
        return GTID.failed(found + ": gtid_mode ON needs enforce_gtid_consistency ON");
    }

    private static CheckResult ddlDuringCdc(Database db, ServerVariables vars, SchemaScope scope) {
        String manual = "DDL planned for the migration window (deployments, online schema changes, partition jobs) "
                + "cannot be seen by the server: confirm that schema changes are frozen";
        if (!vars.isOn("performance_schema")) {
            return DDL_DURING_CDC.needsManualConfirmation("performance_schema is off, so past DDL cannot be seen either. " + manual);
        }
        List<Row> rows = db.query("SELECT schema_name, digest_text, count_star FROM performance_schema.events_statements_summary_by_digest "
                + "WHERE (" + scope.in("schema_name") + " OR schema_name IS NULL) AND ("
                + "digest_text LIKE 'ALTER %' OR digest_text LIKE 'RENAME %' OR digest_text LIKE 'TRUNCATE %' "
                + "OR (digest_text LIKE 'DROP %' AND digest_text NOT LIKE 'DROP TEMPORARY %') "
                + "OR (digest_text LIKE 'CREATE %' AND digest_text NOT LIKE 'CREATE TEMPORARY %')) "
                + "ORDER BY count_star DESC", scope.params());
        List<String> ddl = new ArrayList<>();
        for (Row row : rows) {
            String text = row.string("digest_text");
            if (row.string("schema_name") == null && scope.names().stream().noneMatch(s -> mentions(text, s))) {
                continue; // DDL without a default schema that names none of the migrated schemas
            }
            ddl.add(abbreviate(text, 160) + " (" + row.string("count_star") + "×)");
        }
        if (ddl.isEmpty()) {
            return DDL_DURING_CDC.needsManualConfirmation("no DDL on the migrated schemas in performance_schema's statement "
                    + "digests (since they were last reset). " + manual);
        }
        return DDL_DURING_CDC.failed(ddl.size() + " kind(s) of DDL ran on the migrated schemas (performance_schema digests); "
                + "if they run during CDC, DMS may lose them or suspend the tables", ddl);
    }

    private static CheckResult auroraSource(Database db, ServerVariables vars) {
        ServerInfo server = db.server();
        if (server.flavor() != ServerFlavor.AURORA_MYSQL) {
            return AURORA_SOURCE.passed("the source is " + server.describe() + ", not Aurora MySQL");
        }
        if (vars.isOn("aurora_enhanced_binlog")) {
            return AURORA_SOURCE.failedAs(Severity.BLOCKER, "aurora_enhanced_binlog = " + vars.value("aurora_enhanced_binlog")
                    + ": DMS cannot read the enhanced binlog", List.of());
        }
        return AURORA_SOURCE.passed(server.describe() + ", " + vars.show("aurora_enhanced_binlog")
                + "; make sure DMS uses the cluster (writer) endpoint");
    }

    private static boolean mentions(String digest, String schema) {
        return digest != null && digest.toLowerCase(Locale.ROOT).contains(("`" + schema + "`").toLowerCase(Locale.ROOT));
    }

    private static String abbreviate(String text, int max) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
    }

    private static String hoursText(long seconds) {
        double hours = seconds / 3600.0;
        return hours == Math.rint(hours) ? (long) hours + " h" : String.format(Locale.ROOT, "%.1f h", hours);
    }

    static String bytesText(long bytes) {
        if (bytes >= 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
        }
        if (bytes >= 1024L * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return bytes + " bytes";
    }
}
