package io.cutover.local.dms;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.network.ServerException;
import io.cutover.core.db.BinlogPosition;
import io.cutover.core.db.BinlogClients;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the source's binlog from a position with mysql-binlog-connector-java (as a replica with its own
 * server id) and hands complete transactions of selected tables to a {@link ChangeStream}, in commit order.
 *
 * <p>A transaction ends with XID (InnoDB), a COMMIT query (non-transactional engines) or is a single DDL
 * statement. When the connection to the source is lost, the half-read transaction is dropped and the reader
 * reconnects from the end of the last complete one (RecoverableErrorInterval / Count), so nothing is read twice
 * or skipped. A position the server no longer has (purged binlog) fails the task, as it fails a DMS task.
 */
final class BinlogReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BinlogReader.class);
    /** Replica server ids must be unique on the source (it drops the older of two replicas with the same id). */
    private static final AtomicLong NEXT_SERVER_ID = new AtomicLong(100_000 + ThreadLocalRandom.current().nextInt(1_000_000));
    private static final Pattern DDL = Pattern.compile(
            "^\\s*(?:/\\*.*?\\*/\\s*)*(ALTER|CREATE|DROP|TRUNCATE|RENAME|OPTIMIZE|REPAIR)\\s+(?:ONLINE\\s+|IGNORE\\s+|TEMPORARY\\s+)*TABLE\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?((?:`[^`]+`|[\\w$]+)(?:\\s*\\.\\s*(?:`[^`]+`|[\\w$]+))?)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final String name;
    private final LocalEndpoint endpoint;
    private final Sessions sessions;
    private final Map<TableName, TableInfo> tables;
    private final ChangeStream stream;
    private final Recovery recovery;
    private final Thread thread;

    private volatile boolean closed;
    private volatile BinaryLogClient client;
    private volatile long connectionId = -1;

    // reading state: touched by the client's thread only
    private BinlogPosition resumeFrom;
    private String currentFile;
    private Builder transaction;
    private final Map<Long, TableMapEventData> tableMaps = new HashMap<>();
    private Exception lastFailure;
    private boolean fatal;

    BinlogReader(String name, LocalEndpoint endpoint, Sessions sessions, Map<TableName, TableInfo> tables, BinlogPosition start,
                 ChangeStream stream, Recovery recovery) {
        this.name = name;
        this.endpoint = endpoint;
        this.sessions = sessions;
        this.tables = Map.copyOf(tables);
        this.stream = stream;
        this.recovery = recovery;
        this.resumeFrom = start;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The server's connection id of the current binlog session, -1 when none. */
    long connectionId() {
        return connectionId;
    }

    /** Attempts made since the binlog connection was lost (0: not recovering). */
    private volatile int recovering;

    private void run() {
        int attempt = 0;
        while (!closed) {
            lastFailure = null;
            try {
                BinaryLogClient c = newClient(resumeFrom);
                client = c;
                LOG.info("{}: reading the source binlog from {}", name, resumeFrom);
                c.connect(); // blocks while connected
            } catch (IOException | RuntimeException e) {
                lastFailure = e;
            } finally {
                connectionId = -1;
            }
            if (closed) {
                break;
            }
            if (fatal || isFatal(lastFailure)) {
                stream.fail("source binlog: " + describe(lastFailure));
                return;
            }
            // a connection that delivered transactions starts the attempt count again
            attempt = lastReadOk ? 1 : attempt + 1;
            lastReadOk = false;
            LOG.warn("{}: lost the source binlog connection ({}); reconnecting from {}", name, describe(lastFailure), resumeFrom);
            recovery.lost("reading the source binlog", describe(lastFailure));
            recovering = attempt;
            if (!recovery.await(attempt, "reading the source binlog", () -> closed)) {
                if (!closed) {
                    stream.fail("source binlog: gave up after " + attempt + " attempts: " + describe(lastFailure));
                }
                return;
            }
        }
    }

    private volatile boolean lastReadOk;

    private BinaryLogClient newClient(BinlogPosition from) {
        // keep-alive is off: reconnection is ours, it must resume at a transaction boundary
        BinaryLogClient c = BinlogClients.positioned(sessions.credentials(endpoint), from, NEXT_SERVER_ID.incrementAndGet(),
                endpoint.jdbcSslMode());
        c.setConnectTimeout(10_000);
        // the source sends a heartbeat when idle: its dump thread then notices a closed session within seconds
        c.setHeartbeatInterval(2_000);
        c.setEventDeserializer(ExactRowsDeserializers.eventDeserializer());
        c.registerEventListener(this::onEvent);
        c.registerLifecycleListener(new BinaryLogClient.LifecycleListener() {
            @Override
            public void onConnect(BinaryLogClient connected) {
                connectionId = connected.getConnectionId();
                currentFile = from.file();
                transaction = null;
                tableMaps.clear();
                stream.connected();
            }

            @Override
            public void onCommunicationFailure(BinaryLogClient failed, Exception e) {
                lastFailure = e;
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient failed, Exception e) {
                lastFailure = e;
                fatal = true;
            }

            @Override
            public void onDisconnect(BinaryLogClient disconnected) {
                // the half-read transaction is dropped; the next connection starts at resumeFrom
                transaction = null;
            }
        });
        return c;
    }

    private static boolean isFatal(Exception e) {
        // 1236: the position is not in the binlog any more (purged, or never existed)
        return e instanceof ServerException s && (s.getErrorCode() == 1236 || s.getErrorCode() == 1045 || s.getErrorCode() == 1227);
    }

    private static String describe(Exception e) {
        if (e == null) {
            return "connection closed";
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e instanceof ServerException s ? "[" + s.getErrorCode() + "] " + m : m;
    }

    private void onEvent(Event event) {
        try {
            handle(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the library swallows listener exceptions: stop here, the task fails with the reason
            lastFailure = e;
            fatal = true;
            LOG.error("{}: cannot process a binlog event at {}:{}: {}", name, currentFile, ((EventHeaderV4) event.getHeader()).getPosition(), e.toString(), e);
            disconnectQuietly();
        }
    }

    private void handle(Event event) throws InterruptedException {
        EventHeaderV4 header = event.getHeader();
        EventType type = header.getEventType();
        EventData data = event.getData();
        switch (type) {
            case ROTATE -> currentFile = ((RotateEventData) data).getBinlogFilename();
            case GTID -> {
                GtidEventData gtid = (GtidEventData) data;
                long commitMicros = gtid.getImmediateCommitTimestamp();
                begin(gtid.getMySqlGtid().toString(), commitMicros > 0 ? commitMicros / 1000 : header.getTimestamp(), false);
            }
            case MARIADB_GTID -> {
                MariadbGtidEventData gtid = (MariadbGtidEventData) data;
                // MariaDB's GTID event opens a transaction (it replaces BEGIN) unless it is flagged standalone (DDL)
                begin(gtid.getDomainId() + "-" + gtid.getServerId() + "-" + gtid.getSequence(), header.getTimestamp(),
                        (gtid.getFlags() & MariadbGtidEventData.FL_STANDALONE) == 0);
            }
            case QUERY -> query((QueryEventData) data, header);
            case TABLE_MAP -> {
                TableMapEventData map = (TableMapEventData) data;
                tableMaps.put(map.getTableId(), map);
            }
            case WRITE_ROWS, EXT_WRITE_ROWS -> {
                WriteRowsEventData rows = (WriteRowsEventData) data;
                TableInfo table = selected(rows.getTableId());
                if (table != null && checkColumns(current(header), table, rows.getIncludedColumns())) {
                    for (Serializable[] row : rows.getRows()) {
                        current(header).changes.add(new RowChange(table, RowChange.Kind.INSERT, null, convert(table, row), current(header).commitMillis));
                    }
                }
            }
            case UPDATE_ROWS, EXT_UPDATE_ROWS -> {
                UpdateRowsEventData rows = (UpdateRowsEventData) data;
                TableInfo table = selected(rows.getTableId());
                if (table != null && checkColumns(current(header), table, rows.getIncludedColumnsBeforeUpdate())
                        && checkColumns(current(header), table, rows.getIncludedColumns())) {
                    for (Map.Entry<Serializable[], Serializable[]> row : rows.getRows()) {
                        current(header).changes.add(new RowChange(table, RowChange.Kind.UPDATE, convert(table, row.getKey()),
                                convert(table, row.getValue()), current(header).commitMillis));
                    }
                }
            }
            case DELETE_ROWS, EXT_DELETE_ROWS -> {
                DeleteRowsEventData rows = (DeleteRowsEventData) data;
                TableInfo table = selected(rows.getTableId());
                if (table != null && checkColumns(current(header), table, rows.getIncludedColumns())) {
                    for (Serializable[] row : rows.getRows()) {
                        current(header).changes.add(new RowChange(table, RowChange.Kind.DELETE, convert(table, row), null, current(header).commitMillis));
                    }
                }
            }
            case XID -> end(header);
            case TRANSACTION_PAYLOAD -> throw new IllegalStateException("the source writes compressed binlog transactions "
                    + "(binlog_transaction_compression=ON), which DMS does not support either");
            default -> {
                // FORMAT_DESCRIPTION, heartbeats, GTID lists, annotations: nothing to do
            }
        }
    }

    private void query(QueryEventData query, EventHeaderV4 header) throws InterruptedException {
        String sql = query.getSql() == null ? "" : query.getSql().trim();
        String upper = sql.toUpperCase(Locale.ROOT);
        if (upper.equals("BEGIN") || upper.startsWith("XA START")) {
            current(header).explicit = true;
            return;
        }
        if (upper.equals("COMMIT") || upper.equals("ROLLBACK") || upper.startsWith("XA END") || upper.startsWith("XA COMMIT")) {
            end(header);
            return;
        }
        Matcher m = DDL.matcher(sql);
        if (m.find()) {
            TableName table = tableOf(m.group(2), query.getDatabase());
            if (table != null && tables.containsKey(table)) {
                current(header).ddls.merge(table, 1, Integer::sum);
                LOG.warn("{}: DDL on {} read from the binlog and NOT applied to the target (the local engine does not replicate DDL): {}",
                        name, table, sql.length() > 200 ? sql.substring(0, 200) + "…" : sql);
            }
        } else if (isDml(upper)) {
            LOG.warn("{}: a statement-format change was read from the binlog and cannot be replicated (binlog_format must be ROW): {}",
                    name, sql.length() > 200 ? sql.substring(0, 200) + "…" : sql);
        }
        // outside BEGIN … COMMIT (a DDL after its GTID event), a statement is a transaction of its own;
        // inside one (SAVEPOINT, …) it is part of it
        if (transaction == null || !transaction.explicit) {
            end(header);
        }
    }

    private static boolean isDml(String upper) {
        return upper.startsWith("INSERT") || upper.startsWith("UPDATE") || upper.startsWith("DELETE") || upper.startsWith("REPLACE");
    }

    private static TableName tableOf(String reference, String database) {
        String[] parts = reference.split("\\s*\\.\\s*", 2);
        if (parts.length == 2) {
            return new TableName(unquote(parts[0]), unquote(parts[1]));
        }
        return database == null || database.isEmpty() ? null : new TableName(database, unquote(parts[0]));
    }

    private static String unquote(String name) {
        return name.startsWith("`") && name.endsWith("`") ? name.substring(1, name.length() - 1).replace("``", "`") : name;
    }

    private TableInfo selected(long tableId) {
        TableMapEventData map = tableMaps.get(tableId);
        return map == null ? null : tables.get(new TableName(map.getDatabase(), map.getTable()));
    }

    /** Full row images with the columns the engine knows; otherwise the table cannot be replicated from here. */
    private static boolean checkColumns(Builder transaction, TableInfo table, BitSet included) {
        if (included.cardinality() == table.columns().size() && included.length() == table.columns().size()) {
            return true;
        }
        String why = "row events carry " + included.cardinality() + " of " + table.columns().size() + " columns (binlog_row_image must be "
                + "FULL, and the table's columns must not change during CDC)";
        transaction.tableErrors.putIfAbsent(table.name(), why);
        return false;
    }

    private static Object[] convert(TableInfo table, Serializable[] row) {
        Object[] out = new Object[row.length];
        for (int i = 0; i < row.length; i++) {
            out[i] = Values.fromBinlog(table.columns().get(i), row[i]);
        }
        return out;
    }

    private void begin(String gtid, long commitMillis, boolean explicit) {
        transaction = new Builder(gtid, commitMillis, explicit);
    }

    private Builder current(EventHeaderV4 header) {
        if (transaction == null) {
            transaction = new Builder(null, header.getTimestamp(), false);
        }
        return transaction;
    }

    private void end(EventHeaderV4 header) throws InterruptedException {
        Builder t = transaction;
        transaction = null;
        BinlogPosition end = new BinlogPosition(currentFile, header.getNextPosition());
        resumeFrom = end;
        lastReadOk = true;
        if (recovering > 0) { // the first transaction read after a reconnection
            recovery.recovered("reading the source binlog", recovering);
            recovering = 0;
        }
        if (t == null || (t.changes.isEmpty() && t.ddls.isEmpty() && t.tableErrors.isEmpty())) {
            stream.boundary(end);
            return;
        }
        SourceTransaction done = new SourceTransaction(t.gtid, t.commitMillis, System.currentTimeMillis(), end, t.changes, t.ddls, t.tableErrors);
        if (!stream.offer(done)) {
            disconnectQuietly();
        }
    }

    private static final class Builder {
        final String gtid;
        final long commitMillis;
        /** Inside BEGIN … COMMIT: only XID / COMMIT end it. */
        boolean explicit;
        final List<RowChange> changes = new ArrayList<>();
        final Map<TableName, Integer> ddls = new HashMap<>();
        final Map<TableName, String> tableErrors = new HashMap<>();

        Builder(String gtid, long commitMillis, boolean explicit) {
            this.gtid = gtid;
            this.commitMillis = commitMillis;
            this.explicit = explicit;
        }
    }

    private void disconnectQuietly() {
        BinaryLogClient c = client;
        if (c != null) {
            try {
                c.disconnect();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Stops reading and waits for the reader thread to end (the binlog session is closed). */
    @Override
    public void close() {
        closed = true;
        stream.close();
        disconnectQuietly();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{}: the binlog reader did not stop within 15 s", name);
        }
    }
}
