package io.cutover.cutover;

import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.error.DatabaseException;
import java.util.List;
import java.util.Map;

/**
 * Where the source's binary log is: file and position, and the GTID state (gtid_executed on MySQL,
 * gtid_binlog_pos on MariaDB). Read with {@code SHOW BINARY LOG STATUS} (MySQL 8.2+, the only form in 8.4) and
 * {@code SHOW MASTER STATUS} as the fallback (older MySQL, MariaDB). {@code file} is null when binary logging is off.
 */
public record BinlogPosition(String file, Long position, String gtidExecuted, String gtidBinlogPos) {

    public static BinlogPosition read(Database db) {
        List<Row> rows;
        try {
            rows = db.query("SHOW BINARY LOG STATUS");
        } catch (DatabaseException e) {
            // 1064 on MariaDB and MySQL before 8.2: the old name still works there.
            rows = db.query("SHOW MASTER STATUS");
        }
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

    /** True when this position is at or after {@code other} (same numbering of binlog files). */
    public boolean atOrAfter(BinlogPosition other) {
        if (file == null || other.file == null) return false;
        int byFile = file.compareTo(other.file);
        return byFile != 0 ? byFile > 0 : position >= other.position;
    }

    public String describe() {
        if (file == null) return "binary logging is off";
        String gtid = gtidExecuted != null ? ", gtid_executed " + gtidExecuted : gtidBinlogPos != null ? ", gtid_binlog_pos " + gtidBinlogPos : "";
        return file + ":" + position + gtid;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.replace("\n", "");
    }
}
