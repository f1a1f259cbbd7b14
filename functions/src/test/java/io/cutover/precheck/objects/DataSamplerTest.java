package io.cutover.precheck.objects;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.Row;
import io.cutover.core.db.ServerInfo;
import io.cutover.core.catalog.Catalog.TableRef;
import io.cutover.precheck.objects.DataSampler.Outcome;
import io.cutover.precheck.objects.DataSampler.Probe;
import io.cutover.testing.ScriptedDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How the data checks bound their cost: batching, server-side time limits, isolating a failing table, the budget. */
class DataSamplerTest {
    private static final ServerInfo MYSQL = ServerInfo.of("8.0.36", "MySQL Community Server - GPL", null);

    private static Probe probe(String table) {
        return new Probe(new TableRef("shop", table), List.of("COUNT(*)", "MAX(LENGTH(s.`c`))"),
                "(SELECT `c` FROM `shop`.`" + table + "` LIMIT 100) AS s", false);
    }

    private static String single(Probe p) {
        return "/* cutover:data */ SELECT /*+ MAX_EXECUTION_TIME(60000) */ 0 AS probe, CAST(COUNT(*) AS CHAR) AS v0, "
                + "CAST(MAX(LENGTH(s.`c`)) AS CHAR) AS v1 FROM " + p.from();
    }

    @Test
    void mysqlStatementsCarryTheExecutionTimeHintAndMariaDbOnesDoNot() {
        ObjectCheckLimits limits = ObjectCheckLimits.defaults().withTimes(Duration.ofSeconds(7), Duration.ofMinutes(1));
        DataSampler mysql = new DataSampler(new ScriptedDatabase(DatabaseRole.SOURCE), MYSQL, limits, System::nanoTime);
        assertThat(mysql.withTimeLimit("SELECT 1 FROM t")).isEqualTo("/* cutover:data */ SELECT /*+ MAX_EXECUTION_TIME(7000) */ 1 FROM t");
        DataSampler old = new DataSampler(new ScriptedDatabase(DatabaseRole.SOURCE),
                ServerInfo.of("5.6.51", "MySQL", null), limits, System::nanoTime);
        assertThat(old.withTimeLimit("SELECT 1")).isEqualTo("/* cutover:data */ SELECT 1");
    }

    @Test
    void lightProbesShareAStatementAndHeavyOnesGoAlone() {
        ObjectCheckLimits limits = new ObjectCheckLimits(10_000, 100, 10, Duration.ofSeconds(60), Duration.ofMinutes(5), 2);
        DataSampler sampler = new DataSampler(new ScriptedDatabase(DatabaseRole.SOURCE), MYSQL, limits, System::nanoTime);
        Probe heavy = new Probe(new TableRef("shop", "docs"), List.of("COUNT(*)"), "(SELECT 1 FROM `shop`.`docs` LIMIT 10) AS s", true);
        List<List<Probe>> batches = sampler.batches(List.of(probe("a"), heavy, probe("b"), probe("c")));
        assertThat(batches).extracting(List::size).containsExactly(1, 2, 1);
        assertThat(batches.get(0)).containsExactly(heavy);
    }

    @Test
    void aFailingBatchIsRetriedTableByTableSoOnlyTheFaultyTableIsUnread() {
        Probe a = probe("a");
        Probe b = probe("b");
        String batch = single(a) + " UNION ALL SELECT 1";
        // (ScriptedDatabase matches the last-added prefix first: the batch's text starts with a's single statement)
        ScriptedDatabase db = new ScriptedDatabase(DatabaseRole.SOURCE)
                .answer(single(a), List.of(Row.of("probe", "0", "v0", "3", "v1", "12")))
                .fail(single(b), 1146, "Table 'shop.b' doesn't exist")
                .fail(batch, 1146, "Table 'shop.b' doesn't exist");
        Map<Probe, Outcome> out = new DataSampler(db, MYSQL, ObjectCheckLimits.defaults(), System::nanoTime).run(List.of(a, b));
        assertThat(out.get(a).values()).containsExactly("3", "12");
        assertThat(out.get(b).ok()).isFalse();
        assertThat(out.get(b).failure()).contains("Table 'shop.b' doesn't exist");
    }

    @Test
    void whenTheBudgetIsSpentNoFurtherStatementStarts() {
        AtomicLong now = new AtomicLong();
        Probe a = probe("a");
        Probe b = probe("b");
        ScriptedDatabase db = new ScriptedDatabase(DatabaseRole.SOURCE);
        db.answer(single(a), List.of(Row.of("probe", "0", "v0", "1", "v1", "1")));
        ObjectCheckLimits limits = new ObjectCheckLimits(10_000, 100, 10, Duration.ofSeconds(60), Duration.ofSeconds(10), 1);
        DataSampler sampler = new DataSampler(db, MYSQL, limits, () -> now.getAndAdd(Duration.ofSeconds(6).toNanos()));
        Map<Probe, Outcome> out = sampler.run(List.of(a, b));
        assertThat(out.get(a).ok()).isTrue();
        assertThat(out.get(b).notStarted()).isTrue();
        assertThat(out.get(b).failure()).contains("time budget of 10 s");
        assertThat(db.executed()).hasSize(1);
    }
}
