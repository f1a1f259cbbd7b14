package io.cutover.local.rehearsal;

import io.cutover.core.db.DatabaseRole;
import io.cutover.core.sql.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The rehearsal's own proof, independent of the state machine's validation: it reads both servers directly.
 * <ul>
 *   <li>{@link #compareTables}: every base table of the migrated schemas, on both servers: exact {@code COUNT(*)} and
 *       {@code CHECKSUM TABLE} (the stored bytes of every row); when they differ, the rows are read in key order on
 *       both sides and the first differing keys are named;</li>
 *   <li>{@link #compareObjects}: routines, triggers, views, events, foreign keys (with their ON DELETE / ON UPDATE
 *       rules) and partitions of the source, each looked up on the target;</li>
 *   <li>{@link #sourceWrites}: is the source read-only, and does a write by the application account really fail
 *       (a {@code DELETE … WHERE 1 = 0}: refused under read_only, a no-op otherwise)?</li>
 * </ul>
 */
public final class FinalVerification {
    private final RehearsalServers servers;
    private final List<String> schemas;

    public FinalVerification(RehearsalServers servers, List<String> schemas) {
        this.servers = servers;
        this.schemas = List.copyOf(schemas);
    }

    /** A new session as the Cutover account (close it). */
    public Connection admin(DatabaseRole role) {
        return servers.admin(role);
    }

    /**
     * One table on both servers. {@code differences}: the first differing keys when the rows differ.
     * {@code equalRowByRow}: the checksums differ but every row was read on both sides in key order and every column's
     * bytes are equal. MariaDB's CHECKSUM TABLE also sums the record buffer of VIRTUAL generated columns, which differs
     * between servers holding the same values (seen on 10.11 with a VARCHAR virtual column: equal rows, equal DDL,
     * different checksums), so the row-by-row reading decides.
     */
    public record TableCheck(String table, Long sourceRows, Long targetRows, Long sourceChecksum, Long targetChecksum,
                             List<String> differences, boolean equalRowByRow) {
        TableCheck(String table, Long sourceRows, Long targetRows, Long sourceChecksum, Long targetChecksum, List<String> differences) {
            this(table, sourceRows, targetRows, sourceChecksum, targetChecksum, differences, false);
        }

        public boolean same() {
            return sourceRows != null && sourceRows.equals(targetRows) && sourceChecksum != null
                    && (sourceChecksum.equals(targetChecksum) || equalRowByRow);
        }
    }

    public record TablesReport(List<TableCheck> tables) {
        public boolean identical() {
            return tables.stream().allMatch(TableCheck::same);
        }

        public long rowsCompared() {
            return tables.stream().mapToLong(t -> t.sourceRows() == null ? 0 : t.sourceRows()).sum();
        }

        public List<TableCheck> differing() {
            return tables.stream().filter(t -> !t.same()).toList();
        }

        public String summary() {
            if (identical()) {
                return String.format(java.util.Locale.ROOT, "%d tables, %,d rows: identical on both servers (COUNT(*) and CHECKSUM TABLE%s)", tables.size(), rowsCompared(),
                        tables.stream().anyMatch(TableCheck::equalRowByRow) ? "; " + tables.stream().filter(TableCheck::equalRowByRow).count()
                                + " with VIRTUAL columns compared row by row" : "");
            }
            return differing().size() + " of " + tables.size() + " tables differ: " + differing().stream()
                    .map(t -> t.table() + " (source " + t.sourceRows() + " rows, target " + t.targetRows() + " rows"
                            + (t.differences().isEmpty() ? "" : "; " + String.join(", ", t.differences())) + ")")
                    .collect(Collectors.joining("; "));
        }
    }

    /** What the source has and the target lacks, by kind ({@code ROUTINE}, {@code TRIGGER}, {@code VIEW}, {@code EVENT}, {@code FOREIGN KEY}, {@code PARTITION}). */
    public record ObjectsReport(Map<String, Integer> onSource, Map<String, List<String>> missingOnTarget) {
        public boolean complete() {
            return missingOnTarget.values().stream().allMatch(List::isEmpty);
        }

        public int missing() {
            return missingOnTarget.values().stream().mapToInt(List::size).sum();
        }

        public String summary() {
            String counts = onSource.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().toLowerCase(java.util.Locale.ROOT)
                    + (e.getValue() == 1 ? "" : "s")).collect(Collectors.joining(", "));
            if (complete()) {
                return "on the target as on the source: " + counts;
            }
            return missing() + " missing on the target: " + missingOnTarget.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; "));
        }
    }

    /**
     * {@code readOnly}: the variable; {@code writeRefused}: the application account's probe failed with 1290;
     * {@code probed}: false when there is no application account to probe with (a --database rehearsal: then
     * {@code read_only} alone is the evidence, and {@code writeRefused} follows it).
     */
    public record SourceWrites(boolean readOnly, boolean writeRefused, String probeError, boolean probed) {
        public SourceWrites(boolean readOnly, boolean writeRefused, String probeError) {
            this(readOnly, writeRefused, probeError, true);
        }

        public String summary() {
            if (!probed) {
                return (readOnly ? "read_only ON" : "read_only OFF") + " (no write probe: " + probeError + ")";
            }
            return (readOnly ? "read_only ON" : "read_only OFF") + ", a write by the application account "
                    + (writeRefused ? "is refused" : probeError == null ? "succeeds" : "fails: " + probeError);
        }
    }

    public TablesReport compareTables() throws SQLException {
        Set<String> sourceTables;
        Set<String> targetTables;
        try (Connection s = servers.admin(DatabaseRole.SOURCE); Connection t = servers.admin(DatabaseRole.TARGET)) {
            sourceTables = baseTables(s);
            targetTables = baseTables(t);
        }
        List<TableCheck> checks = new ArrayList<>();
        Set<String> all = new TreeSet<>(sourceTables);
        all.addAll(targetTables);
        for (String table : all) {
            if (!targetTables.contains(table)) {
                checks.add(new TableCheck(table, count(DatabaseRole.SOURCE, table), null, null, null, List.of("missing on the target")));
                continue;
            }
            if (!sourceTables.contains(table)) {
                checks.add(new TableCheck(table, null, count(DatabaseRole.TARGET, table), null, null, List.of("only on the target")));
                continue;
            }
            CompletableFuture<long[]> source = CompletableFuture.supplyAsync(() -> countAndChecksum(DatabaseRole.SOURCE, table));
            CompletableFuture<long[]> target = CompletableFuture.supplyAsync(() -> countAndChecksum(DatabaseRole.TARGET, table));
            long[] s = join(source);
            long[] t = join(target);
            List<String> differences = List.of();
            boolean equalRowByRow = false;
            if (s[0] != t[0] || s[1] != t[1]) {
                differences = locate(table);
                equalRowByRow = s[0] == t[0] && differences.isEmpty();
            }
            checks.add(new TableCheck(table, s[0], t[0], s[1], t[1], differences, equalRowByRow));
        }
        return new TablesReport(checks);
    }

    public ObjectsReport compareObjects() throws SQLException {
        Map<String, Set<String>> source;
        Map<String, Set<String>> target;
        try (Connection s = servers.admin(DatabaseRole.SOURCE); Connection t = servers.admin(DatabaseRole.TARGET)) {
            source = objects(s);
            target = objects(t);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, List<String>> missing = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> e : source.entrySet()) {
            counts.put(e.getKey(), e.getValue().size());
            List<String> absent = new ArrayList<>(e.getValue());
            absent.removeAll(target.getOrDefault(e.getKey(), Set.of()));
            missing.put(e.getKey(), absent);
        }
        return new ObjectsReport(counts, missing);
    }

    public SourceWrites sourceWrites() throws SQLException {
        boolean readOnly;
        String table;
        try (Connection c = servers.admin(DatabaseRole.SOURCE); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SHOW GLOBAL VARIABLES LIKE 'read_only'")) {
                readOnly = rs.next() && "ON".equalsIgnoreCase(rs.getString(2));
            }
            table = baseTables(c).stream().findFirst().orElse(null);
        }
        // Only the application's account shows what the freeze does to an application (Cutover's own account may write
        // through read_only); a rehearsal of your schemas has no such account and relies on the variable.
        if (!servers.hasWorkloadAccount()) {
            return new SourceWrites(readOnly, readOnly, "no application account in a rehearsal of your own schemas", false);
        }
        if (table == null) {
            return new SourceWrites(readOnly, readOnly, "no table in " + schemas + " on the source", false);
        }
        try (Connection app = servers.app(); Statement s = app.createStatement()) {
            app.setAutoCommit(false);
            try {
                s.executeUpdate("DELETE FROM " + table + " WHERE 1 = 0");
                app.rollback();
                return new SourceWrites(readOnly, false, null);
            } catch (SQLException e) {
                app.rollback();
                return new SourceWrites(readOnly, e.getErrorCode() == Workload.READ_ONLY, "[" + e.getErrorCode() + "] " + e.getMessage());
            }
        }
    }

    private Set<String> baseTables(Connection c) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CONCAT('`', TABLE_SCHEMA, '`.`', TABLE_NAME, '`') "
                + "FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA IN (" + inList() + ")")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private String inList() {
        return schemas.stream().map(s -> "'" + s.replace("'", "''") + "'").collect(Collectors.joining(", "));
    }

    private long count(DatabaseRole role, String table) {
        return countAndChecksum(role, table)[0];
    }

    private long[] countAndChecksum(DatabaseRole role, String table) {
        try (Connection c = servers.admin(role); Statement s = c.createStatement()) {
            long rows;
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                rows = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("CHECKSUM TABLE " + table)) {
                rs.next();
                return new long[] {rows, rs.getLong(2)};
            }
        } catch (SQLException e) {
            throw new IllegalStateException(role.label() + ": " + table + ": " + e.getMessage(), e);
        }
    }

    private static long[] join(CompletableFuture<long[]> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Reads both sides in key order and names the first keys that differ (at most 5). */
    private List<String> locate(String table) throws SQLException {
        List<String> differences = new ArrayList<>();
        try (Connection s = servers.admin(DatabaseRole.SOURCE); Connection t = servers.admin(DatabaseRole.TARGET)) {
            List<String> key = primaryKey(s, table);
            if (key.isEmpty()) {
                return List.of("no primary key: the rows cannot be located");
            }
            String order = Sql.quoteAll(key);
            try (Statement ss = s.createStatement(); Statement ts = t.createStatement();
                 ResultSet a = ss.executeQuery("SELECT * FROM " + table + " ORDER BY " + order);
                 ResultSet b = ts.executeQuery("SELECT * FROM " + table + " ORDER BY " + order)) {
                int columns = a.getMetaData().getColumnCount();
                boolean hasA = a.next();
                boolean hasB = b.next();
                while ((hasA || hasB) && differences.size() < 5) {
                    int cmp = !hasA ? 1 : !hasB ? -1 : compareKeys(a, b, key);
                    if (cmp < 0) {
                        differences.add(keyText(a, key) + " missing on the target");
                        hasA = a.next();
                    } else if (cmp > 0) {
                        differences.add(keyText(b, key) + " only on the target");
                        hasB = b.next();
                    } else {
                        for (int i = 1; i <= columns; i++) {
                            if (!Arrays.equals(a.getBytes(i), b.getBytes(i))) {
                                differences.add(keyText(a, key) + "." + a.getMetaData().getColumnLabel(i) + " differs (source "
                                        + shown(a.getBytes(i)) + ", target " + shown(b.getBytes(i)) + ")");
                                break;
                            }
                        }
                        hasA = a.next();
                        hasB = b.next();
                    }
                }
            }
        }
        return differences;
    }

    private static String shown(byte[] bytes) {
        if (bytes == null) {
            return "NULL";
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        boolean printable = text.codePoints().allMatch(cp -> cp >= 32 && cp != 0xFFFD);
        String shown = printable ? "'" + text + "'" : "0x" + HexFormat.of().formatHex(bytes);
        return shown.length() > 60 ? shown.substring(0, 57) + "…" : shown;
    }

    private static int compareKeys(ResultSet a, ResultSet b, List<String> key) throws SQLException {
        for (String k : key) {
            String x = a.getString(k);
            String y = b.getString(k);
            int c;
            try {
                c = new java.math.BigDecimal(x).compareTo(new java.math.BigDecimal(y));
            } catch (NumberFormatException | NullPointerException e) {
                c = String.valueOf(x).compareTo(String.valueOf(y));
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static String keyText(ResultSet rs, List<String> key) throws SQLException {
        List<String> parts = new ArrayList<>();
        for (String k : key) {
            parts.add(k + "=" + rs.getString(k));
        }
        return "[" + String.join(", ", parts) + "]";
    }

    private static List<String> primaryKey(Connection c, String quotedTable) throws SQLException {
        String[] parts = quotedTable.replace("`", "").split("\\.", 2);
        List<String> key = new ArrayList<>();
        try (var ps = c.prepareStatement("SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? "
                + "AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, parts[0]);
            ps.setString(2, parts[1]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        return key;
    }

    private Map<String, Set<String>> objects(Connection c) throws SQLException {
        String in = inList();
        Map<String, Set<String>> out = new LinkedHashMap<>();
        out.put("ROUTINE", set(c, "SELECT CONCAT(ROUTINE_SCHEMA, '.', ROUTINE_NAME, ' (', ROUTINE_TYPE, ')') FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN (" + in + ")"));
        out.put("TRIGGER", set(c, "SELECT CONCAT(TRIGGER_SCHEMA, '.', TRIGGER_NAME, ' ', ACTION_TIMING, ' ', EVENT_MANIPULATION, ' ON ', EVENT_OBJECT_TABLE) "
                + "FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN (" + in + ")"));
        out.put("VIEW", set(c, "SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) FROM information_schema.VIEWS WHERE TABLE_SCHEMA IN (" + in + ")"));
        out.put("EVENT", set(c, "SELECT CONCAT(EVENT_SCHEMA, '.', EVENT_NAME) FROM information_schema.EVENTS WHERE EVENT_SCHEMA IN (" + in + ")"));
        out.put("FOREIGN KEY", set(c, "SELECT CONCAT(rc.CONSTRAINT_SCHEMA, '.', rc.TABLE_NAME, '.', rc.CONSTRAINT_NAME, ' (', "
                + "(SELECT GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION) FROM information_schema.KEY_COLUMN_USAGE k "
                + " WHERE k.CONSTRAINT_SCHEMA = rc.CONSTRAINT_SCHEMA AND k.TABLE_NAME = rc.TABLE_NAME AND k.CONSTRAINT_NAME = rc.CONSTRAINT_NAME), "
                + "') -> ', rc.UNIQUE_CONSTRAINT_SCHEMA, '.', rc.REFERENCED_TABLE_NAME, ' ON DELETE ', rc.DELETE_RULE, ' ON UPDATE ', rc.UPDATE_RULE) "
                + "FROM information_schema.REFERENTIAL_CONSTRAINTS rc WHERE rc.CONSTRAINT_SCHEMA IN (" + in + ")"));
        out.put("PARTITION", set(c, "SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME, ' ', PARTITION_NAME, ' ', PARTITION_METHOD, ' ', "
                + "IFNULL(PARTITION_DESCRIPTION, '')) FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA IN (" + in + ") AND PARTITION_NAME IS NOT NULL"));
        return out;
    }

    private static Set<String> set(Connection c, String sql) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
