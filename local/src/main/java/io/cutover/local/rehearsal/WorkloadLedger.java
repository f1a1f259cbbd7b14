package io.cutover.local.rehearsal;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the workload committed, as the state each row it touched must have: present with the values it wrote last,
 * or absent (deleted, also by a cascade the workload looked up before deleting). Only committed transactions are
 * recorded, in commit order (one writer). {@link #verify} then proves on a server that every write is there.
 *
 * <p>Values are kept as the workload wrote them: {@code Long}, {@code BigDecimal} (compared by value, so 12.5 equals
 * 12.50), {@code String}, {@link JsonNode} (compared as JSON: MySQL normalises JSON text, MariaDB keeps it), or null.
 */
public final class WorkloadLedger {
    /** Primary key columns of each table the workload writes. */
    static final Map<String, List<String>> KEYS = Map.of(
            "shop.customers", List.of("id"),
            "shop.products", List.of("id"),
            "shop.orders", List.of("id"),
            "shop.order_items", List.of("order_id", "line_no"),
            "shop.reviews", List.of("id"),
            "audit.login_attempts", List.of("id"));

    /** A row: its table and its key values, in key column order. */
    public record RowKey(String table, List<Long> key) {
        @Override
        public String toString() {
            return table + "[" + key.stream().map(String::valueOf).collect(Collectors.joining(",")) + "]";
        }
    }

    /** Present with these column values (null map: absent). */
    record Expected(Map<String, Object> columns) {
        boolean present() {
            return columns != null;
        }
    }

    /** A change staged by a transaction, recorded only when it commits. */
    public sealed interface Change permits Written, Deleted {}

    /** Inserted or updated: these columns now have these values. */
    public record Written(RowKey row, Map<String, Object> columns) implements Change {}

    public record Deleted(RowKey row) implements Change {}

    /** The outcome of a verification on one server. */
    public record Verification(String server, int rowsChecked, int missing, int unexpected, int different, int uncertainSkipped,
                               List<String> examples) {
        public boolean ok() {
            return missing == 0 && unexpected == 0 && different == 0;
        }

        public String summary() {
            String rows = String.format(java.util.Locale.ROOT, "%,d", rowsChecked);
            return ok() ? rows + " rows written by the workload all as committed on the " + server
                    : missing + " missing, " + unexpected + " present but deleted, " + different + " with other values, of "
                    + rows + " rows on the " + server + (examples.isEmpty() ? "" : ": " + String.join("; ", examples));
        }
    }

    private final Map<RowKey, Expected> rows = new LinkedHashMap<>();
    private final Set<RowKey> uncertain = new LinkedHashSet<>();
    private long committed;

    /** Records a committed transaction's changes, in order. */
    public synchronized void commit(List<Change> changes) {
        for (Change change : changes) {
            if (change instanceof Deleted d) {
                rows.put(d.row(), new Expected(null));
            } else if (change instanceof Written w) {
                Expected before = rows.get(w.row());
                Map<String, Object> merged = new HashMap<>(before != null && before.present() ? before.columns() : Map.of());
                merged.putAll(w.columns());
                rows.put(w.row(), new Expected(merged));
            }
        }
        committed++;
    }

    /** A commit whose outcome is unknown (the connection broke during COMMIT): its rows are left out of the proof. */
    public synchronized void uncertain(List<Change> changes) {
        for (Change change : changes) {
            uncertain.add(change instanceof Deleted d ? d.row() : ((Written) change).row());
        }
    }

    public synchronized long committedTransactions() {
        return committed;
    }

    public synchronized int rowsTouched() {
        return rows.size();
    }

    public synchronized long present() {
        return rows.values().stream().filter(Expected::present).count();
    }

    public synchronized long absent() {
        return rows.values().stream().filter(e -> !e.present()).count();
    }

    /** Checks every recorded row on a server (500 keys per query). */
    public Verification verify(Connection c, String server) throws SQLException {
        Map<RowKey, Expected> snapshot;
        Set<RowKey> skip;
        synchronized (this) {
            snapshot = new LinkedHashMap<>(rows);
            skip = new LinkedHashSet<>(uncertain);
        }
        Map<String, List<RowKey>> byTable = new LinkedHashMap<>();
        for (RowKey k : snapshot.keySet()) {
            if (!skip.contains(k)) {
                byTable.computeIfAbsent(k.table(), t -> new ArrayList<>()).add(k);
            }
        }
        int checked = 0;
        int missing = 0;
        int unexpected = 0;
        int different = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, List<RowKey>> e : byTable.entrySet()) {
            String table = e.getKey();
            List<String> keyColumns = KEYS.get(table);
            Set<String> columns = new LinkedHashSet<>();
            for (RowKey k : e.getValue()) {
                Expected x = snapshot.get(k);
                if (x.present()) {
                    columns.addAll(x.columns().keySet());
                }
            }
            List<RowKey> keys = e.getValue();
            for (int from = 0; from < keys.size(); from += 500) {
                List<RowKey> batch = keys.subList(from, Math.min(keys.size(), from + 500));
                Map<List<Long>, Map<String, String>> found = read(c, table, keyColumns, List.copyOf(columns), batch);
                for (RowKey k : batch) {
                    checked++;
                    Expected x = snapshot.get(k);
                    Map<String, String> actual = found.get(k.key());
                    if (x.present() && actual == null) {
                        missing++;
                        example(examples, k + " missing");
                    } else if (!x.present() && actual != null) {
                        unexpected++;
                        example(examples, k + " present, but the workload deleted it");
                    } else if (x.present()) {
                        for (Map.Entry<String, Object> col : x.columns().entrySet()) {
                            String value = actual.get(col.getKey());
                            if (!same(col.getValue(), value)) {
                                different++;
                                example(examples, k + "." + col.getKey() + " is " + value + ", the workload wrote " + col.getValue());
                                break;
                            }
                        }
                    }
                }
            }
        }
        return new Verification(server, checked, missing, unexpected, different, skip.size(), List.copyOf(examples));
    }

    private static void example(List<String> examples, String text) {
        if (examples.size() < 10) {
            examples.add(text);
        }
    }

    private static Map<List<Long>, Map<String, String>> read(Connection c, String table, List<String> keyColumns, List<String> columns,
                                                             List<RowKey> batch) throws SQLException {
        List<String> select = new ArrayList<>(keyColumns);
        for (String col : columns) {
            if (!keyColumns.contains(col)) {
                select.add(col);
            }
        }
        String tuple = keyColumns.size() == 1 ? "?" : "(" + String.join(", ", Collections.nCopies(keyColumns.size(), "?")) + ")";
        String keyExpr = keyColumns.size() == 1 ? keyColumns.get(0) : "(" + String.join(", ", keyColumns) + ")";
        String sql = "SELECT " + String.join(", ", select) + " FROM " + table + " WHERE " + keyExpr + " IN ("
                + String.join(", ", Collections.nCopies(batch.size(), tuple)) + ")";
        Map<List<Long>, Map<String, String>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (RowKey k : batch) {
                for (Long v : k.key()) {
                    ps.setLong(i++, v);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Long> key = new ArrayList<>();
                    for (String kc : keyColumns) {
                        key.add(rs.getLong(kc));
                    }
                    Map<String, String> values = new HashMap<>();
                    for (String col : select) {
                        values.put(col, rs.getString(col));
                    }
                    out.put(List.copyOf(key), values);
                }
            }
        }
        return out;
    }

    static boolean same(Object expected, String actual) {
        if (expected == null || actual == null) {
            return expected == null && actual == null;
        }
        if (expected instanceof BigDecimal d) {
            try {
                return d.compareTo(new BigDecimal(actual)) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (expected instanceof Long l) {
            if (actual.equals("true") || actual.equals("false")) {
                return l == (actual.equals("true") ? 1 : 0); // TINYINT(1) read as a boolean
            }
            try {
                return l == Long.parseLong(actual);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (expected instanceof JsonNode j) {
            try {
                return j.equals(Json.parse(actual));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return expected.toString().equals(actual);
    }
}
