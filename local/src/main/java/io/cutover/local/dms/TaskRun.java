package io.cutover.local.dms;

import io.cutover.core.db.BinlogPosition;
import io.cutover.core.ports.Replication.StartMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a task, from start (or resume) to stop or failure, on threads of its own:
 * <ol>
 *   <li>reads the selected tables from the source catalog and records the binlog position first (a first start
 *       or a reload), or takes the position to resume from;</li>
 *   <li>starts reading the binlog from there (changes made during the load are captured, then cached);</li>
 *   <li>loads the tables that need it on a bounded pool (MaxFullLoadSubTasks, at most the engine's limit),
 *       while the applier applies each table's cached changes after its load and then follows the binlog;</li>
 *   <li>on stop: the loaders end after their current chunk, the reader disconnects, the applier finishes the
 *       transaction it is applying; every thread and session is closed before the status reads stopped.</li>
 * </ol>
 */
final class TaskRun {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRun.class);
    private static final long CONNECT_TIMEOUT_MS = 30_000;

    /** Ends a run: the message is the task's failure; null when the run is simply stopping. */
    static final class Fatal extends Exception {
        Fatal(String message) {
            super(message);
        }
    }

    /** CDC latency and incoming changes, as {@link LocalTask#cdcSample} reports them. */
    record Latency(Double source, Double target, Long incoming) {
        static final Latency UNKNOWN = new Latency(null, null, null);
    }

    private final LocalTask task;
    private final StartMode mode;
    private final EngineContext engine;
    private final String name;
    private final Recovery recovery;
    private final TargetWriter writer;
    private final Thread control;
    private final Object signal = new Object();

    private volatile boolean stopping;
    private volatile String failure;
    private volatile String stopReason;
    private volatile ChangeStream stream;
    private volatile ChangeApplier applier;

    /** What the engine shares with its runs. */
    record EngineContext(Sessions sessions, FailureHooks hooks, LocalDmsOptions options, java.util.function.Consumer<String> notices) {}

    TaskRun(LocalTask task, StartMode mode, EngineContext engine) {
        this.task = task;
        this.mode = mode;
        this.engine = engine;
        this.name = "cutover-dms-" + task.id();
        this.recovery = Recovery.of(task.settings, notice -> engine.notices().accept(task.id() + ": " + notice));
        this.writer = new TargetWriter(task.settings.lobMaxBytes(), engine.sessions()::targetGlobalSqlMode);
        this.control = new Thread(this::run, name);
        this.control.setDaemon(true);
    }

    void start() {
        control.start();
    }

    String name() {
        return name;
    }

    LocalTask task() {
        return task;
    }

    LocalTaskSettings settings() {
        return task.settings;
    }

    Sessions sessions() {
        return engine.sessions();
    }

    FailureHooks hooks() {
        return engine.hooks();
    }

    Recovery recovery() {
        return recovery;
    }

    TargetWriter writer() {
        return writer;
    }

    ChangeApplier applier() {
        return applier;
    }

    LocalEndpoint sourceEndpoint() {
        return task.source;
    }

    /** The target endpoint as it is now (its init statements may have been switched since the task was created). */
    LocalEndpoint targetEndpoint() {
        return task.target();
    }

    boolean stopping() {
        return stopping;
    }

    /** Asks the run to stop (returns at once). */
    void stop() {
        stopping = true;
        task.stopping();
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /**
     * The full load and its cached changes are applied and the settings say to stop there
     * ({@code FullLoadSettings.StopTaskCachedChangesApplied}): the run stops as DMS does, with DMS's stop reason;
     * a resume continues CDC from the checkpoint.
     */
    void stopAfterCachedChanges() {
        stopReason = "Stop Reason STOPPED_AFTER_CACHED_EVENTS";
        LOG.info("{}: full load and cached changes applied; stopping as StopTaskCachedChangesApplied asks", name);
        stop();
    }

    /** Fails the run with {@code message} (the first failure wins); null only ends a stopping run's work. */
    void fail(String message) {
        if (message == null) {
            return;
        }
        synchronized (signal) {
            if (failure == null) {
                failure = message;
                LOG.error("{}: task failed: {}", name, message);
            }
            stopping = true;
            signal.notifyAll();
        }
        task.stopping();
    }

    /** Waits for the run's threads to end. */
    boolean awaitEnd(long millis) throws InterruptedException {
        control.join(millis);
        return !control.isAlive();
    }

    private void run() {
        ExecutorService loaders = null;
        BinlogReader reader = null;
        Thread applyThread = null;
        try {
            Map<TableName, TableInfo> selected;
            BinlogPosition start;
            try (Connection source = sessions().source(task.source)) {
                SourceTables catalog = new SourceTables(source);
                selected = new LinkedHashMap<>();
                for (Map.Entry<TableName, TableInfo> e : catalog.describe(task.mappings.select(catalog.baseTables())).entrySet()) {
                    selected.put(e.getKey(), e.getValue().removing(task.mappings));
                }
                if (mode == StartMode.RESUME_PROCESSING) {
                    start = task.prepareResume(selected);
                } else {
                    start = catalog.currentPosition();
                    task.beginFullLoad(selected, start);
                }
            }
            Map<TableName, Boolean> loadedAlready = new LinkedHashMap<>();
            Map<TableName, TableInfo> replicated = new LinkedHashMap<>();
            List<TableInfo> toLoad = new ArrayList<>();
            for (TableProgress p : task.tables()) {
                TableInfo info = selected.get(p.name());
                if (info == null || p.isError()) {
                    continue; // suspended, or gone from the source
                }
                replicated.put(p.name(), info);
                loadedAlready.put(p.name(), p.isTerminal());
                if (!p.isTerminal()) {
                    toLoad.add(info);
                }
            }
            LOG.info("{}: {} ({} tables selected, {} to load); CDC from binlog position {}", name,
                    mode == StartMode.RESUME_PROCESSING ? "resuming" : "starting a full load", replicated.size(), toLoad.size(), start);

            stream = new ChangeStream(engine.options().queueCapacity(), start);
            applier = new ChangeApplier(this, stream, loadedAlready, task.isFullLoadComplete(), start);
            reader = new BinlogReader(name + "-binlog", task.source, sessions(), replicated, start, stream, recovery);
            reader.start();
            if (!stream.awaitConnected(CONNECT_TIMEOUT_MS)) {
                fail(stream.failure() != null ? stream.failure() : "could not connect to the source binlog within " + CONNECT_TIMEOUT_MS / 1000 + " s");
                return;
            }
            applyThread = new Thread(applier, name + "-apply");
            applyThread.setDaemon(true);
            applyThread.start();
            task.running();

            int threads = Math.max(1, Math.min(task.settings.maxFullLoadSubTasks(), engine.options().maxLoadThreads()));
            loaders = Executors.newFixedThreadPool(threads, named(name + "-load-"));
            for (TableInfo table : toLoad) {
                loaders.execute(() -> {
                    if (!stopping) {
                        new TableLoader(this, table, task.table(table.name())).load();
                    }
                });
            }
            loaders.shutdown();
            waitForStopOrFailure();
        } catch (SQLException e) {
            fail("cannot start: source: " + TableLoader.describe(e));
        } catch (io.cutover.core.error.CutoverException e) {
            fail("cannot start: " + e.getMessage()); // e.g. the endpoint's secret is missing or malformed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        } catch (RuntimeException e) {
            LOG.error("{}: unexpected failure", name, e);
            fail("unexpected failure: " + e);
        } finally {
            stopping = true;
            shutdown(loaders, reader, applyThread);
            task.ended(failure, stopReason);
            LOG.info("{}: {}", name, failure == null ? "stopped" : "failed: " + failure);
        }
    }

    private void waitForStopOrFailure() throws InterruptedException {
        while (!stopping) {
            String readerFailure = stream.failure();
            if (readerFailure != null) {
                fail(readerFailure);
                return;
            }
            synchronized (signal) {
                if (!stopping) {
                    signal.wait(200);
                }
            }
        }
    }

    private void shutdown(ExecutorService loaders, BinlogReader reader, Thread applyThread) {
        if (loaders != null) {
            loaders.shutdown();
            try {
                if (!loaders.awaitTermination(60, TimeUnit.SECONDS)) {
                    LOG.warn("{}: loaders still busy after 60 s; interrupting them", name);
                    loaders.shutdownNow();
                    loaders.awaitTermination(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                loaders.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        if (reader != null) {
            reader.close();
        }
        if (stream != null) {
            stream.close();
        }
        if (applyThread != null) {
            try {
                applyThread.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** CDC latency and incoming changes now (see {@link io.cutover.core.ports.Replication.CdcSample}). */
    Latency latency(long now) {
        ChangeStream s = stream;
        ChangeApplier a = applier;
        if (s == null || a == null || !s.isConnected()) {
            return Latency.UNKNOWN;
        }
        long incoming = s.queuedChanges() + a.cachedChanges();
        SourceTransaction newest = s.newestRead();
        long lastActivity = Math.max(newest == null ? -1 : newest.readMillis(), a.lastAppliedAtMillis());
        if (incoming == 0 && (newest == null || now - lastActivity > engine.options().latencyIdleAfter().toMillis())) {
            return new Latency(null, null, incoming); // idle: DMS reports no latency
        }
        Double source = newest == null ? null : seconds(newest.readMillis() - newest.commitMillis());
        Double target;
        if (incoming > 0) {
            long queued = s.oldestQueuedCommitMillis();
            long cached = a.oldestCachedCommitMillis();
            long oldest = queued < 0 ? cached : cached < 0 ? queued : Math.min(queued, cached);
            target = oldest < 0 ? null : seconds(now - oldest);
        } else {
            target = a.lastAppliedCommitMillis() < 0 ? null : seconds(a.lastAppliedAtMillis() - a.lastAppliedCommitMillis());
        }
        return new Latency(source, target, incoming);
    }

    /** Whole seconds, as DMS reports its latencies (and MariaDB's binlog timestamps are whole seconds). */
    private static double seconds(long millis) {
        return Math.floor(Math.max(0, millis) / 1000.0);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
