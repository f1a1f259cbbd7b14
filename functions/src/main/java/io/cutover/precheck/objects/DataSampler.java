package io.cutover.precheck.objects;

import io.cutover.core.catalog.Catalog;
import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.core.db.ServerInfo;
import io.cutover.core.error.CutoverException;
import io.cutover.core.error.TransientDatabaseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Runs the data checks' aggregate queries ("probes") with bounded cost. A probe is a few aggregate expressions
 * over one table's sample ({@code FROM (SELECT cols FROM t LIMIT n) AS s}). Light probes of up to
 * {@code tablesPerStatement} tables are sent as one UNION ALL statement (one round trip instead of one per table);
 * heavy probes (LOB sizes, duplicate groups) go alone. Every statement carries a server-side time limit; the
 * sampler stops starting statements when the budget is spent. A failed batch is retried probe by probe, so one
 * unreadable table does not hide the others.
 */
final class DataSampler {

    /** One table's aggregate query: {@code SELECT exprs FROM from}. */
    record Probe(Catalog.TableRef table, List<String> expressions, String from, boolean heavy) {
        Probe {
            expressions = List.copyOf(expressions);
            if (expressions.isEmpty()) {
                throw new IllegalArgumentException("a probe needs at least one expression");
            }
        }
    }

    /** The values of a probe's expressions (as text, null for SQL NULL), or why it has none. */
    record Outcome(List<String> values, String failure, boolean notStarted) {
        static Outcome of(List<String> values) {
            return new Outcome(values, null, false);
        }

        static Outcome failed(String reason) {
            return new Outcome(null, reason, false);
        }

        static Outcome skipped(String reason) {
            return new Outcome(null, reason, true);
        }

        boolean ok() {
            return values != null;
        }
    }

    private final Database db;
    private final ServerInfo server;
    private final ObjectCheckLimits limits;
    private final LongSupplier nanoClock;

    DataSampler(Database db, ObjectCheckLimits limits) {
        this(db, db.server(), limits, System::nanoTime);
    }

    DataSampler(Database db, ServerInfo server, ObjectCheckLimits limits, LongSupplier nanoClock) {
        this.db = db;
        this.server = server;
        this.limits = limits;
        this.nanoClock = nanoClock;
    }

    Map<Probe, Outcome> run(List<Probe> probes) {
        if (probes.isEmpty()) {
            return Map.of();
        }
        if (!server.isMariaDb()) {
            return sample(probes);
        }
        // MariaDB has no per-statement hint that Connector/J accepts in a query (SET STATEMENT … FOR is refused by
        // executeQuery): limit this session's statements instead, and restore the previous limit afterwards.
        String previous = null;
        for (Row r : db.query("SHOW SESSION VARIABLES LIKE 'max_statement_time'")) {
            previous = r.string("Value");
        }
        db.update("SET SESSION max_statement_time = " + Math.max(1, limits.statementTimeout().toSeconds()));
        try {
            return sample(probes);
        } finally {
            db.update("SET SESSION max_statement_time = " + (previous == null ? "0" : Double.parseDouble(previous)));
        }
    }

    private Map<Probe, Outcome> sample(List<Probe> probes) {
        Map<Probe, Outcome> outcomes = new HashMap<>();
        long deadline = nanoClock.getAsLong() + limits.dataBudget().toNanos();
        List<List<Probe>> batches = batches(probes);
        for (List<Probe> batch : batches) {
            if (nanoClock.getAsLong() > deadline) {
                String reason = "not read: the data checks' time budget of " + limits.dataBudget().toSeconds() + " s was spent";
                batch.forEach(p -> outcomes.put(p, Outcome.skipped(reason)));
                continue;
            }
            try {
                outcomes.putAll(execute(batch));
            } catch (TransientDatabaseException e) {
                throw e;
            } catch (CutoverException e) {
                if (batch.size() == 1) {
                    outcomes.put(batch.get(0), Outcome.failed(e.getMessage()));
                    continue;
                }
                for (Probe p : batch) { // isolate the table at fault
                    if (nanoClock.getAsLong() > deadline) {
                        outcomes.put(p, Outcome.skipped("not read: the data checks' time budget was spent"));
                        continue;
                    }
                    try {
                        outcomes.putAll(execute(List.of(p)));
                    } catch (TransientDatabaseException t) {
                        throw t;
                    } catch (CutoverException single) {
                        outcomes.put(p, Outcome.failed(single.getMessage()));
                    }
                }
            }
        }
        return outcomes;
    }

    /** Light probes grouped by {@code tablesPerStatement}; heavy probes alone. */
    List<List<Probe>> batches(List<Probe> probes) {
        List<List<Probe>> batches = new ArrayList<>();
        List<Probe> current = new ArrayList<>();
        for (Probe p : probes) {
            if (p.heavy()) {
                batches.add(List.of(p));
                continue;
            }
            current.add(p);
            if (current.size() >= limits.tablesPerStatement()) {
                batches.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private Map<Probe, Outcome> execute(List<Probe> batch) {
        int width = batch.stream().mapToInt(p -> p.expressions().size()).max().orElse(1);
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < batch.size(); i++) {
            Probe p = batch.get(i);
            sql.append(i == 0 ? "SELECT " : " UNION ALL SELECT ").append(i).append(i == 0 ? " AS probe" : "");
            for (int j = 0; j < width; j++) {
                String value = j < p.expressions().size() ? "CAST(" + p.expressions().get(j) + " AS CHAR)" : "NULL";
                sql.append(", ").append(value).append(i == 0 ? " AS v" + j : "");
            }
            sql.append(" FROM ").append(p.from());
        }
        Map<Probe, Outcome> outcomes = new HashMap<>();
        for (Row row : db.query(withTimeLimit(sql.toString()))) {
            Probe p = batch.get((int) row.longValue("probe", -1));
            List<String> values = new ArrayList<>();
            for (int j = 0; j < p.expressions().size(); j++) {
                values.add(row.string("v" + j));
            }
            outcomes.put(p, Outcome.of(values));
        }
        for (Probe p : batch) {
            outcomes.putIfAbsent(p, Outcome.failed("the server returned no row for this table"));
        }
        return outcomes;
    }

    /**
     * The statement with a server-side time limit, so that a slow table cannot hold the Lambda past its timeout:
     * MySQL's (5.7.8+) {@code MAX_EXECUTION_TIME} optimizer hint; on MariaDB the session's max_statement_time (set
     * by {@link #run}).
     */
    String withTimeLimit(String select) {
        Duration t = limits.statementTimeout();
        String tagged = "/* cutover:data */ " + select;
        if (server.isMariaDb()) {
            return tagged;
        }
        if (server.major() > 5 || server.atLeast(5, 7, 8)) {
            return "/* cutover:data */ SELECT /*+ MAX_EXECUTION_TIME(" + t.toMillis() + ") */" + select.substring("SELECT".length());
        }
        return tagged;
    }
}
