package io.cutover.local.dms;

import io.cutover.core.db.BinlogPosition;
import java.util.List;
import java.util.Map;

/**
 * A committed source transaction as read from the binlog: its row changes on selected tables, in order, the
 * DDL statements that touched selected tables (counted, not applied), and where it ends in the binlog.
 *
 * @param gtid          the transaction's GTID (MariaDB {@code domain-server-sequence}, MySQL {@code uuid:n}); null without
 * @param commitMillis  the commit time (MySQL: the GTID event's commit timestamp; MariaDB: the event header, whole seconds)
 * @param readMillis    when the engine read it
 * @param end           the binlog position right after it: where to resume to read what follows
 * @param tableErrors   selected tables whose rows could not be decoded here (e.g. their columns changed), with why
 */
record SourceTransaction(String gtid, long commitMillis, long readMillis, BinlogPosition end, List<RowChange> changes,
                         Map<TableName, Integer> ddls, Map<TableName, String> tableErrors) {
    SourceTransaction {
        changes = List.copyOf(changes);
        ddls = Map.copyOf(ddls);
        tableErrors = Map.copyOf(tableErrors);
    }

    int size() {
        return changes.size();
    }
}
