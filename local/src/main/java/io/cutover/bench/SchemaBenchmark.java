package io.cutover.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.json.Json;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemorySecrets;
import io.cutover.local.db.DatabasePair;
import io.cutover.local.db.MariaDbServer;
import io.cutover.schema.ApplyDeferredObjectsHandler;
import io.cutover.schema.CreateTargetSchemaHandler;
import io.cutover.schema.ExtractDeferredObjectsHandler;
import io.cutover.schema.PrepareForeignKeysHandler;
import io.cutover.schema.RecreateForeignKeysHandler;
import io.cutover.schema.ValidateSchemaHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The schema phase at scale on two local MariaDB servers: creating the target schema of 2,000 tables (a tenth
 * with foreign keys, some partitioned) and recreating 5,000 deferred objects (procedures, functions, views on
 * views, triggers, events), each through its handler as the state machine calls it, plus the second (compare
 * only) run of each. Prints wall-clock figures; asserts nothing about speed.
 */
final class SchemaBenchmark implements Benchmarks.Benchmark {
    private static final int SCHEMAS = 4;

    @Override
    public String description() {
        return "schema phase: create 2,000 tables and recreate 5,000 deferred objects (private MariaDB pair)";
    }

    @Override
    public void run(String[] args) throws Exception {
        int tables = (int) Benchmarks.arg(args, 0, 2000);
        int objects = (int) Benchmarks.arg(args, 1, 5000);
        org.apache.logging.log4j.core.config.Configurator.setLevel("io.cutover", org.apache.logging.log4j.Level.WARN);
        try (DatabasePair pair = DatabasePair.start(DatabasePair.newBaseDir())) {
            List<String> schemas = new ArrayList<>();
            for (int i = 1; i <= SCHEMAS; i++) schemas.add("bench_" + i);
            long t0 = System.nanoTime();
            int[] made = generate(pair.source(), schemas, tables, objects);
            System.out.printf("source generated in %.1f s: %d tables, %d deferred objects%n", seconds(t0), made[0], made[1]);

            InMemoryPorts ports = InMemoryPorts.builder().secrets(pair.publishSecrets(new MemorySecrets())).build();
            MigrationConfig config = Json.convert(input(pair, schemas), MigrationConfig.class);
            System.out.println();
            measure("2.5 Create target schema", tables + " tables", ports, config, CreateTargetSchemaHandler::new);
            measure("2.5 Create target schema", "again: compare only", ports, config, CreateTargetSchemaHandler::new);
            measure("2.6 Prepare foreign keys", "", ports, config, PrepareForeignKeysHandler::new);
            measure("Extract deferred objects", objects + " objects", ports, config, ExtractDeferredObjectsHandler::new);
            measure("6.1 Recreate deferred objects", objects + " objects", ports, config, ApplyDeferredObjectsHandler::new);
            measure("6.1 Recreate deferred objects", "again: compare only", ports, config, ApplyDeferredObjectsHandler::new);
            measure("6.2 Recreate foreign keys", "", ports, config, RecreateForeignKeysHandler::new);
            measure("6.3 Validate schema", "", ports, config, ValidateSchemaHandler::new);
        }
    }

    private static void measure(String step, String what, InMemoryPorts ports, MigrationConfig config,
                                Function<InMemoryPorts, TaskHandler<?, ?>> handler) throws Exception {
        long start = System.nanoTime();
        int calls = 0;
        JsonNode result;
        do {
            result = call(handler.apply(ports), config);
            calls++;
        } while (result.has("complete") && !result.path("complete").asBoolean() && calls < 100);
        System.out.printf("%-40s %-14s %8.1f s  (%d call%s) %s%n", step, what, seconds(start), calls, calls == 1 ? "" : "s",
                result.path("summary").asText());
    }

    private static JsonNode call(TaskHandler<?, ?> handler, MigrationConfig config) throws Exception {
        ObjectNode payload = Json.object();
        payload.set("config", Json.tree(config));
        payload.put("stateName", "bench");
        payload.put("timeBudgetSeconds", 600);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.bytes(payload)), out, null);
        return Json.parse(out.toByteArray());
    }

    /** {@code tables} tables and {@code objects} deferred objects over the schemas; returns what was made. */
    private static int[] generate(MariaDbServer source, List<String> schemas, int tables, int objects) throws Exception {
        int perSchema = tables / schemas.size();
        int procedures = objects * 3 / 10, functions = objects / 5, views = objects * 3 / 10, events = objects / 25;
        int triggers = objects - procedures - functions - views - events;
        int madeTables = 0, madeObjects = 0;
        try (Connection c = source.rootConnection(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            for (String schema : schemas) {
                s.execute("CREATE DATABASE `" + schema + "` CHARACTER SET utf8mb4");
                s.execute("USE `" + schema + "`");
                for (int t = 0; t < perSchema; t++) {
                    String name = String.format("t%04d", t);
                    String fk = t % 10 == 9 ? ", CONSTRAINT fk_" + name + " FOREIGN KEY (ref_id) REFERENCES t0000 (id)"
                            + (t % 20 == 19 ? " ON DELETE CASCADE" : "") : "";
                    String partitions = t % 50 == 25 ? " PARTITION BY HASH (id) PARTITIONS 4" : "";
                    s.execute("CREATE TABLE " + name + " (id INT NOT NULL AUTO_INCREMENT, ref_id INT, code VARCHAR(40) NOT NULL, "
                            + "amount DECIMAL(12,2) DEFAULT 0, note TEXT, created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, "
                            + "doubled DECIMAL(13,2) AS (amount * 2) VIRTUAL, PRIMARY KEY (id), KEY ix_code (code), KEY ix_ref (ref_id)"
                            + (partitions.isEmpty() ? fk : "") + ") COMMENT='bench table " + t + "'" + partitions);
                    madeTables++;
                }
            }
            int i = 0;
            for (int p = 0; p < procedures; p++, i++) {
                use(s, schemas, i);
                s.execute("CREATE PROCEDURE p" + p + "(IN a INT, OUT b INT) COMMENT 'bench' BEGIN SELECT COUNT(*) INTO b FROM t0000 WHERE id > a; END");
                madeObjects++;
            }
            for (int f = 0; f < functions; f++, i++) {
                use(s, schemas, i);
                s.execute("CREATE FUNCTION f" + f + "(a INT) RETURNS INT DETERMINISTIC NO SQL RETURN a + " + f);
                madeObjects++;
            }
            for (int v = 0; v < views; v++) {
                String schema = schemas.get(v % schemas.size());
                s.execute("USE `" + schema + "`");
                // chains of five: each view reads the previous one of its schema
                String from = v < schemas.size() * 5 || v % 5 == 0 ? "t0001" : "v" + (v - schemas.size());
                s.execute("CREATE VIEW v" + v + " AS SELECT id, code FROM " + from + " WHERE id > " + (v % 7));
                madeObjects++;
            }
            for (int g = 0; g < triggers; g++) {
                String schema = schemas.get(g % schemas.size());
                s.execute("USE `" + schema + "`");
                String table = String.format("t%04d", 1 + (g / schemas.size()) / 2 % (perSchema - 1));
                String timing = g / schemas.size() % 2 == 0 ? "BEFORE INSERT" : "AFTER UPDATE";
                s.execute("CREATE TRIGGER g" + g + " " + timing + " ON " + table + " FOR EACH ROW SET @bench = " + g);
                madeObjects++;
            }
            for (int e = 0; e < events; e++, i++) {
                use(s, schemas, i);
                s.execute("CREATE EVENT e" + e + " ON SCHEDULE EVERY 1 DAY STARTS '2031-01-01 00:00:00' " + (e % 2 == 0 ? "ENABLE" : "DISABLE")
                        + " DO DELETE FROM t0002 WHERE id < 0");
                madeObjects++;
            }
        }
        return new int[] {madeTables, madeObjects};
    }

    private static void use(Statement s, List<String> schemas, int i) throws Exception {
        s.execute("USE `" + schemas.get(i % schemas.size()) + "`");
    }

    private static ObjectNode input(DatabasePair pair, List<String> schemas) {
        ObjectNode input = Json.object();
        input.put("migrationId", "bench-schema");
        input.set("source", DatabasePair.endpointInput(io.cutover.core.db.DatabaseRole.SOURCE));
        input.set("target", DatabasePair.endpointInput(io.cutover.core.db.DatabaseRole.TARGET));
        input.set("schemas", Json.tree(schemas));
        return input;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
