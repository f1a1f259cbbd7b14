package io.cutover.cutover.validation;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import io.cutover.core.config.MigrationConfig.Tls;
import io.cutover.core.db.BinlogClients;
import io.cutover.core.db.DbCredentials;
import io.cutover.core.db.BinlogPosition;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.error.DatabaseException;
import io.cutover.cutover.validation.ValidationModel.ChangedKeys;
import io.cutover.cutover.validation.ValidationModel.ColumnPlan;
import io.cutover.cutover.validation.ValidationModel.TablePlan;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads the source binlog between two recorded positions (the start of the pre-freeze validation pass and the
 * frozen point) and collects the keys of every row written there, per table: the post-freeze pass re-verifies only
 * those rows. Uses mysql-binlog-connector-java (the binlog client Debezium and the local engine use) as a
 * replication client; it needs REPLICATION SLAVE and REPLICATION CLIENT (BINLOG MONITOR on MariaDB).
 *
 * <p>It connects with the source endpoint's whole TLS settings, CA bundle included ({@link BinlogClients}); the
 * pre-freeze pass {@link #probe probes} it, and a failure to read it after the freeze is an error, never a silent
 * fall-back to checksumming every table inside the freeze.
 *
 * <p>Conservative by construction: DDL (or any statement event naming a table), a table with too many changed rows,
 * or a key type that cannot be carried reliably marks the table FULL (verified entirely again).
 */
public final class ChangedKeysReader {
    static final int MAX_KEYS_PER_TABLE = 50_000;
    static final long IDLE_TIMEOUT_MS = 20_000;
    private static final Set<String> KEY_TYPES = Set.of("tinyint", "smallint", "mediumint", "int", "bigint", "char", "varchar",
            "binary", "varbinary");

    static final long PROBE_TIMEOUT_MS = 10_000;

    private final DbCredentials credentials;
    private final Tls tls;
    private final String caBundlePem;

    /** {@code caBundlePem}: the PEM of {@code tls.caBundleSecretId()} (null when the endpoint names none). */
    public ChangedKeysReader(DbCredentials credentials, Tls tls, String caBundlePem) {
        this.credentials = credentials;
        this.tls = tls;
        this.caBundlePem = caBundlePem;
    }

    private BinaryLogClient client(BinlogPosition from) {
        return BinlogClients.positioned(credentials, from, 4_200_000_000L + (System.nanoTime() & 0xffff), tls.mode().name(),
                tls.caBundleSecretId(), caBundlePem);
    }

    private String describeConnection() {
        return credentials.username() + "@" + credentials.host() + ":" + credentials.port() + " (tls.mode " + tls.mode()
                + (tls.caBundleSecretId() == null ? "" : ", tls.caBundleSecretId " + tls.caBundleSecretId()) + ")";
    }

    /**
     * Checks, before the freeze, that the binlog can be read as the post-freeze pass will read it (same account, same
     * TLS settings): connects at {@code at} and waits for the server's first event. A failure is a
     * {@link ConfigurationException} naming the connection, never found out inside the freeze.
     */
    public void probe(BinlogPosition at) {
        if (at == null || at.file() == null) {
            throw new ConfigurationException("the source has no binlog position to read from: the freeze-time validation reads the "
                    + "source binlog to find the rows changed since the pre-freeze pass (binary logging must be on)");
        }
        BinaryLogClient client = client(at);
        CountDownLatch seen = new CountDownLatch(1);
        AtomicReference<Exception> failure = new AtomicReference<>();
        client.registerEventListener(event -> seen.countDown());
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception ex) {
                failure.compareAndSet(null, ex);
                seen.countDown();
            }
        });
        Thread reader = Thread.ofPlatform().daemon().name("cutover-binlog-probe").start(() -> {
            try {
                client.connect();
            } catch (Exception e) {
                failure.compareAndSet(null, e);
                seen.countDown();
            }
        });
        boolean answered;
        try {
            answered = seen.await(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answered = false;
        } finally {
            disconnect(client, reader);
        }
        if (failure.get() != null || !answered) {
            String why = failure.get() != null ? message(failure.get()) : "no event within " + PROBE_TIMEOUT_MS / 1000 + " s";
            throw new ConfigurationException("cannot read the source binlog as " + describeConnection() + " at " + at.describe() + ": "
                    + why + ". The freeze-time validation reads it to find the rows changed since the pre-freeze pass: fix the "
                    + "source endpoint's tls settings or the account's REPLICATION SLAVE and REPLICATION CLIENT grants before the freeze");
        }
    }

    private static String message(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            text.append(" (").append(c.getMessage()).append(")");
        }
        return text.toString();
    }

    private static void disconnect(BinaryLogClient client, Thread reader) {
        try {
            client.disconnect();
            reader.join(5_000);
        } catch (Exception ignored) {
            // the stream is done either way
        }
    }

    public ChangedKeys read(BinlogPosition from, BinlogPosition to, List<TablePlan> tables) {
        return read(from, to, tables, null);
    }

    /**
     * As {@link #read(BinlogPosition, BinlogPosition, List)}, and when {@code baselineMarkerId} is given, the row events
     * per table that follow the insert of that marker into {@code cutover.heartbeat} ({@code rowEventsAfterMarker}; null
     * when the marker is not between the two positions). The binlog is in commit order, the order in which DMS applies
     * transactions in transactional apply mode: these are the writes DMS makes on the target after the marker.
     */
    public ChangedKeys read(BinlogPosition from, BinlogPosition to, List<TablePlan> tables, String baselineMarkerId) {
        try (Reading reading = start(from, to, tables, baselineMarkerId)) {
            return reading.keys();
        }
    }

    /**
     * Starts {@link #read(BinlogPosition, BinlogPosition, List, String) the read} on the binlog's own connection and
     * thread and returns at once: the caller does other work meanwhile (the post-freeze plan reads both catalogues) and
     * takes the result with {@link Reading#keys()}. The read stops at the first event that ends at or after {@code to}.
     */
    public Reading start(BinlogPosition from, BinlogPosition to, List<TablePlan> tables, String baselineMarkerId) {
        return begin(to == null || to.file() == null ? null : from, tables, baselineMarkerId).until(to);
    }

    /**
     * As {@link #start}, before the position to read to is known: connects and takes the events from {@code from} at
     * once (the handshake overlaps the caller's other work), holds them until {@link Reading#until} names the end, and
     * only then decides which of them belong to the read. Nothing after the end is ever counted: the row-event counts are
     * compared with write counters read before that position.
     */
    public Reading begin(BinlogPosition from, List<TablePlan> tables, String baselineMarkerId) {
        Map<String, TablePlan> byName = new HashMap<>();
        tables.forEach(t -> byName.put(t.id().toLowerCase(Locale.ROOT), t));
        Map<String, LinkedHashSet<List<String>>> keys = new LinkedHashMap<>();
        Set<String> full = new TreeSet<>();
        List<String> warnings = new ArrayList<>();
        for (TablePlan t : tables) {
            if (!t.hasKey() || !t.keyColumns().stream().allMatch(k -> KEY_TYPES.contains(column(t, k).dataType()))) {
                full.add(t.id());
            }
        }
        if (from == null || from.file() == null) {
            return Reading.later(to -> {
                tables.forEach(t -> full.add(t.id()));
                return new ChangedKeys(from, to, Map.of(), full, 0,
                        List.of("no binlog positions to read between: every table is verified in full"), Map.of());
            });
        }
        BinaryLogClient client = client(from);
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.setCompatibilityMode(EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY,
                EventDeserializer.CompatibilityMode.DATE_AND_TIME_AS_LONG);
        client.setEventDeserializer(deserializer);

        Map<Long, String> tableIds = new HashMap<>();
        Map<String, Long> rowEvents = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, Long> afterMarker = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicBoolean markerSeen = new java.util.concurrent.atomic.AtomicBoolean();
        CountDownLatch reached = new CountDownLatch(1);
        AtomicLong events = new AtomicLong();
        AtomicLong lastEvent = new AtomicLong(System.currentTimeMillis());
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicReference<BinlogPosition> end = new AtomicReference<>();
        List<Held> held = new ArrayList<>(); // the events that came before the end was known, with their binlog file
        java.util.function.BiConsumer<Event, String> take = (event, file) -> {
            if (reached.getCount() == 0) {
                return;
            }
            events.incrementAndGet();
            collect(event.getData(), tableIds, byName, keys, full, rowEvents);
            if (markerSeen.get()) {
                countRows(event.getData(), tableIds, byName, afterMarker);
            } else if (baselineMarkerId != null && isMarker(event.getData(), tableIds, baselineMarkerId)) {
                markerSeen.set(true);
            }
            BinlogPosition to = end.get();
            if (event.getHeader() instanceof EventHeaderV4 h && h.getNextPosition() > 0) {
                if (file.compareTo(to.file()) > 0 || file.equals(to.file()) && h.getNextPosition() >= to.position()) {
                    reached.countDown();
                }
            }
        };
        client.registerEventListener(event -> {
            lastEvent.set(System.currentTimeMillis());
            synchronized (held) {
                if (end.get() == null) {
                    held.add(new Held(event, client.getBinlogFilename()));
                } else {
                    take.accept(event, client.getBinlogFilename());
                }
            }
        });
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception ex) {
                failure.set(ex);
                reached.countDown();
            }
        });
        Thread reader = Thread.ofPlatform().daemon().name("cutover-binlog").start(() -> {
            try {
                client.connect();
            } catch (Exception e) {
                failure.compareAndSet(null, e);
                reached.countDown();
            }
        });
        return new Reading(to -> {
            if (to == null || to.file() == null) {
                disconnect(client, reader);
                tables.forEach(t -> full.add(t.id()));
                return new ChangedKeys(from, to, Map.of(), full, 0,
                        List.of("no binlog positions to read between: every table is verified in full"), Map.of());
            }
            if (!to.atOrAfter(from) || (from.file().equals(to.file()) && from.position().equals(to.position()))) {
                disconnect(client, reader);
                return new ChangedKeys(from, to, Map.of(), full, 0, warnings, Map.of());
            }
            synchronized (held) {
                end.set(to);
                held.forEach(h -> take.accept(h.event(), h.file()));
                held.clear();
            }
            try {
                while (!reached.await(1, TimeUnit.SECONDS)) {
                    if (System.currentTimeMillis() - lastEvent.get() > IDLE_TIMEOUT_MS) {
                        failure.set(new IllegalStateException("no binlog event for " + IDLE_TIMEOUT_MS / 1000 + " s before " + to.describe()));
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.set(e);
            } finally {
                disconnect(client, reader);
            }
            if (failure.get() != null) {
                // Not a fall-back to checksumming every table: inside the freeze that would make the downtime grow with the data.
                throw new DatabaseException("could not read the source binlog as " + describeConnection() + " from " + from.describe()
                        + " to " + to.describe() + ": " + message(failure.get()) + ". The pre-freeze pass checked that it could be read; "
                        + "the freeze-time validation cannot tell the changed rows without it");
            }
            Map<String, List<List<String>>> result = new LinkedHashMap<>();
            keys.forEach((table, set) -> {
                if (!full.contains(table)) {
                    result.put(table, List.copyOf(set));
                }
            });
            // a marker not found: rowEventsAfterMarker null, and TargetWrites says why every table is counted
            return new ChangedKeys(from, to, result, full, events.get(), warnings, Map.copyOf(rowEvents),
                    markerSeen.get() ? Map.copyOf(afterMarker) : null);
        }, () -> disconnect(client, reader));
    }

    /** An event that came before the end of the read was known, and the binlog file it is in. */
    private record Held(Event event, String file) {}

    /**
     * A read under way ({@link #begin}): {@link #until} names where it ends, {@link #keys()} waits for that end and
     * returns what it found, or throws why it could not read; {@link #close()} stops it if nobody took the result (the
     * caller failed meanwhile).
     */
    public static final class Reading implements AutoCloseable {
        private final java.util.function.Function<BinlogPosition, ChangedKeys> finish;
        private final Runnable stop;
        private BinlogPosition to;
        private boolean ended;
        private ChangedKeys result;

        private Reading(java.util.function.Function<BinlogPosition, ChangedKeys> finish, Runnable stop) {
            this.finish = finish;
            this.stop = stop;
        }

        private static Reading later(java.util.function.Function<BinlogPosition, ChangedKeys> keys) {
            return new Reading(keys, () -> {});
        }

        /** Where the read ends: the first event that ends at or after {@code to} is its last. */
        public synchronized Reading until(BinlogPosition to) {
            if (ended) {
                throw new IllegalStateException("the end of the binlog read is set already");
            }
            this.to = to;
            this.ended = true;
            return this;
        }

        public synchronized ChangedKeys keys() {
            if (!ended) {
                throw new IllegalStateException("the end of the binlog read is not set (Reading.until)");
            }
            if (result == null) {
                result = finish.apply(to);
            }
            return result;
        }

        @Override
        public void close() {
            stop.run();
        }
    }

    private static void countRows(EventData data, Map<Long, String> tableIds, Map<String, TablePlan> byName, Map<String, Long> rowEvents) {
        if (data instanceof WriteRowsEventData w) {
            count(tableIds.get(w.getTableId()), w.getRows().size(), byName, rowEvents);
        } else if (data instanceof DeleteRowsEventData d) {
            count(tableIds.get(d.getTableId()), d.getRows().size(), byName, rowEvents);
        } else if (data instanceof UpdateRowsEventData u) {
            count(tableIds.get(u.getTableId()), u.getRows().size(), byName, rowEvents);
        }
    }

    /** An insert into Cutover's heartbeat table of the row whose marker_id (its first column) is {@code markerId}. */
    private static boolean isMarker(EventData data, Map<Long, String> tableIds, String markerId) {
        if (!(data instanceof WriteRowsEventData w)
                || !(io.cutover.core.Heartbeat.SCHEMA + "." + io.cutover.core.Heartbeat.TABLE).equals(tableIds.get(w.getTableId()))) {
            return false;
        }
        for (Serializable[] row : w.getRows()) {
            Object id = row.length == 0 ? null : row[0];
            String text = id instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(id);
            if (markerId.equals(text)) {
                return true;
            }
        }
        return false;
    }

    private static void collect(EventData data, Map<Long, String> tableIds, Map<String, TablePlan> byName,
                                Map<String, LinkedHashSet<List<String>>> keys, Set<String> full, Map<String, Long> rowEvents) {
        if (data instanceof TableMapEventData m) {
            tableIds.put(m.getTableId(), (m.getDatabase() + "." + m.getTable()).toLowerCase(Locale.ROOT));
        } else if (data instanceof WriteRowsEventData w) {
            count(tableIds.get(w.getTableId()), w.getRows().size(), byName, rowEvents);
            add(tableIds.get(w.getTableId()), w.getIncludedColumns(), w.getRows(), byName, keys, full);
        } else if (data instanceof DeleteRowsEventData d) {
            count(tableIds.get(d.getTableId()), d.getRows().size(), byName, rowEvents);
            add(tableIds.get(d.getTableId()), d.getIncludedColumns(), d.getRows(), byName, keys, full);
        } else if (data instanceof UpdateRowsEventData u) {
            count(tableIds.get(u.getTableId()), u.getRows().size(), byName, rowEvents);
            List<Serializable[]> rows = new ArrayList<>();
            u.getRows().forEach(e -> {
                rows.add(e.getKey());
                rows.add(e.getValue());
            });
            add(tableIds.get(u.getTableId()), u.getIncludedColumnsBeforeUpdate(), rows, byName, keys, full);
        } else if (data instanceof QueryEventData q) {
            String sql = q.getSql() == null ? "" : q.getSql().trim().toUpperCase(Locale.ROOT);
            if (sql.equals("BEGIN") || sql.equals("COMMIT") || sql.startsWith("XA ") || sql.startsWith("SAVEPOINT")) {
                return;
            }
            // A statement in the row-based binlog is DDL (or TRUNCATE): verify what it may have touched in full.
            String lower = q.getSql().toLowerCase(Locale.ROOT);
            boolean named = false;
            for (TablePlan t : byName.values()) {
                if (lower.contains(t.table().toLowerCase(Locale.ROOT))) {
                    full.add(t.id());
                    named = true;
                }
            }
            if (!named && q.getDatabase() != null) {
                byName.values().stream().filter(t -> t.schema().equalsIgnoreCase(q.getDatabase())).forEach(t -> full.add(t.id()));
            }
        }
    }

    private static void count(String table, int rows, Map<String, TablePlan> byName, Map<String, Long> rowEvents) {
        TablePlan t = table == null ? null : byName.get(table);
        if (t != null) {
            rowEvents.merge(t.id(), (long) rows, Long::sum);
        }
    }

    private static void add(String table, BitSet included, List<Serializable[]> rows, Map<String, TablePlan> byName,
                            Map<String, LinkedHashSet<List<String>>> keys, Set<String> full) {
        TablePlan t = table == null ? null : byName.get(table);
        if (t == null || full.contains(t.id())) {
            return;
        }
        LinkedHashSet<List<String>> set = keys.computeIfAbsent(t.id(), k -> new LinkedHashSet<>());
        // where the key's columns are in this event's row images: the same for every row of the event
        List<String> keyColumns = t.keyColumns();
        ColumnPlan[] columns = new ColumnPlan[keyColumns.size()];
        int[] positions = new int[keyColumns.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = column(t, keyColumns.get(i));
            positions[i] = positionInRow(included, columns[i].ordinal() - 1);
        }
        for (Serializable[] row : rows) {
            List<String> key = new ArrayList<>(columns.length);
            for (int i = 0; i < columns.length; i++) {
                if (positions[i] < 0 || positions[i] >= row.length) {
                    full.add(t.id()); // the key is not in this row image (binlog_row_image=MINIMAL on an update)
                    return;
                }
                key.add(KeyCodec.encode(unsigned(row[positions[i]], columns[i])));
            }
            set.add(key);
            if (set.size() > MAX_KEYS_PER_TABLE) {
                full.add(t.id());
                keys.remove(t.id());
                return;
            }
        }
    }

    private static int positionInRow(BitSet included, int columnIndex) {
        if (!included.get(columnIndex)) {
            return -1;
        }
        return included.get(0, columnIndex).cardinality();
    }

    private static Object unsigned(Object v, ColumnPlan col) {
        if (!col.unsigned() || !(v instanceof Number n) || n.longValue() >= 0) {
            return v;
        }
        int bits = switch (col.dataType()) {
            case "tinyint" -> 8;
            case "smallint" -> 16;
            case "mediumint" -> 24;
            case "int" -> 32;
            default -> 64;
        };
        return new BigDecimal(BigInteger.valueOf(n.longValue()).add(BigInteger.ONE.shiftLeft(bits)));
    }

    private static ColumnPlan column(TablePlan t, String name) {
        return t.columns().stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("key column " + name + " of " + t.id() + " is not in the plan"));
    }
}
