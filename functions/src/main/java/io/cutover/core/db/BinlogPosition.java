package io.cutover.core.db;

import io.cutover.core.error.DatabaseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A position in a server's binary log: file and position, and where it was read from the server, the GTID state
 * (gtid_executed on MySQL, gtid_binlog_pos on MariaDB). The one record for it: the freeze, the rollback position, the
 * validation passes, DMS recovery checkpoints and the local DMS engine's CDC all use it. {@code file} and
 * {@code position} are null when binary logging is off (as read by {@link #read(Database)}).
 *
 * <p>Positions compare by the file's sequence number (the digits after the last dot: {@code binlog.1000000} follows
 * {@code binlog.999999}), then by position.
 */
public record BinlogPosition(String file, Long position, String gtidExecuted, String gtidBinlogPos)
        implements Comparable<BinlogPosition> {
    private static final Comparator<BinlogPosition> ORDER = Comparator.comparingLong((BinlogPosition p) -> sequence(p.file))
            .thenComparing(BinlogPosition::file).thenComparingLong(BinlogPosition::position);

    /** A position in a file, without GTID state (a binlog event's, a DMS checkpoint's). */
    public BinlogPosition(String file, long position) {
        this(requireFile(file, position), position, null, null);
    }

    /**
     * Reads the server's current position ({@link #status}) and GTID state.
     */
    public static BinlogPosition read(Database db) {
        List<Row> rows = status(db);
        Map<String, String> gtid = db.globalVariables(List.of("gtid_executed", "gtid_binlog_pos"));
        if (rows.isEmpty()) {
            return new BinlogPosition(null, null, gtid.get("gtid_executed"), gtid.get("gtid_binlog_pos"));
        }
        Row row = rows.get(0);
        String executed = row.has("Executed_Gtid_Set") && row.string("Executed_Gtid_Set") != null
                && !row.string("Executed_Gtid_Set").isBlank() ? row.string("Executed_Gtid_Set") : gtid.get("gtid_executed");
        return new BinlogPosition(row.string("File"), row.longValue("Position"), blankToNull(executed),
                blankToNull(gtid.get("gtid_binlog_pos")));
    }

    /**
     * The binary log status ({@code File, Position, Binlog_Do_DB, Binlog_Ignore_DB}, and on MySQL
     * {@code Executed_Gtid_Set}; no row when binary logging is off), asked with the statement the server's version
     * knows, so that it costs one statement (the position is read inside the freeze): {@code SHOW BINARY LOG STATUS}
     * on MySQL 8.2 and later (added in 8.2.0, the only form in 8.4:
     * https://dev.mysql.com/doc/refman/8.4/en/show-binary-log-status.html,
     * https://dev.mysql.com/doc/refman/8.4/en/show-master-status.html), {@code SHOW MASTER STATUS} before it and on
     * MariaDB (which has no {@code SHOW BINARY LOG STATUS}: https://mariadb.com/kb/en/show-binlog-status/). The other
     * form if the chosen one is refused as unknown; access denied and transient failures are not retried under it.
     */
    public static List<Row> status(Database db) {
        ServerInfo server = db.server();
        boolean binaryLogStatus = !server.isMariaDb() && server.atLeast(8, 2, 0);
        try {
            return db.query(binaryLogStatus ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS");
        } catch (DatabaseException e) { // not AccessDenied- or TransientDatabaseException: those are not "unknown statement"
            return db.query(binaryLogStatus ? "SHOW MASTER STATUS" : "SHOW BINARY LOG STATUS");
        }
    }

    /** True when this position is {@code other} or later; false when either has no file (binary logging off). */
    public boolean atOrAfter(BinlogPosition other) {
        if (file == null || other.file == null) return false;
        return compareTo(other) >= 0;
    }

    /** For messages: {@code file:position} and the GTID state, or "binary logging is off". */
    public String describe() {
        if (file == null) return "binary logging is off";
        String gtid = gtidExecuted != null ? ", gtid_executed " + gtidExecuted : gtidBinlogPos != null ? ", gtid_binlog_pos " + gtidBinlogPos : "";
        return file + ":" + position + gtid;
    }

    @Override
    public int compareTo(BinlogPosition other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return file + ":" + position;
    }

    /** The number after the file name's last dot ({@code binlog.000042} → 42), 0 when there is none. */
    static long sequence(String file) {
        int dot = file == null ? -1 : file.lastIndexOf('.');
        try {
            return dot < 0 ? 0 : Long.parseLong(file.substring(dot + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String requireFile(String file, long position) {
        if (file == null || file.isBlank() || position < 0) {
            throw new IllegalArgumentException("not a binlog position: " + file + ":" + position);
        }
        return file;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.replace("\n", "");
    }
}
