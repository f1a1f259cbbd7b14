package io.cutover.bench;

import io.cutover.local.asl.HistoryModel;
import io.cutover.local.statemachine.HistoryBudget;
import io.cutover.local.statemachine.WorstCase;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The largest number of history events one execution of the migration can reach, for any input the schema
 * accepts ({@link WorstCase}: the schema's limits, every loop at its budget; {@link HistoryBudget}: the longest path
 * through the ASL). Each child execution has its own history; the figure is the largest of them. Prints exactly one
 * line. It computes, it does not measure: LongestMigrationTest runs that worst case in the local runner.
 */
final class HistoryBudgetBenchmark implements Benchmarks.Benchmark {

    @Override
    public String description() {
        return "the largest history one execution can reach, for any input the schema accepts (computed from the ASL)";
    }

    @Override
    public void run(String[] args) {
        System.out.println(line(WorstCase.migration()));
    }

    static String line(List<HistoryBudget.Result> results) {
        HistoryBudget.Result worst = results.stream().max(Comparator.comparingLong(HistoryBudget.Result::events)).orElseThrow();
        StringBuilder others = new StringBuilder();
        for (HistoryBudget.Result r : results) {
            if (r != worst) {
                others.append("; ").append(r.stateMachine()).append(" execution ").append(String.format(Locale.ROOT, "%,d", r.events()));
            }
        }
        return String.format(Locale.ROOT, "worst case: %,d history events of %,d (%s execution: %s; headroom for %,d retried attempts%s)",
                worst.events(), HistoryModel.LIMIT, worst.stateMachine(), worst.dominating(3),
                Math.max(0, (HistoryModel.LIMIT - worst.events()) / 3), others);
    }
}
