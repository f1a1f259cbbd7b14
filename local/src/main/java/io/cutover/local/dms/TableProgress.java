package io.cutover.local.dms;

import io.cutover.core.ports.Replication.TableState;

/** One table's DMS table statistics: its state, full-load rows, CDC counters and last error. Thread-safe. */
final class TableProgress {
    static final String BEFORE_LOAD = "Before load";
    static final String FULL_LOAD = "Full load";
    static final String COMPLETED = "Table completed";
    static final String ERROR = "Table error";

    private final TableName name;
    private String state = BEFORE_LOAD;
    private long estimatedRows;
    private long fullLoadRows;
    private long inserts;
    private long updates;
    private long deletes;
    private long ddls;
    private String lastError;

    TableProgress(TableName name, long estimatedRows) {
        this.name = name;
        this.estimatedRows = estimatedRows;
    }

    TableName name() {
        return name;
    }

    synchronized String state() {
        return state;
    }

    synchronized void beforeLoad(long estimate) {
        state = BEFORE_LOAD;
        estimatedRows = estimate;
        fullLoadRows = 0;
        lastError = null;
    }

    synchronized void loading() {
        state = FULL_LOAD;
    }

    synchronized void loaded() {
        if (!ERROR.equals(state)) {
            state = COMPLETED;
        }
    }

    synchronized void error(String message) {
        state = ERROR;
        lastError = message;
    }

    synchronized boolean isError() {
        return ERROR.equals(state);
    }

    synchronized boolean isTerminal() {
        return COMPLETED.equals(state) || ERROR.equals(state);
    }

    synchronized void addFullLoadRows(long rows) {
        fullLoadRows += rows;
    }

    synchronized void applied(RowChange.Kind kind) {
        switch (kind) {
            case INSERT -> inserts++;
            case UPDATE -> updates++;
            case DELETE -> deletes++;
        }
    }

    synchronized void ddl(int count) {
        ddls += count;
    }

    /** Progress of this table's load in [0, 1]: 1 once terminal; loaded rows over the estimate (at most 0.99) before. */
    synchronized double loadFraction() {
        if (isTerminal()) {
            return 1.0;
        }
        if (BEFORE_LOAD.equals(state)) {
            return 0.0;
        }
        return Math.min(0.99, fullLoadRows / (double) Math.max(1, estimatedRows));
    }

    synchronized long weight() {
        return Math.max(1, estimatedRows);
    }

    synchronized long inserts() {
        return inserts;
    }

    synchronized long updates() {
        return updates;
    }

    synchronized long deletes() {
        return deletes;
    }

    synchronized long ddls() {
        return ddls;
    }

    synchronized TableState snapshot() {
        return new TableState(name.schema(), name.table(), state, fullLoadRows, inserts, updates, deletes, ddls, lastError);
    }
}
