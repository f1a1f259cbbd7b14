package io.cutover.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.cutover.validation.PlanValidationHandler;
import io.cutover.cutover.validation.SummarizeValidationHandler;
import io.cutover.cutover.validation.TableValidator;
import io.cutover.cutover.validation.ValidateBatchHandler;
import io.cutover.cutover.validation.ValidationModel.Plan;
import io.cutover.cutover.validation.ValidationRequest;
import io.cutover.local.db.DatabasePair;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Validation cost on two local MariaDB servers with a generated 1,000,000-row table on each side:
 * (1) rows/s of the chunked checksum comparison vs a plain COUNT(*) of the same table (both sides in parallel, as
 * the validator runs them), and the ratio; (2) on one side, the same table in one run, the chunked checksum as a pass
 * runs it there vs reading every value of every row ({@code SELECT SUM(LENGTH(CONCAT_WS('#', all columns)))}, the
 * floor any row hash pays) and vs pt-table-checksum (Percona Toolkit) when it is installed, the three interleaved
 * over {@value #ROUNDS} rounds (medians); (3) the passes in the state machine's order (pre-freeze, catch-up after
 * 1,000 changed rows, the freeze-time pass after 1,000 more) and the freeze-time pass vs a full pass.
 */
final class ValidationBenchmark implements Benchmarks.Benchmark {
    private static final int ROWS = 1_000_000;
    private static final int CHANGED = 1_000;
    private static final int ROUNDS = 9;
    /** Rounds of catch-up pass, changes and freeze-time pass; full passes at the freeze. */
    private static final int FREEZE_ROUNDS = 5;
    private static final int FULL_ROUNDS = 3;
    private static final String COLUMNS = "id, customer, amount, score, created, note";

    @Override
    public String description() {
        return "checksum vs COUNT(*) rows/s on 1,000,000 rows; one side: checksum vs reading every value vs pt-table-checksum; "
                + "freeze-time pass with 1,000 rows changed since the catch-up pass vs a full pass";
    }

    @Override
    public void run(String[] args) throws Exception {
        int rows = (int) Benchmarks.arg(args, 0, ROWS);
        // local/bench runs this benchmark with the functions' JIT settings (template.yaml's JAVA_TOOL_OPTIONS)
        System.out.println("JVM options: " + String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
        // both with performance_schema on (MySQL's default; on Aurora a parameter group or Performance Insights turns it on):
        // the freeze-time pass reads the source's write counters and the target's, aligned with the binlog
        try (DatabasePair pair = DatabasePair.start(DatabasePair.newBaseDir(),
                io.cutover.local.db.MariaDbOptions.source().withPerformanceSchema(),
                io.cutover.local.db.MariaDbOptions.target().withPerformanceSchema())) {
            MemorySecrets secrets = pair.publishSecrets(new MemorySecrets());
            long t0 = System.nanoTime();
            String table = "CREATE TABLE bench.orders (id INT PRIMARY KEY, customer VARCHAR(40), amount DECIMAL(12,2), "
                    + "score DOUBLE, created DATETIME(3), note VARCHAR(100))";
            String fill = "INSERT INTO bench.orders SELECT seq, CONCAT('customer-', seq % 5000), seq * 0.37, seq / 3, "
                    + "TIMESTAMP'2025-01-01 00:00:00' + INTERVAL seq SECOND, REPEAT('x', seq % 50) FROM bench.seq_1_to_" + rows;
            Thread a = Thread.ofPlatform().start(() -> pair.source().execute("CREATE DATABASE bench", table, fill));
            pair.target().execute("CREATE DATABASE bench", table, fill);
            a.join();
            System.out.printf("generated %,d rows on each side in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);

            MigrationConfig config = config(pair);
            MemoryArtifacts artifacts = new MemoryArtifacts();
            InMemoryPorts ports = InMemoryPorts.builder().secrets(secrets).artifacts(artifacts).build();
            System.out.println(io.cutover.schema.HeartbeatTable.ensureOnBothSides(ports, config).describe());

            // (1) checksum comparison vs COUNT(*), both sides at once, after one warm-up pass each
            try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source());
                 Database target = ports.databases().open(DatabaseRole.TARGET, config.target());
                 ExecutorService pool = Executors.newFixedThreadPool(2)) {
                runFull(ports, config, "warm-up");
                Plan plan = artifacts.getJson(io.cutover.cutover.validation.ValidationKeys.planKey(config.migrationId(), "warm-up"), Plan.class).orElseThrow();
                TableValidator validator = new TableValidator(source, target, pool, config.cutover().validation().chunkTargetMillis());
                double count = median(3, () -> {
                    var acc = new TableValidator.Accumulator(plan.tables().get(0));
                    validator.count(acc);
                });
                double checksum = median(3, () -> {
                    var acc = new TableValidator.Accumulator(plan.tables().get(0));
                    validator.checksum(acc, null, 0, Instant.now().plusSeconds(3600));
                    if (acc.result().rowsChecksummed() != rows || !acc.result().mismatchedChunks().isEmpty()) {
                        throw new IllegalStateException("unexpected checksum result " + acc.result());
                    }
                });
                System.out.printf("COUNT(*) both sides:        %6.2f s  %,12.0f rows/s%n", count, rows / count);
                System.out.printf("chunked checksum both sides: %6.2f s  %,12.0f rows/s (chunk target %d ms)%n", checksum, rows / checksum,
                        config.cutover().validation().chunkTargetMillis());
                System.out.printf("ratio checksum/COUNT(*):     %6.1f x slower%n", checksum / count);

                oneSide(pair, source, plan, config.cutover().validation().chunkTargetMillis(), rows);
            }

            // (2) as the state machine runs them: the pre-freeze pass; 1,000 rows changed (applied on both sides, as CDC
            // would) while it ran and the approver decided; the catch-up pass after the approval; 1,000 other rows changed
            // during it; the freeze-time pass, which reads what changed since the catch-up pass and runs the handlers the
            // catch-up pass has just run (in AWS, on execution environments Lambda may reuse: see docs/cutover-and-validation.md).
            // Catch-up, changes and freeze-time pass are one round, repeated as executions of their own: one pass of some
            // 70 ms on this machine varies by half from one run to the next, so the figure is the median round's.
            runFull(ports, config, ValidationRequest.PRE_FREEZE);
            applyHeartbeatOnTarget(pair); // as DMS: the baseline marker reaches the target (its trigger records the baseline)
            changeOnBothSides(pair, "UPDATE bench.orders SET amount = amount + 1 WHERE id % " + Math.max(1, rows / CHANGED) + " = 1");
            double[][] catchUps = new double[FREEZE_ROUNDS][];
            double[][] rounds = new double[FREEZE_ROUNDS][];
            for (int r = 0; r < FREEZE_ROUNDS; r++) {
                catchUps[r] = runFull(ports, config, ValidationRequest.CATCH_UP, "bench-" + r);
                changeOnBothSides(pair, "UPDATE bench.orders SET amount = amount + 1 WHERE id % " + Math.max(1, rows / CHANGED) + " = 0");
                rounds[r] = runFull(ports, config, ValidationRequest.POST_FREEZE, "bench-" + r);
            }
            var freezeReport = artifacts.getJson(io.cutover.cutover.validation.ValidationKeys.reportKey(config.migrationId(),
                    ValidationRequest.POST_FREEZE), io.cutover.cutover.validation.ValidationReport.class).orElseThrow();
            double[][] fulls = new double[FULL_ROUNDS][];
            for (int r = 0; r < FULL_ROUNDS; r++) {
                fulls[r] = runFull(ports, config, "full-at-freeze", "bench-full-" + r);
            }
            double[] incremental = medianRound(rounds);
            double[] full = medianRound(fulls);
            System.out.printf("catch-up pass before the freeze, %,d or more rows changed since the pre-freeze pass: %6.2f s, median of %d (not in the downtime)%n",
                    CHANGED, medianRound(catchUps)[0], FREEZE_ROUNDS);
            System.out.printf("freeze-time pass, %,d rows changed since the catch-up pass: %6.2f s, the median of %d rounds (first %.2f s, min %.2f, max %.2f; "
                    + "that round: plan incl. binlog read and rows compared there %.3f s, batches %.3f s, summary %.3f s)%n", CHANGED, incremental[0],
                    FREEZE_ROUNDS, rounds[0][0], java.util.Arrays.stream(rounds).mapToDouble(x -> x[0]).min().orElse(0),
                    java.util.Arrays.stream(rounds).mapToDouble(x -> x[0]).max().orElse(0), incremental[1], incremental[3], incremental[4]);
            System.out.printf("full pass (counts + every chunk):                     %6.2f s, the median of %d (plan %.2f s, batches %.2f s)%n",
                    full[0], FULL_ROUNDS, full[1], full[2]);
            System.out.printf("freeze-time pass / full pass: %.1f %%%n", 100 * incremental[0] / full[0]);
            System.out.printf("freeze-time saving: %.1f x%n", full[0] / incremental[0]);
            System.out.printf("rows read during the freeze: %d (rows changed since the catch-up pass: %d, since the pre-freeze pass: %d; "
                    + "counted %d, compared by key %d)%n", freezeReport.rowsCounted() + freezeReport.rowsChecksummed(), CHANGED, 2 * CHANGED,
                    freezeReport.rowsCounted(), freezeReport.rowsChecksummed());
            freezeTimeParts(ports, config, artifacts);
        }
    }

    /** The round whose total (its first figure) is the median. */
    private static double[] medianRound(double[][] rounds) {
        double[][] sorted = rounds.clone();
        java.util.Arrays.sort(sorted, java.util.Comparator.comparingDouble(x -> x[0]));
        return sorted[sorted.length / 2];
    }

    /**
     * What the freeze-time pass's fixed costs are, each alone, medians of three: the two sessions, one side's catalogue,
     * the binlog read since the last catch-up pass.
     */
    private static void freezeTimeParts(InMemoryPorts ports, MigrationConfig config, MemoryArtifacts artifacts) {
        Plan base = artifacts.getJson(io.cutover.cutover.validation.ValidationKeys.planKey(config.migrationId(), ValidationRequest.CATCH_UP),
                Plan.class).orElseThrow();
        Plan freeze = artifacts.getJson(io.cutover.cutover.validation.ValidationKeys.planKey(config.migrationId(), ValidationRequest.POST_FREEZE),
                Plan.class).orElseThrow();
        double open = median(3, () -> {
            ports.databases().open(DatabaseRole.SOURCE, config.source()).close();
            ports.databases().open(DatabaseRole.TARGET, config.target()).close();
        });
        double catalogue;
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source())) {
            catalogue = median(3, () -> {
                io.cutover.core.catalog.Catalog c = io.cutover.core.catalog.Catalog.read(source, config.schemas());
                c.tables();
                c.columns();
                c.indexes();
                c.partitions();
                c.foreignKeys();
            });
        }
        String secret = config.source().secretId();
        var reader = new io.cutover.cutover.validation.ChangedKeysReader(
                io.cutover.core.db.DbCredentials.fromSecret(secret, ports.secrets().secretString(secret)), config.source().tls(), null);
        long[] events = new long[1];
        double binlog = median(3, () -> events[0] = reader.read(base.sourcePosition(), freeze.sourcePosition(), base.tables()).events());
        System.out.printf("  its fixed parts, each alone (median of 3): two sessions opened one after the other %.1f ms, one side's "
                + "catalogue (tables, columns, indexes, partitions, foreign keys) %.1f ms, the binlog read (%d events) %.1f ms%n",
                open * 1000, catalogue * 1000, events[0], binlog * 1000);
    }

    /**
     * The source alone: Cutover's chunked checksum, reading every value, and pt-table-checksum, interleaved so that a
     * change of load touches the three alike, the order rotated each round so that none always runs first (after
     * another's scan) or last; one warm-up round first. This machine's queries jitter by a third from one run to the
     * next, so the ratios are the medians of each round's own ratio (its three measurements taken back to back), not
     * ratios of medians.
     */
    private static void oneSide(DatabasePair pair, Database source, Plan plan, int chunkTargetMillis, int rows) throws Exception {
        var table = plan.tables().get(0);
        String readEveryValue = "SELECT SUM(LENGTH(CONCAT_WS('#', " + COLUMNS + "))) AS n FROM bench.orders";
        boolean pt = ptTableChecksumInstalled();
        int kinds = pt ? 3 : 2;
        double[][] seconds = new double[3][ROUNDS]; // [checksum, read every value, pt-table-checksum][round]
        double[][] cpu = new double[3][ROUNDS];     // the same, the source server's CPU seconds
        java.nio.file.Path stat = serverStat(pair.source());
        for (int round = -1; round < ROUNDS; round++) {
            double[] taken = new double[3];
            double[] used = new double[3];
            for (int i = 0; i < kinds; i++) {
                int kind = Math.floorMod(round + i, kinds);
                double c0 = cpuSeconds(stat);
                long t0 = System.nanoTime();
                switch (kind) {
                    case 0 -> {
                        long checked = TableValidator.checksumOneSide(source, table, chunkTargetMillis);
                        if (checked != rows) {
                            throw new IllegalStateException("the checksum covered " + checked + " rows of " + rows);
                        }
                    }
                    case 1 -> source.query(readEveryValue);
                    default -> taken[2] = ptTableChecksum(pair); // its own TIME for the table, not the process's
                }
                if (kind != 2) {
                    taken[kind] = (System.nanoTime() - t0) / 1e9;
                }
                used[kind] = cpuSeconds(stat) - c0;
            }
            if (round >= 0) {
                for (int k = 0; k < 3; k++) {
                    seconds[k][round] = taken[k];
                    cpu[k][round] = used[k];
                }
            }
        }
        double[] perRoundFloor = new double[ROUNDS];
        double[] perRoundTool = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            perRoundFloor[r] = seconds[0][r] / seconds[1][r];
            perRoundTool[r] = pt ? seconds[0][r] / seconds[2][r] : 0;
        }
        System.out.printf("one side (the source), the same table, one run, %d interleaved rounds (order rotated each round), medians:%n", ROUNDS);
        System.out.printf("  read every value (SUM(LENGTH(CONCAT_WS('#', all columns)))): %6.2f s (min %.2f, max %.2f)%n",
                median(seconds[1]), min(seconds[1]), max(seconds[1]));
        System.out.printf("  Cutover's chunked checksum (boundaries + chunk sums):          %6.2f s (min %.2f, max %.2f; chunk target %d ms)%n",
                median(seconds[0]), min(seconds[0]), max(seconds[0]), chunkTargetMillis);
        if (pt) {
            System.out.printf("  pt-table-checksum (its TIME for the table):                    %6.2f s (min %.2f, max %.2f)%n",
                    median(seconds[2]), min(seconds[2]), max(seconds[2]));
        }
        System.out.printf("each ratio below is the median over the rounds of that round's own ratio (min %.2f, max %.2f; "
                + "ratio of the medians %.2f):%n", min(perRoundFloor), max(perRoundFloor), median(seconds[0]) / median(seconds[1]));
        System.out.printf("ratio checksum/read-every-value: %.2f%n", median(perRoundFloor));
        if (pt) {
            System.out.printf("ratio checksum/pt-table-checksum: %.2f%n", median(perRoundTool));
        } else {
            System.out.println("pt-table-checksum not installed (Debian package percona-toolkit): no ratio checksum/pt-table-checksum");
        }
        if (stat != null) {
            // the same rounds in the source server's CPU time (/proc/<pid>/stat, every thread), which other processes'
            // load disturbs far less than wall time; pt-table-checksum's includes its own checks and writes there
            double[] cpuFloor = new double[ROUNDS];
            double[] cpuTool = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                cpuFloor[r] = cpu[0][r] / cpu[1][r];
                cpuTool[r] = pt ? cpu[0][r] / cpu[2][r] : 0;
            }
            System.out.printf("  the source server's CPU, medians: read every value %.2f s, checksum %.2f s%s; per-round ratios' medians: "
                    + "checksum/read-every-value %.2f (min %.2f, max %.2f)%s%n", median(cpu[1]), median(cpu[0]),
                    pt ? String.format(", pt-table-checksum %.2f s", median(cpu[2])) : "", median(cpuFloor), min(cpuFloor), max(cpuFloor),
                    pt ? String.format(", checksum/pt-table-checksum %.2f", median(cpuTool)) : "");
        }
    }

    /** The server's /proc/<pid>/stat, or null where there is none (not Linux, no pid file). */
    private static java.nio.file.Path serverStat(io.cutover.local.db.MariaDbServer server) {
        try {
            String pid = java.nio.file.Files.readString(server.directory().resolve("mysqld.pid")).trim();
            java.nio.file.Path stat = java.nio.file.Path.of("/proc", pid, "stat");
            return java.nio.file.Files.isReadable(stat) ? stat : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** utime + stime of every thread of the process, in clock ticks (proc(5): sysconf(_SC_CLK_TCK), 100 on Linux; getconf CLK_TCK). */
    private static double cpuSeconds(java.nio.file.Path stat) {
        if (stat == null) {
            return 0;
        }
        try {
            String s = java.nio.file.Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static double min(double[] values) {
        return java.util.Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElse(0);
    }

    private static boolean ptTableChecksumInstalled() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(d, "pt-table-checksum")));
    }

    /**
     * pt-table-checksum on the source's table, alone (no replicas to compare: {@code --recursion-method=none}; it
     * writes its chunks to percona.checksums there); returns the TIME it reports for the table, which leaves out
     * its own start-up and checks.
     */
    private static double ptTableChecksum(DatabasePair pair) throws Exception {
        var server = pair.source();
        Process p = new ProcessBuilder("pt-table-checksum", "h=" + server.host() + ",P=" + server.port() + ",u=root",
                "--databases", "bench", "--tables", "orders", "--no-check-binlog-format", "--no-check-replication-filters",
                "--recursion-method=none").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 9 && f[8].equals("bench.orders")) {
                return Double.parseDouble(f[7]);
            }
        }
        throw new IllegalStateException("pt-table-checksum gave no time for bench.orders:\n" + out);
    }

    private static double median(double[] values) {
        double[] t = values.clone();
        java.util.Arrays.sort(t);
        return t[t.length / 2];
    }

    /** Runs a whole pass through the handlers; returns {total, plan, batches + summary, batches, summary} seconds. */
    private static double[] runFull(InMemoryPorts ports, MigrationConfig config, String pass) {
        return runFull(ports, config, pass, "bench");
    }

    private static double[] runFull(InMemoryPorts ports, MigrationConfig config, String pass, String execution) {
        long t0 = System.nanoTime();
        var plan = new PlanValidationHandler(ports).handle(new ValidationRequest(config, "plan", execution, pass, null, null, null));
        long t1 = System.nanoTime();
        for (int batch : plan.verified() ? java.util.List.<Integer>of() : plan.batches()) { // as "5.3 Batches left to validate (after the freeze)?"
            ValidateBatchHandler.BatchSummary summary;
            do {
                summary = new ValidateBatchHandler(ports).handle(new ValidationRequest(config, "batch", execution, pass, batch, 600, null));
            } while (!summary.complete());
        }
        long t2 = System.nanoTime();
        var verdict = new SummarizeValidationHandler(ports).handle(new ValidationRequest(config, "verdict", execution, pass, null, null, null));
        long t3 = System.nanoTime();
        if (!verdict.ok()) {
            throw new IllegalStateException("the benchmark tables differ: " + verdict.summary());
        }
        return new double[] {(t3 - t0) / 1e9, (t1 - t0) / 1e9, (t3 - t1) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9};
    }

    private static double median(int runs, Runnable work) {
        work.run(); // warm-up
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            work.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        java.util.Arrays.sort(t);
        return t[runs / 2];
    }

    /** One statement on the source and on the target at once, as CDC would apply it. */
    private static void changeOnBothSides(DatabasePair pair, String sql) throws InterruptedException {
        Thread s = Thread.ofPlatform().start(() -> pair.source().execute(sql));
        pair.target().execute(sql);
        s.join();
    }

    /** The source's heartbeat rows the target lacks, inserted there in order, as DMS applies them. */
    private static void applyHeartbeatOnTarget(DatabasePair pair) throws java.sql.SQLException {
        String table = io.cutover.core.Heartbeat.qualifiedName();
        try (var s = pair.source().rootConnection(); var t = pair.target().rootConnection();
             var rs = s.createStatement().executeQuery("SELECT marker_id, migration_id, kind, written_at FROM " + table + " ORDER BY written_at");
             var w = t.prepareStatement("INSERT IGNORE INTO " + table + " (marker_id, migration_id, kind, written_at) VALUES (?, ?, ?, ?)")) {
            while (rs.next()) {
                for (int i = 1; i <= 4; i++) {
                    w.setObject(i, rs.getObject(i));
                }
                w.executeUpdate();
            }
        }
    }

    private static MigrationConfig config(DatabasePair pair) {
        ObjectNode input = Json.object();
        input.put("migrationId", "bench-validation");
        input.set("source", DatabasePair.endpointInput(DatabaseRole.SOURCE));
        input.set("target", DatabasePair.endpointInput(DatabaseRole.TARGET));
        input.putArray("schemas").add("bench");
        return Json.convert(input, MigrationConfig.class);
    }
}
