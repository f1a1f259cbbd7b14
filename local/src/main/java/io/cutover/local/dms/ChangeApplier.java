package io.cutover.local.dms;

import io.cutover.core.db.BinlogPosition;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the source's transactions to the target, one thread, in commit order, as DMS's transactional apply:
 * <ul>
 *   <li>while a table waits for or is in its full load, its changes are cached; when its load ends, the cache is
 *       applied and later changes go straight to the target (DMS's "cached changes");</li>
 *   <li>once every table is loaded and every cache applied, the full load is complete: changes are applied with
 *       foreign key checks on (cascades act on the target), consecutive source transactions grouped into one
 *       target transaction while a backlog exists, and the checkpoint follows the last applied transaction;</li>
 *   <li>a table whose load or apply failed is suspended (its changes are dropped), as TableErrorPolicy
 *       SUSPEND_TABLE does; a lost target session is reopened and the group applied again.</li>
 * </ul>
 */
final class ChangeApplier implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeApplier.class);
    /** Row changes per target transaction when several source transactions wait (each stays whole). */
    static final int GROUP_ROWS = 2_000;

    private enum Mode { CACHE, DIRECT, SUSPENDED }

    private final TaskRun run;
    private final ChangeStream stream;
    private final Map<TableName, Mode> modes = new HashMap<>();
    private final Map<TableName, List<RowChange>> caches = new HashMap<>();
    /** The newest transaction that put a change into each table's cache. */
    private final Map<TableName, SourceTransaction> lastCached = new HashMap<>();
    private final Queue<TableName> finishedLoads = new ConcurrentLinkedQueue<>();
    private final Queue<TableName> failedLoads = new ConcurrentLinkedQueue<>();
    private Connection connection;
    private boolean connectionChecksForeignKeys;
    private boolean fullLoadComplete;
    private BinlogPosition lastPolledEnd;
    private long appliedSinceLog;
    private long lastLog = System.nanoTime();

    // read by other threads for the statistics
    private volatile long cachedChanges;
    private volatile long oldestCachedCommitMillis = -1;
    private volatile long lastAppliedCommitMillis = -1;
    private volatile long lastAppliedAtMillis = -1;

    ChangeApplier(TaskRun run, ChangeStream stream, Map<TableName, Boolean> loadedAlready, boolean fullLoadComplete, BinlogPosition start) {
        this.run = run;
        this.stream = stream;
        loadedAlready.forEach((table, loaded) -> modes.put(table, loaded ? Mode.DIRECT : Mode.CACHE));
        this.fullLoadComplete = fullLoadComplete;
        this.lastPolledEnd = start;
    }

    /** From a loader: the table is loaded; its cached changes are applied next. */
    void loadFinished(TableName table) {
        finishedLoads.add(table);
    }

    /** From a loader: the table failed; its changes are dropped from now on. */
    void loadFailed(TableName table) {
        failedLoads.add(table);
    }

    long cachedChanges() {
        return cachedChanges;
    }

    long oldestCachedCommitMillis() {
        return oldestCachedCommitMillis;
    }

    long lastAppliedCommitMillis() {
        return lastAppliedCommitMillis;
    }

    long lastAppliedAtMillis() {
        return lastAppliedAtMillis;
    }

    @Override
    public void run() {
        try {
            checkFullLoadComplete();
            while (!run.stopping()) {
                handleLoadEvents();
                SourceTransaction first = stream.poll(100);
                if (first == null) {
                    idle();
                    continue;
                }
                // a load that ended meanwhile: its cache (older changes) goes first, then this transaction directly
                handleLoadEvents();
                if (run.stopping()) {
                    break; // not applied: the checkpoint is before it, a resume reads it again
                }
                List<SourceTransaction> group = new ArrayList<>(List.of(first));
                int rows = first.size();
                while (rows < GROUP_ROWS) {
                    SourceTransaction next = stream.pollNow();
                    if (next == null) {
                        break;
                    }
                    group.add(next);
                    rows += next.size();
                }
                handle(group);
            }
        } catch (TaskRun.Fatal e) {
            run.fail(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("{}: the change applier failed", run.name(), e);
            run.fail("the change applier failed: " + e);
        } finally {
            run.sessions().close(connection);
            connection = null;
        }
    }

    private void idle() {
        if (fullLoadComplete) {
            BinlogPosition boundary = stream.idleBoundary();
            if (boundary != null && boundary.compareTo(lastPolledEnd) > 0) {
                lastPolledEnd = boundary;
                run.task().checkpointAt(boundary);
            }
        }
    }

    private void handle(List<SourceTransaction> group) throws TaskRun.Fatal {
        List<RowChange> direct = new ArrayList<>();
        SourceTransaction lastDirect = null;
        for (SourceTransaction transaction : group) {
            transaction.tableErrors().forEach((table, why) -> suspend(table, why));
            transaction.ddls().forEach((table, n) -> run.task().table(table).ddl(n));
            boolean any = false;
            for (RowChange change : transaction.changes()) {
                Mode mode = modes.getOrDefault(change.name(), Mode.SUSPENDED);
                if (mode == Mode.DIRECT) {
                    direct.add(change);
                    any = true;
                } else if (mode == Mode.CACHE) {
                    cache(change, transaction);
                }
            }
            if (any) {
                lastDirect = transaction;
            }
        }
        List<RowChange> applied = apply(direct, "applying changes");
        count(applied);
        if (lastDirect != null && !applied.isEmpty()) {
            appliedUpTo(lastDirect);
        }
        lastPolledEnd = group.get(group.size() - 1).end();
        logProgress(applied.size());
        if (fullLoadComplete) {
            run.task().checkpointAt(lastPolledEnd);
        }
        if (!applied.isEmpty()) {
            run.hooks().afterApplyCommit(group.size(), connection);
        }
    }

    /** The statistics and the checkpoint's "last source transaction" after {@code transaction} was applied. */
    private void appliedUpTo(SourceTransaction transaction) {
        lastAppliedCommitMillis = transaction.commitMillis();
        lastAppliedAtMillis = System.currentTimeMillis();
        run.task().applied(transaction.gtid(), transaction.commitMillis(), transaction.end());
    }

    /** A CDC progress line every 30 s while changes are applied. */
    private void logProgress(int applied) {
        appliedSinceLog += applied;
        long now = System.nanoTime();
        if (now - lastLog >= 30_000_000_000L && appliedSinceLog > 0) {
            LOG.info("{}: CDC applied {} changes in the last {} s; {} read and not yet applied; checkpoint {}", run.name(), appliedSinceLog,
                    Math.round((now - lastLog) / 1e9), stream.queuedChanges() + cachedChanges, lastPolledEnd);
            appliedSinceLog = 0;
            lastLog = now;
        }
    }

    private void cache(RowChange change, SourceTransaction transaction) {
        lastCached.put(change.name(), transaction);
        List<RowChange> cache = caches.computeIfAbsent(change.name(), t -> new ArrayList<>());
        cache.add(change);
        cachedChanges++;
        if (oldestCachedCommitMillis < 0) {
            oldestCachedCommitMillis = change.commitMillis();
        }
    }

    private void handleLoadEvents() throws TaskRun.Fatal {
        for (TableName failed; (failed = failedLoads.poll()) != null; ) {
            modes.put(failed, Mode.SUSPENDED);
            dropCache(failed);
        }
        for (TableName loaded; (loaded = finishedLoads.poll()) != null; ) {
            List<RowChange> cache = caches.remove(loaded);
            if (modes.get(loaded) != Mode.CACHE) {
                continue;
            }
            int size = cache == null ? 0 : cache.size();
            if (cache != null) {
                for (int from = 0; from < cache.size() && modes.get(loaded) == Mode.CACHE && !run.stopping(); from += GROUP_ROWS) {
                    count(apply(cache.subList(from, Math.min(cache.size(), from + GROUP_ROWS)), "applying the cached changes of " + loaded));
                }
                cachedChanges -= size;
                recomputeOldestCached();
                SourceTransaction newest = lastCached.remove(loaded);
                if (newest != null && size > 0) {
                    appliedUpTo(newest);
                }
            }
            if (run.stopping()) {
                return;
            }
            if (modes.get(loaded) == Mode.CACHE) {
                modes.put(loaded, Mode.DIRECT);
                LOG.info("{}: {} loaded; {} cached changes applied, its changes now apply as they come", run.name(), loaded, size);
            }
        }
        checkFullLoadComplete();
    }

    private void checkFullLoadComplete() {
        if (fullLoadComplete || modes.containsValue(Mode.CACHE)) {
            return;
        }
        fullLoadComplete = true;
        run.task().fullLoadComplete(lastPolledEnd);
        if (run.settings().stopAfterCachedChanges()) {
            run.stopAfterCachedChanges();
            return;
        }
        LOG.info("{}: full load complete and cached changes applied; CDC applies in commit order from {}", run.name(), lastPolledEnd);
    }

    private void dropCache(TableName table) {
        lastCached.remove(table);
        List<RowChange> cache = caches.remove(table);
        if (cache != null) {
            cachedChanges -= cache.size();
            recomputeOldestCached();
        }
    }

    private void recomputeOldestCached() {
        oldestCachedCommitMillis = caches.values().stream().filter(c -> !c.isEmpty()).mapToLong(c -> c.get(0).commitMillis()).min().orElse(-1);
    }

    private void suspend(TableName table, String why) {
        if (modes.get(table) == Mode.SUSPENDED) {
            return;
        }
        modes.put(table, Mode.SUSPENDED);
        dropCache(table);
        run.task().table(table).error(why);
        LOG.error("{}: Table error on {}: {}; its changes are no longer applied", run.name(), table, why);
        if (run.settings().stopTaskOnTableError()) {
            run.fail("Table error on " + table + " (TableErrorPolicy STOP_TASK): " + why);
        }
    }

    private void count(List<RowChange> applied) {
        for (RowChange change : applied) {
            run.task().table(change.name()).applied(change.kind());
        }
    }

    /**
     * Applies and commits {@code changes}; returns those applied (a table that fails on a data error is suspended
     * and its changes left out). A lost session is reopened per RecoverableError*; giving up fails the task.
     */
    private List<RowChange> apply(List<RowChange> changes, String what) throws TaskRun.Fatal {
        List<RowChange> pending = changes;
        int attempt = 0;
        int retries = 0;
        while (!pending.isEmpty()) {
            try {
                Connection c = connection();
                run.writer().apply(c, pending);
                c.commit();
                run.recovery().recovered(what + " on the target", attempt);
                return pending;
            } catch (SQLException e) {
                if (Sessions.isConnectionLost(e, connection)) {
                    run.sessions().close(connection);
                    connection = null;
                    LOG.warn("{}: target session lost while {}: {}", run.name(), what, TableLoader.describe(e));
                    run.recovery().lost(what + " on the target", TableLoader.describe(e));
                    if (!run.recovery().await(++attempt, what, run::stopping)) {
                        throw new TaskRun.Fatal(run.stopping() ? null
                                : "recoverable error count exhausted while " + what + " on the target: " + TableLoader.describe(e));
                    }
                } else if (Sessions.isRetryable(e) && retries++ < 10) {
                    rollbackQuietly();
                } else if (e instanceof TableApplyException t) {
                    rollbackQuietly();
                    suspend(t.table(), "applying changes failed on the target: " + TableLoader.describe(e));
                    pending = pending.stream().filter(ch -> !ch.name().equals(t.table())).toList();
                } else {
                    rollbackQuietly();
                    throw new TaskRun.Fatal("target: " + what + " failed: " + TableLoader.describe(e));
                }
            }
        }
        return pending;
    }

    /** The apply session; foreign key checks only once the full load is complete (see {@link Sessions#target}). */
    private Connection connection() throws SQLException {
        if (connection != null && connectionChecksForeignKeys != fullLoadComplete) {
            run.sessions().close(connection);
            connection = null;
        }
        if (connection == null) {
            connection = run.sessions().target(run.targetEndpoint(), fullLoadComplete);
            connectionChecksForeignKeys = fullLoadComplete;
        }
        return connection;
    }

    private void rollbackQuietly() {
        try {
            if (connection != null) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // replaced next
        }
    }
}
