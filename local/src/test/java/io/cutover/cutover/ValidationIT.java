package io.cutover.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.json.Json;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.poll.PollDecision.Outcome;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.cutover.validation.PlanValidationHandler;
import io.cutover.cutover.validation.RecheckMismatchesHandler;
import io.cutover.cutover.validation.SummarizeValidationHandler;
import io.cutover.cutover.validation.TableValidator;
import io.cutover.cutover.validation.ValidateBatchHandler;
import io.cutover.cutover.validation.ValidationModel.DifferenceKind;
import io.cutover.cutover.validation.ValidationModel.RowDifference;
import io.cutover.cutover.validation.ValidationModel.Scope;
import io.cutover.cutover.validation.ValidationReport;
import io.cutover.cutover.validation.ValidationReport.TableMismatch;
import io.cutover.cutover.validation.ValidationRequest;
import io.cutover.local.testing.DatabaseServers;
import io.cutover.local.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Counts and chunked checksums on the real servers: a missing row, an extra row, a changed value, a case change
 * that a _ci collation calls equal, a changed FLOAT, a difference inside partitions with equal totals; and no false
 * difference where only the renderings differ (FLOAT vs DOUBLE, latin1 vs utf8mb4, DECIMAL and DATETIME scales).
 * Then the pre-freeze pass, its recheck after the lag window, and the binlog-driven post-freeze pass.
 */
@ExtendWith(DatabaseServers.class)
class ValidationIT {

    private static final String SOURCE_TABLES = """
            CREATE TABLE %1$s.accounts (id INT PRIMARY KEY, name VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci,
              score FLOAT, amount DECIMAL(10,2), created DATETIME(3));
            CREATE TABLE %1$s.events (id INT PRIMARY KEY, v INT) PARTITION BY RANGE (id)
              (PARTITION p0 VALUES LESS THAN (100), PARTITION p1 VALUES LESS THAN (200), PARTITION p2 VALUES LESS THAN MAXVALUE);
            CREATE TABLE %1$s.pairs (a INT NOT NULL, b VARCHAR(10) NOT NULL, v INT, PRIMARY KEY (a, b));
            CREATE TABLE %1$s.notes (txt VARCHAR(20), n INT);
            CREATE TABLE %1$s.blobs (id BIGINT UNSIGNED PRIMARY KEY, b VARBINARY(16), t TIMESTAMP(6) NULL)""";
    /** The same tables as DMS might have created them on Aurora: other charset, collation, float and scale types. */
    private static final String TARGET_TABLES = """
            CREATE TABLE %1$s.accounts (id INT PRIMARY KEY, name VARCHAR(40) CHARACTER SET latin1 COLLATE latin1_bin,
              score DOUBLE, amount DECIMAL(12,4), created DATETIME(6));
            CREATE TABLE %1$s.events (id INT PRIMARY KEY, v INT) PARTITION BY RANGE (id)
              (PARTITION p0 VALUES LESS THAN (100), PARTITION p1 VALUES LESS THAN (200), PARTITION p2 VALUES LESS THAN MAXVALUE);
            CREATE TABLE %1$s.pairs (a INT NOT NULL, b VARCHAR(10) NOT NULL, v INT, PRIMARY KEY (a, b));
            CREATE TABLE %1$s.notes (txt VARCHAR(20), n INT);
            CREATE TABLE %1$s.blobs (id BIGINT UNSIGNED PRIMARY KEY, b VARBINARY(16), t TIMESTAMP(6) NULL)""";
    private static final String DATA = """
            INSERT INTO %1$s.accounts SELECT seq, CONCAT(IF(seq %% 3 = 0, 'José-', 'user-'), seq), CAST(seq / 7 AS FLOAT),
              seq * 1.25, TIMESTAMP'2026-01-01 00:00:00' + INTERVAL seq SECOND FROM %1$s.seq_1_to_3000;
            INSERT INTO %1$s.events SELECT seq, seq * 2 FROM %1$s.seq_1_to_300;
            INSERT INTO %1$s.pairs SELECT seq DIV 3, CONCAT('k', seq %% 3), seq FROM %1$s.seq_1_to_2400;
            INSERT INTO %1$s.notes SELECT CONCAT('note ', seq), seq FROM %1$s.seq_1_to_50;
            INSERT INTO %1$s.blobs SELECT seq + 18446744073709551000, UNHEX(MD5(seq)), IF(seq %% 5 = 0, NULL, TIMESTAMP'2026-02-01 10:00:00.123456') FROM %1$s.seq_1_to_500""";

    private static void run(io.cutover.local.db.MariaDbServer server, String script) {
        server.execute(java.util.Arrays.stream(script.split(";\\s*\\n")).map(String::strip).filter(s -> !s.isEmpty()).toArray(String[]::new));
    }

    private static String createBoth(TestDatabases db, String prefix) {
        String schema = TestDatabases.newSchema(prefix);
        db.source().execute("CREATE DATABASE " + schema);
        db.target().execute("CREATE DATABASE " + schema);
        run(db.source(), SOURCE_TABLES.formatted(schema));
        run(db.target(), TARGET_TABLES.formatted(schema));
        run(db.source(), DATA.formatted(schema));
        run(db.target(), DATA.formatted(schema));
        return schema;
    }

    private static MigrationConfig config(TestDatabases db, String migrationId, String schema) {
        ObjectNode input = db.input(migrationId, List.of(schema));
        input.putObject("cutover").putObject("validation").put("tablesPerBatch", 2).put("chunkTargetMillis", 50);
        return Json.convert(input, MigrationConfig.class);
    }

    /** One validation pass run through its three handlers, as the state machine runs it (also used by GeneratedColumnsValidationIT). */
    record PassResult(PlanValidationHandler.Planned plan, SummarizeValidationHandler.Verdict verdict, ValidationReport report) {}

    static PassResult pass(InMemoryPorts ports, MemoryArtifacts artifacts, MigrationConfig config, String pass) {
        var plan = new PlanValidationHandler(ports).handle(new ValidationRequest(config, "plan", "exec-1", pass, null, null, null));
        for (int batch : plan.batches()) {
            ValidateBatchHandler.BatchSummary summary;
            int calls = 0;
            do {
                summary = new ValidateBatchHandler(ports).handle(new ValidationRequest(config, "batch", "exec-1", pass, batch, 600, null));
            } while (!summary.complete() && ++calls < 10);
            assertThat(summary.complete()).isTrue();
        }
        var verdict = new SummarizeValidationHandler(ports).handle(new ValidationRequest(config, "verdict", "exec-1", pass, null, null, null));
        return new PassResult(plan, verdict, artifacts.getJson(verdict.reportKey(), ValidationReport.class).orElseThrow());
    }

    private static Map<DifferenceKind, List<String>> rows(TableMismatch m) {
        return m.sampleRows().stream().collect(Collectors.groupingBy(RowDifference::kind,
                Collectors.mapping(r -> String.join(",", r.key().stream().map(k -> k.substring(2)).toList()), Collectors.toList())));
    }

    private static String value(io.cutover.local.db.MariaDbServer server, String sql) {
        try (Connection c = server.rootConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void countsAndChecksumsFindEachDifferenceAndNothingElse(TestDatabases db) {
        String s = createBoth(db, "valdiff");
        // the renderings really differ: a naive text comparison would report every row of accounts
        assertThat(value(db.source(), "SELECT CONCAT(score) FROM " + s + ".accounts WHERE id = 1"))
                .isNotEqualTo(value(db.target(), "SELECT CONCAT(score) FROM " + s + ".accounts WHERE id = 1"));
        assertThat(value(db.source(), "SELECT CONCAT(amount) FROM " + s + ".accounts WHERE id = 1"))
                .isNotEqualTo(value(db.target(), "SELECT CONCAT(amount) FROM " + s + ".accounts WHERE id = 1"));
        db.target().execute(
                "DELETE FROM " + s + ".accounts WHERE id = 10",
                "INSERT INTO " + s + ".accounts VALUES (5000, 'extra', 1.5, 1.00, NOW())",
                "UPDATE " + s + ".accounts SET amount = amount + 0.01 WHERE id = 20",
                "UPDATE " + s + ".accounts SET name = UPPER(name) WHERE id = 31",
                "UPDATE " + s + ".accounts SET score = score * 2 WHERE id = 40",
                "DELETE FROM " + s + ".events WHERE id = 5",
                "INSERT INTO " + s + ".events VALUES (1005, 1)",
                "UPDATE " + s + ".pairs SET v = -1 WHERE a = 500 AND b = 'k1'");
        // a _ci collation calls the case change equal; the comparison must not
        assertThat(value(db.source(), "SELECT 'user-31' = 'USER-31' COLLATE utf8mb4_unicode_ci")).isEqualTo("1");

        MemoryArtifacts artifacts = new MemoryArtifacts();
        InMemoryPorts ports = db.ports().artifacts(artifacts).build();
        PassResult r = pass(ports, artifacts, config(db, "val-diff", s), ValidationRequest.POST_FREEZE);

        assertThat(r.plan().batches()).hasSize(3); // 5 tables, 2 per batch
        assertThat(r.verdict().ok()).isFalse();
        assertThat(r.verdict().mismatches()).containsExactlyInAnyOrder(s + ".accounts", s + ".events", s + ".pairs");
        Map<String, TableMismatch> byTable = r.report().mismatches().stream().collect(Collectors.toMap(TableMismatch::table, m -> m));

        TableMismatch accounts = byTable.get(s + ".accounts");
        assertThat(accounts.sourceRows()).isEqualTo(3000);
        assertThat(accounts.targetRows()).isEqualTo(3000);
        assertThat(rows(accounts)).containsOnly(
                Map.entry(DifferenceKind.MISSING_ON_TARGET, List.of("10")),
                Map.entry(DifferenceKind.EXTRA_ON_TARGET, List.of("5000")),
                Map.entry(DifferenceKind.CHANGED, List.of("20", "31", "40")));

        TableMismatch events = byTable.get(s + ".events");
        assertThat(events.sourceRows()).isEqualTo(events.targetRows()); // the totals hide it
        assertThat(events.partitionsDiffering()).extracting(p -> p.partition() + ":" + p.source() + "/" + p.target())
                .containsExactly("p0:99/98", "p2:101/102");
        assertThat(rows(events)).containsOnly(Map.entry(DifferenceKind.MISSING_ON_TARGET, List.of("5")),
                Map.entry(DifferenceKind.EXTRA_ON_TARGET, List.of("1005")));

        assertThat(rows(byTable.get(s + ".pairs"))).containsOnly(Map.entry(DifferenceKind.CHANGED, List.of("500,k1")));
        assertThat(r.report().warnings()).anySatisfy(w -> assertThat(w).contains(s + ".notes").contains("no primary or non-null unique key"));
        assertThat(r.report().rowsChecksummed()).isEqualTo(3000 + 300 + 2400 + 50 + 500);
        assertThat(r.verdict().summary()).contains("3 of 5 tables differ").contains("partitions [p0 99/98, p2 101/102]");
    }

    @Test
    void twoRowsChangedAlikeInOneChunkDoNotCancelOut(TestDatabases db) {
        String s = createBoth(db, "valalike");
        // "11#22" -> "11#23" and "13#26" -> "13#27": the same bit flipped at the same place in rows of the same length.
        // CRC32 is linear, so a BIT_XOR of the rows' CRC32s (pt-table-checksum's aggregate) does not change; a sum does.
        assertThat(value(db.source(), "SELECT (CRC32('11#22') ^ CRC32('13#26')) = (CRC32('11#23') ^ CRC32('13#27'))")).isEqualTo("1");
        db.target().execute("UPDATE " + s + ".events SET v = v + 1 WHERE id IN (11, 13)");
        MemoryArtifacts artifacts = new MemoryArtifacts();
        PassResult r = pass(db.ports().artifacts(artifacts).build(), artifacts, config(db, "val-alike", s), ValidationRequest.POST_FREEZE);
        assertThat(r.verdict().mismatches()).containsExactly(s + ".events");
        assertThat(rows(r.report().mismatches().get(0))).containsOnly(Map.entry(DifferenceKind.CHANGED, List.of("11", "13")));
    }

    @Test
    void integerKeyChunksCoverGapsAndTheEndsSoARowOnlyTheTargetHasIsFound(TestDatabases db) {
        String s = TestDatabases.newSchema("valgaps");
        for (var server : List.of(db.source(), db.target())) {
            server.execute("CREATE DATABASE " + s, "CREATE TABLE " + s + ".sparse (id BIGINT PRIMARY KEY, v INT)",
                    // a sparse start (a key every 1,000) and a dense rest: the chunks' widths follow the density
                    "INSERT INTO " + s + ".sparse SELECT seq * 1000, seq FROM " + s + ".seq_1_to_2500",
                    "INSERT INTO " + s + ".sparse SELECT 10000000 + seq, seq FROM " + s + ".seq_1_to_5000");
        }
        db.target().execute("INSERT INTO " + s + ".sparse VALUES (-7, 0), (1234567, 0), (9000001, 0), (99999999, 0)",
                "UPDATE " + s + ".sparse SET v = -1 WHERE id IN (2000000, 10004321)");
        MemoryArtifacts artifacts = new MemoryArtifacts();
        PassResult r = pass(db.ports().artifacts(artifacts).build(), artifacts, config(db, "val-gaps", s), ValidationRequest.POST_FREEZE);
        assertThat(r.verdict().mismatches()).containsExactly(s + ".sparse");
        assertThat(rows(r.report().mismatches().get(0))).containsOnly(
                Map.entry(DifferenceKind.EXTRA_ON_TARGET, List.of("-7", "1234567", "9000001", "99999999")),
                Map.entry(DifferenceKind.CHANGED, List.of("2000000", "10004321")));
        assertThat(r.report().rowsChecksummed()).isEqualTo(7500);

        // again in small chunks (the first of 100 rows, then a time target of 1 ms; a chunk grows at most 16-fold), so
        // that chunk edges fall in the sparse start, the gaps and the dense rest: the same rows, whatever the chunks
        var plan = artifacts.getJson(io.cutover.cutover.validation.ValidationKeys.planKey("val-gaps", ValidationRequest.POST_FREEZE),
                io.cutover.cutover.validation.ValidationModel.Plan.class).orElseThrow();
        MigrationConfig config = config(db, "val-gaps", s);
        try (var source = db.open(io.cutover.core.db.DatabaseRole.SOURCE, config);
             var target = db.open(io.cutover.core.db.DatabaseRole.TARGET, config);
             var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            var acc = new TableValidator.Accumulator(plan.tables().get(0));
            var progress = new TableValidator(source, target, pool, 1).checksum(acc, null, 100, java.time.Instant.now().plusSeconds(600));
            assertThat(progress.done()).isTrue();
            assertThat(acc.result().chunks()).isGreaterThanOrEqualTo(3); // 100 rows, at most 1,600, then the rest at most
            assertThat(acc.result().rowsChecksummed()).isEqualTo(7500);
            assertThat(acc.result().rows()).extracting(d -> d.kind() + " " + d.key().get(0).substring(2)).containsExactlyInAnyOrder(
                    "EXTRA_ON_TARGET -7", "EXTRA_ON_TARGET 1234567", "EXTRA_ON_TARGET 9000001", "EXTRA_ON_TARGET 99999999",
                    "CHANGED 2000000", "CHANGED 10004321");
        }
    }

    /**
     * An integer key's bounds are read once per call, not per chunk, while CDC keeps writing during a pre-freeze
     * pass: rows written beyond the largest key after it was read are still compared (the last chunk is open), and
     * the largest key is read again before a chunk is left open, so they are chunked rather than swept into one long
     * last chunk.
     */
    @Test
    void rowsWrittenBeyondTheLargestKeyDuringAPassAreComparedAndChunked(TestDatabases db) {
        String s = TestDatabases.newSchema("valgrow");
        for (var server : List.of(db.source(), db.target())) {
            server.execute("CREATE DATABASE " + s, "CREATE TABLE " + s + ".grows (id BIGINT PRIMARY KEY, v INT)",
                    "INSERT INTO " + s + ".grows SELECT seq, seq FROM " + s + ".seq_1_to_300");
        }
        MemoryArtifacts artifacts = new MemoryArtifacts();
        InMemoryPorts ports = db.ports().artifacts(artifacts).build();
        MigrationConfig config = config(db, "val-grow", s);
        new PlanValidationHandler(ports).handle(new ValidationRequest(config, "plan", "exec-1", "grow", null, null, null));
        var plan = artifacts.getJson(io.cutover.cutover.validation.ValidationKeys.planKey("val-grow", "grow"),
                io.cutover.cutover.validation.ValidationModel.Plan.class).orElseThrow();
        List<Long> chunkRows = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (var source = db.open(io.cutover.core.db.DatabaseRole.SOURCE, config);
             var target = db.open(io.cutover.core.db.DatabaseRole.TARGET, config);
             var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            // as CDC would: once the bounds are read, 20,000 rows beyond them on both sides, one changed and one more
            // only on the target
            Database writing = new Observed(source, () -> {
                for (var server : List.of(db.source(), db.target())) {
                    server.execute("INSERT INTO " + s + ".grows SELECT 300 + seq, seq FROM " + s + ".seq_1_to_20000");
                }
                db.target().execute("UPDATE " + s + ".grows SET v = -1 WHERE id = 15000", "INSERT INTO " + s + ".grows VALUES (50000, 0)");
            }, chunkRows);
            var acc = new TableValidator.Accumulator(plan.tables().get(0));
            new TableValidator(writing, target, pool, 1).checksum(acc, null, 100, java.time.Instant.now().plusSeconds(600));
            assertThat(acc.result().rowsChecksummed()).isEqualTo(20_300);
            assertThat(acc.result().rows()).extracting(d -> d.kind() + " " + d.key().get(0).substring(2))
                    .containsExactlyInAnyOrder("CHANGED 15000", "EXTRA_ON_TARGET 50000");
            // the second chunk (at most 16 times the first's 100 rows) ends before the new rows' end: without reading
            // the largest key again it would have been the open last chunk of all 20,200 rows after the first
            assertThat(chunkRows).hasSizeGreaterThanOrEqualTo(3).allSatisfy(n -> assertThat(n).isLessThan(20_000L));
        }
    }

    /** The source's session, running {@code afterBounds} once after the first MIN/MAX query and noting each chunk's rows. */
    private static final class Observed implements Database {
        private final Database db;
        private final Runnable afterBounds;
        private final List<Long> chunkRows;
        private final java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();

        Observed(Database db, Runnable afterBounds, List<Long> chunkRows) {
            this.db = db;
            this.afterBounds = afterBounds;
            this.chunkRows = chunkRows;
        }

        @Override
        public List<io.cutover.core.db.Row> query(String sql, Object... params) {
            List<io.cutover.core.db.Row> rows = db.query(sql, params);
            if (sql.contains("MAX(") && ran.compareAndSet(false, true)) {
                afterBounds.run();
            }
            if (sql.startsWith("SELECT COUNT(*) AS cnt")) {
                chunkRows.add(rows.get(0).longValue("cnt", 0));
            }
            return rows;
        }

        @Override
        public io.cutover.core.db.DatabaseRole role() {
            return db.role();
        }

        @Override
        public io.cutover.core.db.ServerInfo server() {
            return db.server();
        }

        @Override
        public Map<String, String> globalVariables(java.util.Collection<String> names) {
            return db.globalVariables(names);
        }

        @Override
        public int update(String sql, Object... params) {
            return db.update(sql, params);
        }

        @Override
        public java.sql.Connection jdbc() {
            return db.jdbc();
        }

        @Override
        public void close() {
            db.close();
        }
    }

    @Test
    void aNullMovedToAnotherColumnIsADifferenceThoughTheRowRendersAlike(TestDatabases db) {
        String s = TestDatabases.newSchema("valnull");
        for (var server : List.of(db.source(), db.target())) {
            server.execute("CREATE DATABASE " + s, "CREATE TABLE " + s + ".t (id INT PRIMARY KEY, a VARCHAR(5), b VARCHAR(5))",
                    "INSERT INTO " + s + ".t SELECT seq, 'p', 'q' FROM " + s + ".seq_1_to_500");
        }
        db.source().execute("UPDATE " + s + ".t SET a = NULL, b = 'x' WHERE id = 7");
        db.target().execute("UPDATE " + s + ".t SET a = 'x', b = NULL WHERE id = 7");
        // CONCAT_WS skips NULLs: both rows render as '7#x'
        assertThat(value(db.source(), "SELECT CONCAT_WS('#', id, a, b) FROM " + s + ".t WHERE id = 7"))
                .isEqualTo(value(db.target(), "SELECT CONCAT_WS('#', id, a, b) FROM " + s + ".t WHERE id = 7"));
        MemoryArtifacts artifacts = new MemoryArtifacts();
        PassResult r = pass(db.ports().artifacts(artifacts).build(), artifacts, config(db, "val-null", s), ValidationRequest.POST_FREEZE);
        assertThat(r.verdict().mismatches()).containsExactly(s + ".t");
        assertThat(rows(r.report().mismatches().get(0))).containsOnly(Map.entry(DifferenceKind.CHANGED, List.of("7")));
    }

    @Test
    void childRowsChangedByAForeignKeyActionAreVerifiedAfterTheFreezeThoughTheBinlogDoesNotNameThem(TestDatabases db) {
        String s = TestDatabases.newSchema("valfk");
        for (var server : List.of(db.source(), db.target())) {
            server.execute("CREATE DATABASE " + s, "CREATE TABLE " + s + ".parents (id INT PRIMARY KEY, name VARCHAR(20))");
        }
        // the source's foreign key sets the children's reference to NULL; the target has none (as while DMS loads it)
        db.source().execute("CREATE TABLE " + s + ".children (id INT PRIMARY KEY, parent_id INT NULL, "
                + "FOREIGN KEY (parent_id) REFERENCES " + s + ".parents (id) ON DELETE SET NULL) ENGINE=InnoDB");
        db.target().execute("CREATE TABLE " + s + ".children (id INT PRIMARY KEY, parent_id INT NULL)");
        for (var server : List.of(db.source(), db.target())) {
            server.execute("INSERT INTO " + s + ".parents SELECT seq, CONCAT('p', seq) FROM " + s + ".seq_1_to_20",
                    "INSERT INTO " + s + ".children SELECT seq, seq % 20 + 1 FROM " + s + ".seq_1_to_200");
        }
        MemoryArtifacts artifacts = new MemoryArtifacts();
        InMemoryPorts ports = db.ports().artifacts(artifacts).build();
        MigrationConfig config = config(db, "val-fk", s);
        assertThat(pass(ports, artifacts, config, ValidationRequest.PRE_FREEZE).verdict().ok()).isTrue();

        db.source().execute("DELETE FROM " + s + ".parents WHERE id = 7"); // the binlog has the parent row only
        db.target().execute("DELETE FROM " + s + ".parents WHERE id = 7"); // what DMS applies from it

        PassResult post = pass(ports, artifacts, config, ValidationRequest.POST_FREEZE);
        assertThat(post.plan().changedRows()).isEqualTo(1 + 10); // the parent, and its 10 children reached through the key
        assertThat(post.verdict().mismatches()).containsExactly(s + ".children");
        assertThat(rows(post.report().mismatches().get(0))).containsOnly(Map.entry(DifferenceKind.CHANGED,
                List.of("6", "26", "46", "66", "86", "106", "126", "146", "166", "186")));
        assertThat(post.report().warnings()).anySatisfy(w -> assertThat(w).contains("10 child rows reached through foreign-key actions"));
    }

    @Test
    void aBatchStoppedByItsBudgetResumesFromItsCursorToTheSameResult(TestDatabases db) {
        String s = createBoth(db, "valresume");
        db.target().execute("UPDATE " + s + ".accounts SET amount = 0 WHERE id IN (7, 2999)");
        MemoryArtifacts artifacts = new MemoryArtifacts();
        InMemoryPorts ports = db.ports().artifacts(artifacts).build();
        MigrationConfig config = config(db, "val-resume", s);
        new PlanValidationHandler(ports).handle(new ValidationRequest(config, "plan", "exec-1", "resume", null, null, null));
        var plan = artifacts.getJson(io.cutover.cutover.validation.ValidationKeys.planKey("val-resume", "resume"),
                io.cutover.cutover.validation.ValidationModel.Plan.class).orElseThrow();
        int batch = java.util.stream.IntStream.range(0, plan.batches().size())
                .filter(b -> plan.batches().get(b).stream().anyMatch(i -> plan.tables().get(i).table().equals("accounts"))).findFirst().orElseThrow();
        List<io.cutover.cutover.validation.ValidationModel.BatchResult> saved = new java.util.ArrayList<>();
        io.cutover.cutover.validation.ValidationModel.BatchResult result = null;
        int calls = 0;
        try (var source = db.open(io.cutover.core.db.DatabaseRole.SOURCE, config);
             var target = db.open(io.cutover.core.db.DatabaseRole.TARGET, config)) {
            var validator = new io.cutover.cutover.validation.BatchValidator(source, target);
            do {
                result = validator.run(plan, batch, result, null, java.time.Duration.ofMillis(1), saved::add);
                calls++;
            } while (!result.complete() && calls < 100);
        }
        assertThat(result.complete()).isTrue();
        assertThat(calls).isGreaterThan(1); // stopped by the budget, resumed from the cursor
        assertThat(saved.stream().filter(b -> !b.complete())).allSatisfy(b -> assertThat(b.cursor()).isNotNull());
        var accounts = result.tables().stream().filter(t -> t.table().equals("accounts")).findFirst().orElseThrow();
        assertThat(accounts.rowsChecksummed()).isEqualTo(3000);
        assertThat(accounts.rows()).extracting(r -> r.key().get(0)).containsExactlyInAnyOrder("n:7", "n:2999");
        assertThat(result.tables()).hasSize(plan.batches().get(batch).size());
    }

    @Test
    void aTableWithoutKeyIsComparedWhole(TestDatabases db) {
        String s = createBoth(db, "valnokey");
        db.target().execute("UPDATE " + s + ".notes SET n = 0 WHERE n = 7");
        MemoryArtifacts artifacts = new MemoryArtifacts();
        PassResult r = pass(db.ports().artifacts(artifacts).build(), artifacts, config(db, "val-nokey", s), ValidationRequest.POST_FREEZE);
        assertThat(r.verdict().mismatches()).containsExactly(s + ".notes");
        TableMismatch notes = r.report().mismatches().get(0);
        assertThat(notes.sourceRows()).isEqualTo(notes.targetRows());
        assertThat(notes.chunksDiffering()).isEqualTo(1);
    }

    @Test
    void preFreezeRecheckSettlesLagAndThePostFreezePassVerifiesOnlyWhatChanged(TestDatabases db) {
        String s = createBoth(db, "valinc");
        MemoryArtifacts artifacts = new MemoryArtifacts();
        InMemoryPorts ports = db.ports().artifacts(artifacts).build();
        MigrationConfig config = config(db, "val-inc", s);
        db.target().execute("UPDATE " + s + ".accounts SET amount = 0 WHERE id = 50"); // CDC has not applied it yet

        PassResult pre = pass(ports, artifacts, config, ValidationRequest.PRE_FREEZE);
        assertThat(pre.verdict().mismatches()).containsExactly(s + ".accounts");
        PollDecision recheck = new RecheckMismatchesHandler(ports).handle(new ValidationRequest(config, "recheck", "exec-1",
                ValidationRequest.PRE_FREEZE, null, null, null));
        assertThat(recheck.outcome()).isEqualTo(Outcome.CONTINUE);
        assertThat(recheck.waitSeconds()).isEqualTo(10); // twice maxLagSeconds
        db.target().execute("UPDATE " + s + ".accounts SET amount = 50 * 1.25 WHERE id = 50"); // ... now it has
        recheck = new RecheckMismatchesHandler(ports).handle(new ValidationRequest(config, "recheck", "exec-1",
                ValidationRequest.PRE_FREEZE, null, null, recheck));
        assertThat(recheck.outcome()).isEqualTo(Outcome.DONE);

        // after the pre-freeze pass started: two changes replicated, one lost, one table changed by DDL-free DML
        db.source().execute("UPDATE " + s + ".accounts SET amount = 1 WHERE id = 100",
                "DELETE FROM " + s + ".accounts WHERE id = 300",
                "UPDATE " + s + ".accounts SET amount = 2 WHERE id = 200",
                "UPDATE " + s + ".pairs SET v = 7 WHERE a = 10 AND b = 'k2'");
        db.target().execute("UPDATE " + s + ".accounts SET amount = 1 WHERE id = 100",
                "DELETE FROM " + s + ".accounts WHERE id = 300",
                "UPDATE " + s + ".pairs SET v = 7 WHERE a = 10 AND b = 'k2'");

        PassResult post = pass(ports, artifacts, config, ValidationRequest.POST_FREEZE);
        assertThat(post.plan().baselinePass()).isEqualTo(ValidationRequest.PRE_FREEZE);
        assertThat(post.plan().changedRows()).isEqualTo(4);
        assertThat(post.plan().scopes()).containsEntry(Scope.CHANGED, 2L).containsEntry(Scope.COUNTS, 2L).containsEntry(Scope.FULL, 1L);
        assertThat(post.verdict().mismatches()).containsExactly(s + ".accounts");
        assertThat(rows(post.report().mismatches().get(0))).containsOnly(Map.entry(DifferenceKind.CHANGED, List.of("200")));
        // only the changed rows and the keyless table were checksummed, not the 6,200 others
        assertThat(post.report().rowsChecksummed()).isEqualTo(3 + 1 + 50);
        // what the freeze-window benchmark prints: rows read during the freeze, rows changed since the pre-freeze pass
        assertThat(post.verdict().rowsChanged()).isEqualTo(4L);
        assertThat(post.verdict().rowsRead()).isEqualTo(post.report().rowsCounted() + 3 + 1 + 50);
        assertThat(pre.verdict().rowsChanged()).isNull();
    }
}
