package io.cutover.precheck;

import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.error.CutoverException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runbook 1.1, "Version &amp; binlog validation", on the source: binary logging on, ROW format, FULL row image,
 * a server id, and binlogs kept longer than the planned full load + CDC window. Works on MySQL 5.7/8.x, RDS /
 * Aurora MySQL and MariaDB: variables are read with SHOW GLOBAL VARIABLES, an absent one means "not supported".
 */
public final class BinlogSettingsCheck {
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

    private static final List<String> VARIABLES = List.of("log_bin", "binlog_format", "binlog_row_image", "server_id",
            "binlog_expire_logs_seconds", "expire_logs_days", "basedir");

    private final int plannedMigrationHours;

    public BinlogSettingsCheck(int plannedMigrationHours) {
        this.plannedMigrationHours = plannedMigrationHours;
    }

    public List<CheckResult> run(Database db) {
        Map<String, String> vars;
        try {
            vars = db.globalVariables(VARIABLES);
        } catch (CutoverException e) {
            String reason = e.getMessage();
            return List.of(BINLOG_ENABLED.couldNotCheck(reason), BINLOG_FORMAT_ROW.couldNotCheck(reason),
                    ROW_IMAGE_FULL.couldNotCheck(reason), SERVER_ID.couldNotCheck(reason), RETENTION.couldNotCheck(reason));
        }
        List<CheckResult> results = new ArrayList<>();
        results.add(binlogEnabled(vars.get("log_bin")));
        results.add(expect(BINLOG_FORMAT_ROW, "binlog_format", vars.get("binlog_format"), "ROW"));
        results.add(expect(ROW_IMAGE_FULL, "binlog_row_image", vars.get("binlog_row_image"), "FULL"));
        results.add(serverId(vars.get("server_id")));
        results.add(retention(db, vars));
        return results;
    }

    private static CheckResult binlogEnabled(String logBin) {
        if (logBin == null) {
            return BINLOG_ENABLED.couldNotCheck("the server does not report log_bin");
        }
        return isOn(logBin) ? BINLOG_ENABLED.passed("log_bin = " + logBin) : BINLOG_ENABLED.failed("log_bin = " + logBin);
    }

    private static CheckResult expect(CheckDefinition check, String name, String value, String wanted) {
        if (value == null) {
            return check.failed(name + " is not supported by this server (it must be " + wanted + ")");
        }
        String found = name + " = " + value;
        return value.equalsIgnoreCase(wanted) ? check.passed(found) : check.failed(found + " (must be " + wanted + ")");
    }

    private static CheckResult serverId(String value) {
        if (value == null) {
            return SERVER_ID.couldNotCheck("the server does not report server_id");
        }
        return "0".equals(value.trim()) ? SERVER_ID.failed("server_id = 0") : SERVER_ID.passed("server_id = " + value);
    }

    private CheckResult retention(Database db, Map<String, String> vars) {
        String planned = "the planned migration window is " + plannedMigrationHours + " h (readiness.plannedMigrationHours)";
        String basedir = vars.getOrDefault("basedir", "");
        long seconds;
        String how;
        if (basedir.contains("rdsdbbin")) {
            // RDS and Aurora MySQL keep binlogs by their own setting, not by the server variables.
            Optional<String> hours;
            try {
                hours = rdsRetentionHours(db);
            } catch (CutoverException e) {
                return RETENTION.couldNotCheck("CALL mysql.rds_show_configuration failed: " + e.getMessage());
            }
            if (hours.isEmpty()) {
                return RETENTION.failed("RDS 'binlog retention hours' is NULL: binlogs are purged as soon as possible; " + planned);
            }
            seconds = Math.round(Double.parseDouble(hours.get()) * 3600);
            how = "RDS 'binlog retention hours' = " + hours.get();
        } else {
            long expireSeconds = parseLong(vars.get("binlog_expire_logs_seconds"));
            double expireDays = parseDouble(vars.get("expire_logs_days"));
            if (expireSeconds > 0) {
                seconds = expireSeconds;
                how = "binlog_expire_logs_seconds = " + expireSeconds;
            } else if (expireDays > 0) {
                seconds = Math.round(expireDays * 86400);
                how = "expire_logs_days = " + vars.get("expire_logs_days");
            } else {
                return RETENTION.failedAs(Severity.WARNING, "binlogs are never purged automatically "
                        + "(binlog_expire_logs_seconds and expire_logs_days are 0): CDC is safe, but the disk can fill up");
            }
        }
        String found = how + " keeps binlogs " + hoursText(seconds) + "; " + planned;
        return seconds >= plannedMigrationHours * 3600L ? RETENTION.passed(found) : RETENTION.failed(found);
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

    private static boolean isOn(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        return v.equals("ON") || v.equals("1");
    }

    private static long parseLong(String v) {
        if (v == null || v.isBlank()) return 0;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double parseDouble(String v) {
        if (v == null || v.isBlank()) return 0;
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String hoursText(long seconds) {
        double hours = seconds / 3600.0;
        return hours == Math.rint(hours) ? (long) hours + " h" : String.format(Locale.ROOT, "%.1f h", hours);
    }
}
