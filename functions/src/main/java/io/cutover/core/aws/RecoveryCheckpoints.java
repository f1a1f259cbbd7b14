package io.cutover.core.aws;

import io.cutover.core.db.BinlogPosition;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the source binlog position out of a DMS MySQL recovery checkpoint, e.g.
 * {@code checkpoint:V1#27#mysql-bin-changelog.157832:1975:-1:2002:677883278264080:mysql-bin-changelog.157832:1876#0#0#*#0#93}.
 * The format is not documented beyond AWS's examples, so this is best effort: the first {@code file:position}
 * after the version fields, or nothing. The authoritative rollback position is the one read from the source
 * itself after the write freeze (the cutover phase); this one is recorded beside it.
 */
public final class RecoveryCheckpoints {
    private static final Pattern MYSQL = Pattern.compile("^checkpoint:V\\d+#\\d+#([^:#]+):(\\d+)(?::|#)");

    private RecoveryCheckpoints() {}

    public static BinlogPosition binlogPosition(String recoveryCheckpoint) {
        if (recoveryCheckpoint == null) {
            return null;
        }
        Matcher m = MYSQL.matcher(recoveryCheckpoint);
        return m.find() ? new BinlogPosition(m.group(1), Long.parseLong(m.group(2))) : null;
    }
}
