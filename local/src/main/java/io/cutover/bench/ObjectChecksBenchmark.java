package io.cutover.bench;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.JdbcDatabase;
import io.cutover.core.json.Json;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbOptions;
import io.cutover.local.db.MariaDbServer;
import io.cutover.precheck.framework.CheckContext;
import io.cutover.precheck.framework.CheckGroup;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.objects.ObjectChecks;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * The schema-object, data-type and data-content check groups (io.cutover.precheck.objects) on a generated source
 * of many tables (default 10,000 tables of 10 columns = 100,000 columns, in 10 schemas, 3 rows each) and a target
 * with the same tables, empty: the time of each group, run twice (cold and warm server caches).
 * Usage: {@code local/bench object-checks [tables] [schemas]}.
 */
final class ObjectChecksBenchmark implements Benchmarks.Benchmark {

    @Override
    public String description() {
        return "object check groups (so-/dt-/dc-) on a generated source: [tables=10000] [schemas=10]";
    }

    @Override
    public void run(String[] args) throws Exception {
        int tables = (int) Benchmarks.arg(args, 0, 10_000);
        int schemas = (int) Benchmarks.arg(args, 1, 10);
        // One shared tablespace and no doublewrite: creating 10,000 tables is then a matter of minutes, not a quarter
        // of an hour; neither changes how information_schema answers.
        String[] fast = {"--innodb-file-per-table=0", "--innodb-doublewrite=0", "--table-open-cache=4000",
                "--table-definition-cache=2000"};
        try (DatabasePair pair = DatabasePair.start(DatabasePair.newBaseDir(), MariaDbOptions.source().withArgs(fast),
                MariaDbOptions.target().withArgs(fast))) {
            long start = System.nanoTime();
            CompletableFuture<Void> source = CompletableFuture.runAsync(() -> generate(pair.source(), tables, schemas, true));
            CompletableFuture<Void> target = CompletableFuture.runAsync(() -> generate(pair.target(), tables, schemas, false));
            CompletableFuture.allOf(source, target).join();
            System.out.printf("generated %d tables, %d columns in %d schemas on both servers in %.1f s%n",
                    tables, tables * 10, schemas, (System.nanoTime() - start) / 1e9);

            List<String> names = new ArrayList<>();
            for (int s = 0; s < schemas; s++) names.add(schema(s));
            MigrationConfig config = Json.convert(Json.object()
                    .put("migrationId", "bench")
                    .<com.fasterxml.jackson.databind.node.ObjectNode>set("source", Json.object().put("secretId", "s"))
                    .<com.fasterxml.jackson.databind.node.ObjectNode>set("target", Json.object().put("secretId", "t"))
                    .set("schemas", Json.tree(names)), MigrationConfig.class);

            // As a readiness Lambda does: one session per side, every group on it (they share the catalog snapshot).
            for (int round = 1; round <= 2; round++) {
                System.out.printf("%nround %d (new sessions)%n", round);
                double total = 0;
                try (Database src = open(pair, DatabaseRole.SOURCE); Database tgt = open(pair, DatabaseRole.TARGET)) {
                    for (CheckGroup group : ObjectChecks.groups()) {
                        CheckContext context = new CheckContext(config, group.side() == CheckGroup.Side.TARGET ? null : src,
                                group.side() == CheckGroup.Side.SOURCE ? null : tgt);
                        long t0 = System.nanoTime();
                        List<CheckResult> results = group.run(context);
                        double seconds = (System.nanoTime() - t0) / 1e9;
                        total += seconds;
                        long blockers = results.stream().filter(CheckResult::blocks).count();
                        long notPassed = results.stream().filter(r -> r.status() != io.cutover.precheck.framework.CheckStatus.PASSED).count();
                        System.out.printf("  %-22s %-6s %7.2f s  %2d checks, %2d not passed, %d blocking%n",
                                group.getClass().getSimpleName(), group.side(), seconds, results.size(), notPassed, blockers);
                    }
                }
                System.out.printf("  %-22s        %7.2f s%n", "all object groups", total);
            }
        }
    }

    private static String schema(int s) {
        return "bench_" + s;
    }

    /** Ten columns per table, the mix a business schema has; every 500th table without a key (so data checks run). */
    private static void generate(MariaDbServer server, int tables, int schemas, boolean withRows) {
        try (Connection c = server.rootConnection(); Statement st = c.createStatement()) {
            for (int s = 0; s < schemas; s++) {
                st.execute("CREATE DATABASE " + schema(s));
            }
            for (int i = 0; i < tables; i++) {
                String name = schema(i % schemas) + ".t" + i;
                boolean keyless = i % 500 == 0;
                st.execute("CREATE TABLE " + name + " (id INT " + (keyless ? "" : "AUTO_INCREMENT PRIMARY KEY") + ", "
                        + "name VARCHAR(64) NOT NULL, email VARCHAR(128), created DATETIME NOT NULL, updated TIMESTAMP NULL, "
                        + "amount DECIMAL(12,2), score DOUBLE, status ENUM('new','paid','void'), note TEXT, ref_id INT, "
                        + "KEY idx_name (name), KEY idx_ref (ref_id)) ENGINE=InnoDB");
                if (withRows) {
                    st.execute("INSERT INTO " + name + " (id, name, email, created, amount, score, status, note, ref_id) VALUES "
                            + "(1, 'a', 'a@example.com', '2024-01-01 10:00:00', 1.50, 0.5, 'new', 'x', 1), "
                            + "(2, 'b', NULL, '2024-01-02 10:00:00', 2.50, 1.5, 'paid', NULL, 2), "
                            + "(3, 'c', NULL, '2024-01-03 10:00:00', NULL, NULL, NULL, NULL, NULL)");
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(server.name() + ": " + e.getMessage(), e);
        }
    }

    private static Database open(DatabasePair pair, DatabaseRole role) throws java.sql.SQLException {
        MariaDbServer server = pair.server(role);
        Properties p = new Properties();
        p.setProperty("user", "cutover");
        p.setProperty("password", pair.password(role, "cutover"));
        return new JdbcDatabase(role, DriverManager.getConnection(server.jdbcUrl(), p));
    }
}
