package io.cutover.local.dms;

import io.cutover.core.db.BinlogPosition;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.core.ports.Replication.Checkpoint;
import io.cutover.core.ports.Replication.TableState;
import io.cutover.core.ports.Replication.TaskDefinition;
import io.cutover.core.ports.Replication.TaskProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A local replication task: its definition, its status as DMS names it, its tables' statistics and where it
 * stands in the source's binlog. Outlives its runs (stop and resume), like a DMS task. Thread-safe.
 */
final class LocalTask {
    static final String READY = "ready";
    static final String STARTING = "starting";
    static final String RUNNING = "running";
    static final String STOPPING = "stopping";
    static final String STOPPED = "stopped";
    static final String FAILED = "failed";

    final String arn;
    final TaskDefinition definition;
    final TableMappings mappings;
    final LocalTaskSettings settings;
    final LocalEndpoint source;
    /** Replaced when the endpoint's init statements change: runs read it when they open a target session. */
    private volatile LocalEndpoint target;

    private String status = READY;
    private String stopReason;
    private String lastFailureMessage;
    private boolean everStarted;
    private final Map<TableName, TableProgress> tables = new TreeMap<>();
    private TaskRun run;

    private BinlogPosition loadStart;
    private BinlogPosition checkpoint;
    private boolean fullLoadComplete;
    private BinlogPosition lastApplied;
    private String lastGtid;
    private long lastCommitMillis = -1;

    LocalTask(String arn, TaskDefinition definition, TableMappings mappings, LocalTaskSettings settings, LocalEndpoint source, LocalEndpoint target) {
        this.arn = arn;
        this.definition = definition;
        this.mappings = mappings;
        this.settings = settings;
        this.source = source;
        this.target = target;
    }

    String id() {
        return definition.taskId();
    }

    LocalEndpoint target() {
        return target;
    }

    /** The target endpoint was modified (its init statements): sessions opened from now on use the new one. */
    void targetModified(LocalEndpoint modified) {
        if (modified.arn().equals(target.arn())) {
            target = modified;
        }
    }

    synchronized String status() {
        return status;
    }

    synchronized boolean everStarted() {
        return everStarted;
    }

    synchronized TaskRun run() {
        return run;
    }

    /** A run begins: status starting. */
    synchronized void starting(TaskRun newRun) {
        everStarted = true;
        run = newRun;
        status = STARTING;
        stopReason = null;
        lastFailureMessage = null;
    }

    synchronized void running() {
        if (STARTING.equals(status)) {
            status = RUNNING;
        }
    }

    synchronized void stopping() {
        if (STARTING.equals(status) || RUNNING.equals(status)) {
            status = STOPPING;
        }
    }

    /**
     * The run ended: stopped (a stop was asked for, or the settings stop the task after the full load: the reason
     * says which) or failed with the reason.
     */
    synchronized void ended(String failure, String stoppedBecause) {
        if (failure == null) {
            status = STOPPED;
            stopReason = stoppedBecause == null ? "Stop Reason NORMAL" : stoppedBecause;
        } else {
            status = FAILED;
            stopReason = failure.contains("recoverable error count exhausted") ? "Stop Reason RECOVERABLE_ERROR" : "Stop Reason FATAL_ERROR";
            lastFailureMessage = failure;
        }
    }

    // ---- tables and positions, set by the run ----

    /** A first start or a reload: every selected table is loaded again, CDC from {@code start}. */
    synchronized void beginFullLoad(Map<TableName, TableInfo> selected, BinlogPosition start) {
        tables.clear();
        selected.forEach((name, info) -> tables.put(name, new TableProgress(name, info.estimatedRows())));
        loadStart = start;
        checkpoint = start;
        fullLoadComplete = false;
    }

    /**
     * A resume: loaded tables stay loaded; tables whose load did not finish are loaded again; errored tables stay
     * suspended; tables created since the first start are not added (as DMS, without DDL replication). Returns
     * where CDC resumes.
     */
    synchronized BinlogPosition prepareResume(Map<TableName, TableInfo> selected) {
        for (TableProgress p : tables.values()) {
            TableInfo info = selected.get(p.name());
            if (info != null && !p.isTerminal()) {
                p.beforeLoad(info.estimatedRows());
            }
        }
        if (tables.values().stream().anyMatch(p -> !p.isTerminal())) {
            fullLoadComplete = false;
            checkpoint = loadStart;
        }
        return fullLoadComplete ? checkpoint : loadStart;
    }

    synchronized TableProgress table(TableName name) {
        return tables.computeIfAbsent(name, n -> new TableProgress(n, 0));
    }

    synchronized List<TableProgress> tables() {
        return List.copyOf(tables.values());
    }

    synchronized void fullLoadComplete(BinlogPosition at) {
        fullLoadComplete = true;
        checkpointAt(at);
    }

    synchronized boolean isFullLoadComplete() {
        return fullLoadComplete;
    }

    synchronized void checkpointAt(BinlogPosition position) {
        if (fullLoadComplete && (checkpoint == null || position.compareTo(checkpoint) > 0)) {
            checkpoint = position;
        }
    }

    /** A transaction was applied: the newest one by binlog position is the checkpoint's last source transaction. */
    synchronized void applied(String gtid, long commitMillis, BinlogPosition end) {
        if (lastApplied != null && end.compareTo(lastApplied) <= 0) {
            return; // cached changes of an older transaction, applied after newer ones
        }
        lastApplied = end;
        lastGtid = gtid;
        lastCommitMillis = commitMillis;
    }

    // ---- DMS-shaped snapshots ----

    synchronized TaskProgress progress() {
        List<TableState> states = new ArrayList<>();
        int loaded = 0;
        int loading = 0;
        int queued = 0;
        int errored = 0;
        double done = 0;
        double total = 0;
        for (TableProgress p : tables.values()) {
            TableState s = p.snapshot();
            states.add(s);
            switch (s.state()) {
                case TableProgress.COMPLETED -> loaded++;
                case TableProgress.FULL_LOAD -> loading++;
                case TableProgress.BEFORE_LOAD -> queued++;
                default -> errored++;
            }
            done += p.loadFraction() * p.weight();
            total += p.weight();
        }
        Integer percent = null; // DMS reports no statistics before the first start
        if (everStarted) {
            if (tables.isEmpty()) {
                percent = STARTING.equals(status) ? 0 : 100;
            } else {
                percent = loading + queued == 0 ? 100 : (int) Math.min(99, Math.floor(100 * done / Math.max(1, total)));
            }
        }
        return new TaskProgress(status, stopReason, lastFailureMessage, percent, loaded, loading, queued, errored, states);
    }

    synchronized CdcSample cdcSample(Instant now) {
        long inserts = 0;
        long updates = 0;
        long deletes = 0;
        long ddls = 0;
        for (TableProgress p : tables.values()) {
            inserts += p.inserts();
            updates += p.updates();
            deletes += p.deletes();
            ddls += p.ddls();
        }
        TaskRun current = RUNNING.equals(status) ? run : null;
        TaskRun.Latency latency = current == null ? TaskRun.Latency.UNKNOWN : current.latency(now.toEpochMilli());
        return new CdcSample(now, latency.source(), latency.target(), inserts, updates, deletes, ddls, latency.incoming());
    }

    synchronized Checkpoint checkpoint() {
        if (checkpoint == null) {
            return new Checkpoint(null, null, null, null, null);
        }
        String recovery = "checkpoint:V1#local#" + checkpoint.file() + ":" + checkpoint.position() + "#" + (lastGtid == null ? "-" : lastGtid);
        return new Checkpoint(recovery, lastGtid, lastCommitMillis < 0 ? null : Instant.ofEpochMilli(lastCommitMillis).toString(),
                checkpoint.file(), checkpoint.position());
    }
}
