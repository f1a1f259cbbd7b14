package io.cutover.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.input.InputValidator;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.db.MariaDbServer;
import io.cutover.precheck.framework.CheckGroup;
import io.cutover.precheck.ReadinessGroups;
import io.cutover.precheck.ReadinessReport;
import io.cutover.precheck.ReadinessRunner;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Every readiness check group (the server/binlog/privilege/target/network groups and ObjectChecks') against a
 * generated source with 10,000 tables and 100,000 columns: how long each group and each Lambda takes, so that
 * the grouping can be judged against the Lambda's 10-minute timeout. Prints figures; asserts nothing.
 *
 * <p>{@code local/bench readiness [tables] [columnsPerTable] [--target-too]}: --target-too creates the same
 * schema on the target (a re-run after the schema phase), otherwise the target is empty as before a migration.
 */
final class ReadinessBenchmark implements Benchmarks.Benchmark {
    private static final int SCHEMAS = 20;
    private static final int RUNS = 2;

    @Override
    public String description() {
        return "every readiness check group on a generated source with 10,000 tables / 100,000 columns (per group)";
    }

    @Override
    public void run(String[] args) throws Exception {
        // the runner logs each group's time at INFO (useful in CloudWatch); here the table below says it
        org.apache.logging.log4j.core.config.Configurator.setLevel("io.cutover", org.apache.logging.log4j.Level.WARN);
        List<String> positional = new ArrayList<>();
        boolean targetToo = false;
        for (String arg : args) {
            if (arg.equals("--target-too")) {
                targetToo = true;
            } else {
                positional.add(arg);
            }
        }
        int tables = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 10_000;
        int columns = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 10;
        String[] fast = {"--innodb-buffer-pool-size=256M", "--table-definition-cache=2000", "--table-open-cache=2000"};
        // A source zone other than UTC makes the time-zone check list the TIMESTAMP columns (its slowest path).
        try (DatabasePair pair = DatabasePair.start(DatabasePair.newBaseDir(), MariaDbOptions.source().named("bench-source").withArgs(fast)
                        .withArgs("--default-time-zone=+01:00"),
                MariaDbOptions.target().named("bench-target").withArgs(fast))) {
            List<String> schemas = new ArrayList<>();
            for (int s = 0; s < SCHEMAS; s++) {
                schemas.add("bench_" + s);
            }
            long t0 = System.nanoTime();
            generate(pair.source(), schemas, tables, columns);
            if (targetToo) {
                generate(pair.target(), schemas, tables, columns);
            }
            System.out.printf(Locale.ROOT, "generated %d tables x %d columns (%d columns) in %d schemas on the source%s: %.1f s%n",
                    tables, columns, tables * columns, SCHEMAS, targetToo ? " and the target" : "", (System.nanoTime() - t0) / 1e9);

            InMemoryPorts ports = InMemoryPorts.builder().secrets(pair.publishSecrets(new MemorySecrets())).build();
            MigrationConfig config = config(pair, schemas);
            List<CheckGroup> groups = ReadinessGroups.all(ports);
            ReadinessRunner runner = new ReadinessRunner(ports.databases(), Clock.systemUTC(), ReadinessRunner.Limits.LAMBDA);
            for (int run = 1; run <= RUNS; run++) {
                System.out.printf("%nrun %d of %d%n", run, RUNS);
                for (DatabaseRole lambda : DatabaseRole.values()) {
                    long start = System.nanoTime();
                    ReadinessReport report = runner.run(config, lambda, groups);
                    double total = (System.nanoTime() - start) / 1e6;
                    System.out.printf(Locale.ROOT, "  %s Lambda: %8.0f ms in all (%d results: %d blockers, %d warnings)%n",
                            lambda.label(), total, report.checks().size(), report.blockers().size(), report.warnings().size());
                    for (ReadinessReport.GroupTiming g : report.groups()) {
                        System.out.printf(Locale.ROOT, "    %-28s %-6s %8d ms  %3d result(s)%n", g.name(), g.side(), g.millis(), g.checks());
                    }
                }
            }
            System.out.println("\nThe Lambdas time out after 600 s; the runner stops starting groups after 480 s.");
        }
    }

    private static MigrationConfig config(DatabasePair pair, List<String> schemas) {
        ObjectNode input = Json.object();
        input.put("migrationId", "bench");
        input.set("source", DatabasePair.endpointInput(DatabaseRole.SOURCE).put("serverTimezone", "+01:00"));
        input.set("target", DatabasePair.endpointInput(DatabaseRole.TARGET));
        input.set("schemas", Json.tree(schemas));
        ObjectNode dms = input.putObject("dms");
        dms.put("sourceSecretId", DatabasePair.secretId(DatabaseRole.SOURCE, "dms"));
        dms.put("targetSecretId", DatabasePair.secretId(DatabaseRole.TARGET, "dms"));
        dms.put("sslMode", "none");
        // Batch apply needs limited-size LOB mode (TaskSettingsPolicy, after the DMS task-settings reference): without
        // it Validate input refuses the input and the benchmark measured nothing.
        dms.putObject("taskSettings").putObject("TargetMetadata").put("BatchApplyEnabled", true)
                .put("LimitedSizeLobMode", true).put("LobMaxSize", 64);
        return new InputValidator().validate(input, InputValidator.Purpose.READINESS);
    }

    /**
     * Tables spread over the schemas, with a realistic mix: a BIGINT primary key (none on every 50th table, a
     * unique key too on every 25th), integers, strings, dates, a TIMESTAMP, a decimal, a TEXT, an ENUM, and a
     * foreign key to the previous table on every 100th. Created over four connections in parallel.
     */
    private static void generate(MariaDbServer server, List<String> schemas, int tables, int columns) throws Exception {
        try (Connection c = server.rootConnection(); Statement s = c.createStatement()) {
            for (String schema : schemas) {
                s.execute("CREATE DATABASE `" + schema + "`");
            }
        }
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> work = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int worker = w;
            work.add(pool.submit(() -> {
                try (Connection c = server.rootConnection(); Statement s = c.createStatement()) {
                    s.execute("SET SESSION foreign_key_checks = 0");
                    for (int t = worker; t < tables; t += threads) {
                        s.execute(createTable(schemas.get(t % schemas.size()), t, columns, schemas.size()));
                    }
                }
                return null;
            }));
        }
        pool.shutdown();
        for (Future<?> f : work) {
            f.get();
        }
    }

    private static String createTable(String schema, int t, int columns, int schemaCount) {
        String[] types = {"INT NOT NULL DEFAULT 0", "VARCHAR(100) NULL", "DATETIME NULL", "TIMESTAMP NULL", "DECIMAL(12,2) NULL",
                "TEXT NULL", "ENUM('new','paid','shipped') NULL", "BIGINT NULL", "DATE NULL", "VARCHAR(20) NOT NULL DEFAULT ''"};
        StringBuilder sql = new StringBuilder("CREATE TABLE `").append(schema).append("`.`t").append(t).append("` (");
        boolean key = t % 50 != 0;
        sql.append("id BIGINT NOT NULL");
        for (int c = 1; c < columns; c++) {
            sql.append(", c").append(c).append(' ').append(types[(c - 1) % types.length]);
        }
        if (key) {
            sql.append(", PRIMARY KEY (id)");
        }
        if (t % 25 == 0 && columns > 2) {
            sql.append(", UNIQUE KEY uk_c2 (c2)");
        }
        if (t % 100 == 1 && t > schemaCount && columns > 8) {
            // the previous table of the same schema has a primary key unless it is a 50th one
            int parent = t - schemaCount;
            if (parent % 50 != 0) {
                sql.append(", KEY fk_idx (c8), CONSTRAINT fk_t").append(t).append(" FOREIGN KEY (c8) REFERENCES `").append(schema)
                        .append("`.`t").append(parent).append("` (id) ON DELETE CASCADE");
            }
        }
        return sql.append(") ENGINE=InnoDB").toString();
    }
}
