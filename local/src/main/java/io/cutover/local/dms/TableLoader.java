package io.cutover.local.dms;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The full load of one table, as a DMS sub-task: read in primary-key order, chunk after chunk of CommitRate rows
 * ({@code WHERE key > last ORDER BY key LIMIT n}: each chunk is a short, index-ranged read), each chunk written
 * as one committed batch. A lost target session is reopened and the chunk written again (upserts: a chunk that
 * was committed before the session died is simply rewritten); an error in the data puts the table in
 * "Table error" with the server's message.
 */
final class TableLoader {
    private static final Logger LOG = LoggerFactory.getLogger(TableLoader.class);

    private final TaskRun run;
    private final TableInfo table;
    private final TableProgress progress;
    private Connection source;
    private Connection target;
    private final long startedNanos = System.nanoTime();
    private long lastLog = startedNanos;

    TableLoader(TaskRun run, TableInfo table, TableProgress progress) {
        this.run = run;
        this.table = table;
        this.progress = progress;
    }

    /** A data error: the table is in error, the task goes on. */
    static final class TableLoadError extends Exception {
        TableLoadError(String message) {
            super(message);
        }
    }

    void load() {
        long started = System.nanoTime();
        try {
            run.hooks().beforeTableLoad(table.name());
            progress.loading();
            LOG.info("{}: loading {} (about {} rows{})", run.name(), table.name(), table.estimatedRows(),
                    table.keysetPaging() ? "" : ", no key to page by: one stream");
            if (run.settings().prepMode() == LocalTaskSettings.PrepMode.TRUNCATE_BEFORE_LOAD) {
                truncate();
            }
            long rows = table.keysetPaging() ? loadByKey() : loadStream();
            if (run.stopping()) {
                LOG.info("{}: load of {} interrupted by the stop after {} rows; it is reloaded on resume", run.name(), table.name(), rows);
                return;
            }
            // the applier hears of it first: a change read after the table shows "Table completed" is then never cached
            run.applier().loadFinished(table.name());
            progress.loaded();
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.info("{}: loaded {}: {} rows in {} s ({} rows/s)", run.name(), table.name(), rows, String.format("%.1f", seconds),
                    Math.round(rows / Math.max(seconds, 1e-3)));
        } catch (FailureHooks.InjectedFailure | TableLoadError e) {
            tableError(e.getMessage());
        } catch (TaskRun.Fatal e) {
            run.fail(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{}: unexpected failure while loading {}", run.name(), table.name(), e);
            tableError("unexpected failure while loading " + table.name() + ": " + e);
        } finally {
            run.sessions().close(target);
            closeQuietly(source);
        }
    }

    private void tableError(String message) {
        LOG.error("{}: Table error on {}: {}", run.name(), table.name(), message);
        progress.error(message);
        run.applier().loadFailed(table.name());
        if (run.settings().stopTaskOnTableError()) {
            run.fail("Table error on " + table.name() + " (TableErrorPolicy STOP_TASK): " + message);
        }
    }

    private void truncate() throws TableLoadError, TaskRun.Fatal {
        withTarget(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("TRUNCATE TABLE " + table.name().quoted());
            }
        });
    }

    private long loadByKey() throws TableLoadError, TaskRun.Fatal {
        List<ColumnInfo> key = table.keyColumns();
        String columns = table.columns().stream().map(ColumnInfo::selectExpression).collect(Collectors.joining(", "));
        String order = key.stream().map(ColumnInfo::quoted).collect(Collectors.joining(", "));
        String first = "SELECT " + columns + " FROM " + table.name().quoted() + " ORDER BY " + order + " LIMIT ?";
        String next = "SELECT " + columns + " FROM " + table.name().quoted() + " WHERE " + after(key) + " ORDER BY " + order + " LIMIT ?";
        int chunk = run.settings().commitRate();
        long rows = 0;
        Object[] last = null;
        while (!run.stopping()) {
            Object[] lastKey = last;
            List<Object[]> batch = readChunk(lastKey == null ? first : next, lastKey, chunk);
            if (batch.isEmpty()) {
                break;
            }
            write(batch);
            rows += batch.size();
            progress.addFullLoadRows(batch.size());
            logProgress(rows);
            run.hooks().afterLoadCommit(table.name(), rows, target);
            last = batch.get(batch.size() - 1);
            if (batch.size() < chunk) {
                break;
            }
        }
        return rows;
    }

    /** A progress line every 10 s for a long load. */
    private void logProgress(long rows) {
        long now = System.nanoTime();
        if (now - lastLog >= 10_000_000_000L) {
            LOG.info("{}: loading {}: {} rows so far ({} rows/s)", run.name(), table.name(), rows,
                    Math.round(rows / Math.max((now - startedNanos) / 1e9, 1e-3)));
            lastLog = now;
        }
    }

    /** {@code (k1 > ?) OR (k1 = ? AND k2 > ?) OR …}: the rows after a key, in a form the range optimizer uses. */
    private static String after(List<ColumnInfo> key) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            List<String> parts = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                parts.add(key.get(j).quoted() + " = ?");
            }
            parts.add(key.get(i).quoted() + " > ?");
            terms.add("(" + String.join(" AND ", parts) + ")");
        }
        return String.join(" OR ", terms);
    }

    private List<Object[]> readChunk(String sql, Object[] lastRow, int limit) throws TableLoadError, TaskRun.Fatal {
        int attempt = 0;
        while (true) {
            try {
                if (source == null) {
                    source = run.sessions().source(run.sourceEndpoint());
                }
                try (PreparedStatement ps = source.prepareStatement(sql)) {
                    int p = 1;
                    if (lastRow != null) {
                        List<Integer> key = table.key();
                        for (int i = 0; i < key.size(); i++) {
                            for (int j = 0; j <= i; j++) {
                                ps.setObject(p++, lastRow[key.get(j)]);
                            }
                        }
                    }
                    ps.setInt(p, limit);
                    List<Object[]> rows = new ArrayList<>(Math.min(limit, 100_000));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(readRow(rs));
                        }
                    }
                    run.recovery().recovered("reading " + table.name() + " from the source", attempt);
                    return rows;
                }
            } catch (SQLException e) {
                if (!Sessions.isConnectionLost(e, source)) {
                    throw new TableLoadError("reading " + table.name() + " from the source failed: " + describe(e));
                }
                closeQuietly(source);
                source = null;
                recover(++attempt, "reading " + table.name() + " from the source", e);
            }
        }
    }

    private Object[] readRow(ResultSet rs) throws SQLException {
        Object[] row = new Object[table.columns().size()];
        for (ColumnInfo column : table.columns()) {
            row[column.index()] = Values.read(rs, column.index() + 1, column);
        }
        return row;
    }

    /**
     * Tables without a key to page by: one read, streamed, written in batches (upserts when the table has a key).
     * A lost session cannot resume here: the table is put in error and must be reloaded.
     */
    private long loadStream() throws TableLoadError, TaskRun.Fatal {
        String columns = table.columns().stream().map(ColumnInfo::selectExpression).collect(Collectors.joining(", "));
        String sql = "SELECT " + columns + " FROM " + table.name().quoted();
        int chunk = run.settings().commitRate();
        long rows = 0;
        try {
            source = run.sessions().source(run.sourceEndpoint());
            try (PreparedStatement ps = source.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(Integer.MIN_VALUE); // Connector/J streams the rows instead of buffering the table
                try (ResultSet rs = ps.executeQuery()) {
                    List<Object[]> batch = new ArrayList<>(chunk);
                    while (rs.next() && !run.stopping()) {
                        batch.add(readRow(rs));
                        if (batch.size() == chunk) {
                            rows += writeOnce(batch);
                            batch = new ArrayList<>(chunk);
                        }
                    }
                    if (!batch.isEmpty() && !run.stopping()) {
                        rows += writeOnce(batch);
                    }
                }
            }
        } catch (SQLException e) {
            throw new TableLoadError("reading " + table.name() + " in one stream failed: " + describe(e)
                    + (Sessions.isConnectionLost(e, source) ? "; a streamed load cannot resume: reload the table" : ""));
        }
        return rows;
    }

    private int writeOnce(List<Object[]> batch) throws TableLoadError, TaskRun.Fatal {
        try {
            if (target == null) {
                target = run.sessions().target(run.targetEndpoint(), false);
            }
            run.writer().writeRows(target, table, batch);
            target.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new TableLoadError("writing " + table.name() + " in one stream failed: " + describe(e)
                    + (Sessions.isConnectionLost(e, target) ? "; a streamed load cannot resume: reload the table" : ""));
        }
        progress.addFullLoadRows(batch.size());
        long rows = progress.snapshot().fullLoadRows();
        logProgress(rows);
        run.hooks().afterLoadCommit(table.name(), rows, target);
        return batch.size();
    }

    private void write(List<Object[]> batch) throws TableLoadError, TaskRun.Fatal {
        withTarget(c -> {
            run.writer().writeRows(c, table, batch);
            c.commit();
        });
    }

    interface TargetWork {
        void run(Connection c) throws SQLException;
    }

    /** Runs {@code work} on the target session, reopening it after a lost connection (RecoverableError*). */
    private void withTarget(TargetWork work) throws TableLoadError, TaskRun.Fatal {
        int attempt = 0;
        int retries = 0;
        while (true) {
            try {
                if (target == null) {
                    target = run.sessions().target(run.targetEndpoint(), false);
                }
                work.run(target);
                run.recovery().recovered("writing " + table.name() + " to the target", attempt);
                return;
            } catch (SQLException e) {
                if (Sessions.isConnectionLost(e, target)) {
                    run.sessions().close(target);
                    target = null;
                    recover(++attempt, "writing " + table.name() + " to the target", e);
                } else if (Sessions.isRetryable(e) && retries++ < 10) {
                    rollbackQuietly();
                } else {
                    rollbackQuietly();
                    throw new TableLoadError("loading " + table.name() + " failed on the target: " + describe(e));
                }
            }
        }
    }

    private void recover(int attempt, String what, SQLException e) throws TaskRun.Fatal {
        LOG.warn("{}: connection lost while {}: {}", run.name(), what, describe(e));
        run.recovery().lost(what, describe(e));
        if (!run.recovery().await(attempt, what, run::stopping)) {
            if (run.stopping()) {
                throw new TaskRun.Fatal(null);
            }
            throw new TaskRun.Fatal("recoverable error count exhausted while " + what + ": " + describe(e));
        }
    }

    private void rollbackQuietly() {
        try {
            if (target != null) {
                target.rollback();
            }
        } catch (SQLException ignored) {
            // the session is being replaced or the table failed
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing
            }
        }
    }

    static String describe(SQLException e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = text.indexOf('\n');
        if (newline > 0) {
            text = text.substring(0, newline);
        }
        return (e.getErrorCode() != 0 ? "[" + e.getErrorCode() + "] " : "") + text;
    }
}
