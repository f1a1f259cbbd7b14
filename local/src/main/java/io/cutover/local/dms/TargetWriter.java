package io.cutover.local.dms;

import io.cutover.core.catalog.Catalog;
import io.cutover.core.db.SqlModeFlags;
import io.cutover.core.db.SqlModeFlags.DateProblem;
import io.cutover.core.sql.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Writes rows and changes to the target so that applying them again changes nothing (a resume, a reconnect
 * or the cached changes replayed over rows the full load already copied):
 * <ul>
 *   <li>inserts: {@code INSERT … ON DUPLICATE KEY UPDATE} with the full after image (an update in place: a parent row is
 *       never deleted, so ON DELETE CASCADE never fires by accident);</li>
 *   <li>updates that keep the key: {@code UPDATE … WHERE key = ?} with the full after image, one row write per row event
 *       as DMS's transactional apply makes them (its ApplyErrorUpdatePolicy acts on an UPDATE that finds no row,
 *       https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.CustomizingTasks.TaskSettings.ErrorHandling.html), so
 *       that the target's write counters match the source's row events (the post-freeze validation compares them);</li>
 *   <li>updates that change the key: {@code UPDATE … WHERE key = before} (ON UPDATE CASCADE acts as on the source);</li>
 *   <li>an update that finds no row is an apply error, logged and skipped: ApplyErrorUpdatePolicy's default,
 *       LOG_ERROR (Cutover refuses UPDATE_RECORD, the one value that would insert the row: TaskSettingsPolicy). The row
 *       stays missing on the target, as it would on DMS, and the validation finds it;</li>
 *   <li>deletes: {@code DELETE … WHERE key = ?} (deleting a missing row is a no-op).</li>
 * </ul>
 * Tables without a primary or NOT NULL unique key are matched on every column ({@code <=>}, one row per change),
 * as DMS does; replaying such changes is not idempotent. Consecutive changes with the same statement on the
 * same table are sent as one JDBC batch (one multi-row INSERT with Connector/J's rewriteBatchedStatements).
 */
final class TargetWriter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TargetWriter.class);

    private final Map<TableName, Statements> statements = new ConcurrentHashMap<>();
    private final long lobMaxBytes;
    private final java.util.function.Function<Connection, String> targetSqlMode;
    private final java.util.concurrent.atomic.AtomicLong truncated = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong zeroDatesNulled = new java.util.concurrent.atomic.AtomicLong();

    TargetWriter() {
        this(0);
    }

    TargetWriter(long lobMaxBytes) {
        this(lobMaxBytes, c -> null);
    }

    /**
     * @param lobMaxBytes limited LOB mode's {@code LobMaxSize} in bytes: longer LOB values are truncated to it, as DMS
     *                    does ("LOBs that exceed the maximum LOB size are truncated, and a warning is issued to the log
     *                    file", https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.LOBSupport.html); 0: whole
     * @param targetSqlMode the target server's global sql_mode seen by a target session (null: unknown, dates are
     *                      written as read); decides which dates the target "supports" ({@link #dated})
     */
    TargetWriter(long lobMaxBytes, java.util.function.Function<Connection, String> targetSqlMode) {
        this.lobMaxBytes = lobMaxBytes;
        this.targetSqlMode = targetSqlMode;
    }

    /** How many zero dates were written as NULL because the target does not support them. */
    long zeroDatesNulled() {
        return zeroDatesNulled.get();
    }

    /** How many LOB values were truncated (limited LOB mode). */
    long lobsTruncated() {
        return truncated.get();
    }

    private record Statements(List<ColumnInfo> writable, String upsert, String insert, String updateByKey, String deleteByKey,
                              String updateByRow, String deleteByRow, List<ColumnInfo> rowMatch) {}

    private enum Op { UPSERT, INSERT, UPDATE_KEY, MOVE, DELETE_KEY, UPDATE_ROW, DELETE_ROW }

    private Statements statements(TableInfo table) {
        return statements.computeIfAbsent(table.name(), n -> build(table));
    }

    private static Statements build(TableInfo table) {
        String name = table.name().quoted();
        List<ColumnInfo> writable = table.writable();
        String columns = writable.stream().map(ColumnInfo::quoted).collect(Collectors.joining(", "));
        String values = Sql.placeholders(writable.size());
        String insert = "INSERT INTO " + name + " (" + columns + ") VALUES (" + values + ")";
        List<ColumnInfo> key = table.keyColumns();
        List<ColumnInfo> nonKey = writable.stream().filter(c -> !table.key().contains(c.index())).toList();
        String updates = nonKey.isEmpty() ? key.get(0).quoted() + " = " + key.get(0).quoted()
                : nonKey.stream().map(c -> c.quoted() + " = VALUES(" + c.quoted() + ")").collect(Collectors.joining(", "));
        String set = writable.stream().map(c -> c.quoted() + " = ?").collect(Collectors.joining(", "));
        String keyMatch = key.stream().map(c -> c.quoted() + " = ?").collect(Collectors.joining(" AND "));
        // FLOAT values do not compare equal to their decimal text: they cannot identify a row
        List<ColumnInfo> rowMatch = writable.stream().filter(c -> c.kind() != ValueKind.FLOAT).toList();
        String rowWhere = rowMatch.stream().map(c -> c.quoted() + " <=> ?").collect(Collectors.joining(" AND "));
        return new Statements(writable,
                key.isEmpty() ? null : insert + " ON DUPLICATE KEY UPDATE " + updates,
                insert,
                key.isEmpty() ? null : "UPDATE " + name + " SET " + set + " WHERE " + keyMatch,
                key.isEmpty() ? null : "DELETE FROM " + name + " WHERE " + keyMatch,
                "UPDATE " + name + " SET " + set + " WHERE " + rowWhere + " LIMIT 1",
                "DELETE FROM " + name + " WHERE " + rowWhere + " LIMIT 1",
                rowMatch);
    }

    /** Writes full-load rows (values of every column, by column index): upserts when the table has a key. */
    void writeRows(Connection c, TableInfo table, List<Object[]> rows) throws SQLException {
        Statements s = statements(table);
        String mode = targetSqlMode.apply(c);
        try (PreparedStatement ps = c.prepareStatement(table.hasKey() ? s.upsert() : s.insert())) {
            for (Object[] row : rows) {
                bind(ps, mode, 1, s.writable(), row);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new TableApplyException(table.name(), e);
        }
    }

    /** Applies changes in their order (the caller commits). */
    void apply(Connection c, List<RowChange> changes) throws SQLException {
        int i = 0;
        while (i < changes.size()) {
            RowChange first = changes.get(i);
            Op op = op(first);
            int end = i + 1;
            if (op == Op.UPSERT || op == Op.INSERT || op == Op.DELETE_KEY) {
                while (end < changes.size() && changes.get(end).name().equals(first.name()) && op(changes.get(end)) == op) {
                    end++;
                }
            }
            try {
                run(c, op, changes.subList(i, end));
            } catch (SQLException e) {
                throw e instanceof TableApplyException ? e : new TableApplyException(first.name(), e);
            }
            i = end;
        }
    }

    private static Op op(RowChange change) {
        boolean keyed = change.table().hasKey();
        return switch (change.kind()) {
            case INSERT -> keyed ? Op.UPSERT : Op.INSERT;
            case UPDATE -> !keyed ? Op.UPDATE_ROW : change.changesKey() ? Op.MOVE : Op.UPDATE_KEY;
            case DELETE -> keyed ? Op.DELETE_KEY : Op.DELETE_ROW;
        };
    }

    private void run(Connection c, Op op, List<RowChange> run) throws SQLException {
        TableInfo table = run.get(0).table();
        Statements s = statements(table);
        String mode = targetSqlMode.apply(c);
        switch (op) {
            case UPSERT, INSERT -> {
                try (PreparedStatement ps = c.prepareStatement(op == Op.UPSERT ? s.upsert() : s.insert())) {
                    for (RowChange change : run) {
                        bind(ps, mode, 1, s.writable(), change.after());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            case DELETE_KEY -> {
                try (PreparedStatement ps = c.prepareStatement(s.deleteByKey())) {
                    for (RowChange change : run) {
                        bind(ps, mode, 1, table.keyColumns(), change.before());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            case UPDATE_KEY, MOVE -> {
                RowChange change = run.get(0);
                int found;
                try (PreparedStatement ps = c.prepareStatement(s.updateByKey())) {
                    int next = bind(ps, mode, 1, s.writable(), change.after());
                    bind(ps, mode, next, table.keyColumns(), change.before());
                    found = ps.executeUpdate();
                }
                if (found == 0) {
                    LOG.warn("apply error (ApplyErrorUpdatePolicy LOG_ERROR): an UPDATE of {} found no row on the target; skipped",
                            table.name());
                }
            }
            case UPDATE_ROW, DELETE_ROW -> {
                RowChange change = run.get(0);
                try (PreparedStatement ps = c.prepareStatement(op == Op.UPDATE_ROW ? s.updateByRow() : s.deleteByRow())) {
                    int next = op == Op.UPDATE_ROW ? bind(ps, mode, 1, s.writable(), change.after()) : 1;
                    bind(ps, mode, next, s.rowMatch(), change.before());
                    ps.executeUpdate();
                }
            }
        }
    }

    /** Binds {@code columns}' values of {@code row} from parameter {@code first}; returns the next parameter index. */
    private int bind(PreparedStatement ps, String mode, int first, List<ColumnInfo> columns, Object[] row) throws SQLException {
        int p = first;
        for (ColumnInfo column : columns) {
            ps.setObject(p++, dated(mode, column, limited(column, row[column.index()])));
        }
        return p;
    }

    /**
     * A DATE, DATETIME or TIMESTAMP value (the types of {@code Catalog.Column.DATE_TYPES}, as readiness's
     * {@code dc-zero-invalid-dates} reads them) as DMS writes it to a target whose global sql_mode is {@code mode}:
     * <ul>
     *   <li>a zero value ('0000-00-00…') the target does not support is written as NULL: "make sure that the target
     *       database in the replication task supports "zero" values for the DATETIME and TIMESTAMP data types.
     *       Otherwise, these values are recorded as null on the target"
     *       (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Source.MySQL.html#CHAP_Source.MySQL.DataTypes); a
     *       NOT NULL column then refuses the row. DATE is not named there: treated alike, as readiness does;</li>
     *   <li>a zero month or day, or an impossible date, the target's mode refuses: what DMS does is not documented, so
     *       the table fails (stricter than either guess: NULL or the value);</li>
     *   <li>anything else, or an unknown mode: the value as read.</li>
     * </ul>
     * The same applies to before images, so a keyless table's row still matches its copy.
     */
    private Object dated(String mode, ColumnInfo column, Object value) throws SQLException {
        if (mode == null || !(value instanceof String text) || !Catalog.Column.DATE_TYPES.contains(column.dataType())) {
            return value;
        }
        DateProblem problem = SqlModeFlags.dateProblem(text);
        if (problem == null || !SqlModeFlags.rejects(mode, problem)) {
            return value;
        }
        if (problem == DateProblem.ZERO) {
            if (zeroDatesNulled.incrementAndGet() <= 20) {
                LOG.warn("zero date in column {}: the target's sql_mode ({}) does not support zero values, written as NULL "
                        + "as DMS records them", column.name(), mode);
            }
            return null;
        }
        throw new SQLException("column " + column.name() + ": '" + text + "' (" + (problem == DateProblem.ZERO_IN_DATE
                ? "a zero month or day" : "an impossible date") + ") is refused by the target's sql_mode " + mode
                + "; what DMS does with such a value is not documented, so the local engine fails the table", "22007", 1292);
    }

    /**
     * A LOB value (the types DMS takes as LOBs: {@code Catalog.Column.LOB_TYPES}) cut to {@link #lobMaxBytes}. Text is
     * cut at that many bytes of its character set, without a partial character (how DMS cuts inside a character is not
     * documented). The same cut applies to before images, so a keyless table's row still matches its truncated copy.
     */
    private Object limited(ColumnInfo column, Object value) {
        if (lobMaxBytes <= 0 || value == null || !io.cutover.core.catalog.Catalog.Column.LOB_TYPES.contains(column.dataType())) {
            return value;
        }
        if (value instanceof byte[] bytes && bytes.length > lobMaxBytes) {
            warn(column);
            return java.util.Arrays.copyOf(bytes, (int) lobMaxBytes);
        }
        if (value instanceof String text) {
            java.nio.charset.Charset cs = column.javaCharset();
            byte[] encoded = text.getBytes(cs);
            if (encoded.length > lobMaxBytes) {
                warn(column);
                java.nio.charset.CharsetDecoder decoder = cs.newDecoder()
                        .onMalformedInput(java.nio.charset.CodingErrorAction.IGNORE);
                try {
                    return decoder.decode(java.nio.ByteBuffer.wrap(encoded, 0, (int) lobMaxBytes)).toString();
                } catch (java.nio.charset.CharacterCodingException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return value;
    }

    private void warn(ColumnInfo column) {
        if (truncated.incrementAndGet() <= 20) {
            LOG.warn("limited LOB mode: a value of column {} is longer than LobMaxSize ({} bytes) and was truncated", column.name(), lobMaxBytes);
        }
    }

    /** Every statement text of a table (for tests and logs). */
    List<String> sql(TableInfo table) {
        Statements s = statements(table);
        List<String> out = new ArrayList<>();
        for (String sql : new String[] {s.upsert(), s.insert(), s.updateByKey(), s.deleteByKey(), s.updateByRow(), s.deleteByRow()}) {
            if (sql != null) {
                out.add(sql);
            }
        }
        return out;
    }
}
