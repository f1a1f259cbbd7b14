package io.cutover.bench;

import io.cutover.core.config.DmsTls;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.dms.LocalDmsEngine;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.core.ports.Replication.EndpointPair;
import io.cutover.core.ports.Replication.EndpointSpec;
import io.cutover.core.ports.Replication.StartMode;
import io.cutover.core.ports.Replication.TaskDefinition;
import io.cutover.core.ports.Replication.TaskProgress;
import io.cutover.core.ports.Replication.TaskRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local DMS engine on servers of its own: full-load rows/s of a generated table, then CDC apply throughput
 * (changes/s) while writers commit small transactions on the source as fast as they can, and the time to drain.
 * {@code local/bench dms-engine [rows, default 1000000] [cdc seconds, default 20] [writers, default 2]}.
 */
final class DmsEngineBenchmark implements Benchmarks.Benchmark {
    @Override
    public String description() {
        return "local DMS engine: full-load rows/s (generated table) and CDC apply changes/s with writers running";
    }

    @Override
    public void run(String[] args) throws Exception {
        long rows = Benchmarks.arg(args, 0, 1_000_000);
        int cdcSeconds = (int) Benchmarks.arg(args, 1, 20);
        int writers = (int) Benchmarks.arg(args, 2, 2);
        System.out.printf("starting two MariaDB servers …%n");
        try (DatabasePair pair = DatabasePair.start(DatabasePair.newBaseDir())) {
            String ddl = "CREATE TABLE bench.orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL, amount DECIMAL(12,2) NOT NULL, "
                    + "status VARCHAR(20) NOT NULL, note VARCHAR(200), created DATETIME(6) NOT NULL, KEY (customer_id))";
            for (var server : List.of(pair.source(), pair.target())) {
                server.execute("CREATE DATABASE bench", ddl);
            }
            long generate = System.nanoTime();
            pair.source().execute("USE bench", "INSERT INTO orders SELECT seq, seq % 50000, (seq % 100000) / 100, "
                    + "ELT(1 + seq % 4, 'new', 'paid', 'shipped', 'closed'), CONCAT('order note ', seq, ' ', REPEAT('x', seq % 60)), "
                    + "TIMESTAMP('2024-01-01') + INTERVAL seq SECOND FROM seq_1_to_" + rows);
            System.out.printf("generated %,d rows on the source in %.1f s%n", rows, (System.nanoTime() - generate) / 1e9);

            MemorySecrets secrets = pair.publishSecrets(new MemorySecrets());
            try (LocalDmsEngine engine = new LocalDmsEngine(secrets)) {
                EndpointPair endpoints = engine.ensureEndpoints(new EndpointSpec("bench", null, null,
                        DatabasePair.secretId(DatabaseRole.SOURCE, "dms"), DatabasePair.secretId(DatabaseRole.TARGET, "dms"), null,
                        new DmsTls(DatabaseRole.SOURCE, "none", null), new DmsTls(DatabaseRole.TARGET, "none", null), null, null));
                TaskRef task = engine.ensureTask(new TaskDefinition("bench", "local", endpoints, "full-load-and-cdc",
                        "{\"rules\":[{\"rule-type\":\"selection\",\"rule-id\":\"1\",\"rule-name\":\"1\",\"rule-action\":\"include\","
                                + "\"object-locator\":{\"schema-name\":\"bench\",\"table-name\":\"%\"}}]}",
                        "{\"FullLoadSettings\":{\"TargetTablePrepMode\":\"DO_NOTHING\",\"CommitRate\":10000}}"));

                long start = System.nanoTime();
                engine.start(task, StartMode.START_REPLICATION);
                TaskProgress p;
                int lastPercent = -1;
                do {
                    Thread.sleep(200);
                    p = engine.progress(task);
                    if (p.fullLoadPercent() != null && p.fullLoadPercent() / 10 != lastPercent / 10) {
                        lastPercent = p.fullLoadPercent();
                        System.out.printf("  full load %3d %%  (%,d rows)%n", lastPercent, p.tables().isEmpty() ? 0 : p.tables().get(0).fullLoadRows());
                    }
                } while (!(p.tablesLoaded() == 1 && Integer.valueOf(100).equals(p.fullLoadPercent())));
                double loadSeconds = (System.nanoTime() - start) / 1e9;
                long loaded = p.tables().get(0).fullLoadRows();
                System.out.printf("%nfull load: %,d rows in %.1f s = %,.0f rows/s (one table, CommitRate 10000)%n", loaded, loadSeconds, loaded / loadSeconds);

                cdc(pair, engine, task, rows, cdcSeconds, writers);
            }
        }
    }

    private static void cdc(DatabasePair pair, LocalDmsEngine engine, TaskRef task, long rows, int seconds, int writers) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong committed = new AtomicLong();
        AtomicLong nextId = new AtomicLong(rows + 1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Thread t = new Thread(() -> write(pair, running, committed, nextId, rows), "bench-writer-" + w);
            t.start();
            threads.add(t);
        }
        CdcSample first = engine.cdcSample(task);
        long startNanos = System.nanoTime();
        List<Double> latencies = new ArrayList<>();
        while (System.nanoTime() - startNanos < seconds * 1_000_000_000L) {
            Thread.sleep(500);
            Double latency = engine.cdcSample(task).targetLatencySeconds();
            if (latency != null) {
                latencies.add(latency);
            }
        }
        running.set(false);
        for (Thread t : threads) {
            t.join();
        }
        double window = (System.nanoTime() - startNanos) / 1e9;
        CdcSample end = engine.cdcSample(task);
        long appliedInWindow = changes(end) - changes(first);
        long writtenChanges = committed.get();
        long drainStart = System.nanoTime();
        CdcSample drained = end;
        while (changes(drained) - changes(first) < writtenChanges && System.nanoTime() - drainStart < 120_000_000_000L) {
            Thread.sleep(50);
            drained = engine.cdcSample(task);
        }
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        latencies.sort(Double::compare);
        System.out.printf("%nCDC with %d writers for %.1f s (transactions of 1 insert + 2 updates + 1 delete):%n", writers, window);
        System.out.printf("  source committed  %,10d changes = %,8.0f changes/s%n", writtenChanges, writtenChanges / window);
        System.out.printf("  engine applied    %,10d changes = %,8.0f changes/s while the writers ran%n", appliedInWindow, appliedInWindow / window);
        System.out.printf("  drained the rest (%,d changes) in %.2f s after the writers stopped%n", writtenChanges - appliedInWindow, drainSeconds);
        if (!latencies.isEmpty()) {
            System.out.printf("  CDC target latency: median %.0f s, max %.0f s (%d samples)%n", latencies.get(latencies.size() / 2),
                    latencies.get(latencies.size() - 1), latencies.size());
        }
    }

    private static long changes(CdcSample s) {
        return s.inserts() + s.updates() + s.deletes();
    }

    /** Small transactions as an application writes them: one new order, two updates, one delete. */
    private static void write(DatabasePair pair, AtomicBoolean running, AtomicLong committed, AtomicLong nextId, long rows) {
        try (Connection c = pair.source().rootConnection()) {
            c.setAutoCommit(false);
            PreparedStatement insert = c.prepareStatement("INSERT INTO bench.orders VALUES (?, ?, 9.99, 'new', 'cdc', NOW(6))");
            PreparedStatement update = c.prepareStatement("UPDATE bench.orders SET status = 'paid', amount = amount + 1 WHERE id = ?");
            PreparedStatement delete = c.prepareStatement("DELETE FROM bench.orders WHERE id = ?");
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (running.get()) {
                long id = nextId.getAndIncrement();
                insert.setLong(1, id);
                insert.setInt(2, random.nextInt(50_000));
                int changed = insert.executeUpdate();
                for (int i = 0; i < 2; i++) {
                    update.setLong(1, 1 + random.nextLong(rows));
                    changed += update.executeUpdate();
                }
                delete.setLong(1, 1 + random.nextLong(rows));
                changed += delete.executeUpdate();
                c.commit();
                committed.addAndGet(changed);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
