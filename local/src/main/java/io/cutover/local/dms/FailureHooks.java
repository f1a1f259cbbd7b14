package io.cutover.local.dms;

import java.sql.Connection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failure rehearsal: make the engine fail the way a DMS task fails in production, to see the state machine's
 * rollback and retry paths work. Every hook acts on the real servers or the engine's real code paths:
 * <ul>
 *   <li>{@link #failTableLoad}: the next load of a table fails; it ends in "Table error" with the message, the
 *       other tables go on (TableErrorPolicy SUSPEND_TABLE) or the task fails (STOP_TASK);</li>
 *   <li>{@link #killTargetConnections}: now, every target session of the engine is killed on the target server
 *       ({@code KILL CONNECTION}); the engine reconnects after RecoverableErrorInterval and continues, or fails
 *       the task after RecoverableErrorCount attempts;</li>
 *   <li>{@link #killTargetConnectionDuringLoad} / {@link #killTargetConnectionDuringCdc}: the same kill at a chosen
 *       moment, for repeatable rehearsals and tests.</li>
 * </ul>
 * Thread-safe; each armed hook fires once.
 */
public final class FailureHooks {
    private static final Logger LOG = LoggerFactory.getLogger(FailureHooks.class);

    private final Sessions sessions;
    private final Set<TableName> failingLoads = ConcurrentHashMap.newKeySet();
    private final Map<TableName, Long> killAtLoadedRows = new ConcurrentHashMap<>();
    private final AtomicLong killAfterTransactions = new AtomicLong(-1);
    private final AtomicLong killed = new AtomicLong();
    private volatile java.util.function.BiConsumer<TableName, Long> loadObserver = (table, rows) -> { };

    FailureHooks(Sessions sessions) {
        this.sessions = sessions;
    }

    /** The next load of {@code schemaDotTable} fails (checked when the table's load starts). */
    public void failTableLoad(String schemaDotTable) {
        TableName table = TableName.parse(schemaDotTable);
        failingLoads.add(table);
        LOG.warn("rehearsal hook armed: the next load of {} fails", table);
    }

    /** Kills every open target session of the engine now; returns how many were killed. */
    public int killTargetConnections() {
        int n = sessions.killAllTargets();
        killed.addAndGet(n);
        return n;
    }

    /** Kills the session loading {@code schemaDotTable} once it has committed at least {@code rows} rows. */
    public void killTargetConnectionDuringLoad(String schemaDotTable, long rows) {
        killAtLoadedRows.put(TableName.parse(schemaDotTable), rows);
        LOG.warn("rehearsal hook armed: kill the target session loading {} after {} rows", schemaDotTable, rows);
    }

    /** Kills the session applying CDC changes after {@code transactions} more committed apply transactions. */
    public void killTargetConnectionDuringCdc(long transactions) {
        killAfterTransactions.set(Math.max(1, transactions));
        LOG.warn("rehearsal hook armed: kill the CDC apply session after {} applied transactions", transactions);
    }

    /** How many target sessions the hooks have killed so far. */
    public long targetConnectionsKilled() {
        return killed.get();
    }

    // ---- called by the engine ----

    /** Throws when a failure of this table's load was asked for. */
    void beforeTableLoad(TableName table) {
        if (failingLoads.remove(table)) {
            throw new InjectedFailure("failure injected by the rehearsal (FailureHooks.failTableLoad) while loading " + table);
        }
    }

    /** Called in the loader's thread after each committed chunk (tests use it to act in the middle of a load). */
    void observeLoad(java.util.function.BiConsumer<TableName, Long> observer) {
        loadObserver = observer;
    }

    void afterLoadCommit(TableName table, long rowsSoFar, Connection target) {
        loadObserver.accept(table, rowsSoFar);
        Long at = killAtLoadedRows.get(table);
        if (at != null && rowsSoFar >= at && killAtLoadedRows.remove(table, at) && sessions.kill(target)) {
            killed.incrementAndGet();
        }
    }

    void afterApplyCommit(int transactions, Connection target) {
        long left = killAfterTransactions.get();
        if (left > 0 && killAfterTransactions.addAndGet(-transactions) <= 0) {
            killAfterTransactions.set(-1);
            if (sessions.kill(target)) {
                killed.incrementAndGet();
            }
        }
    }

    /** A failure the rehearsal asked for. */
    static final class InjectedFailure extends RuntimeException {
        InjectedFailure(String message) {
            super(message);
        }
    }
}
