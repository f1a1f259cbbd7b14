package io.cutover.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of {@code local/bench <name>}: benchmarks print figures; they are not tests and assert nothing
 * about speed. Add a benchmark by registering it here.
 */
public final class Benchmarks {
    private static final Map<String, Benchmark> ALL = new LinkedHashMap<>();

    static {
        ALL.put("cold-start", new ColdStartBenchmark());
        ALL.put("validation", new ValidationBenchmark());
        ALL.put("poll-schedule", new PollScheduleBenchmark());
        ALL.put("state-transitions", new StateTransitionsBenchmark());
        ALL.put("history-budget", new HistoryBudgetBenchmark());
        ALL.put("readiness", new ReadinessBenchmark());
        ALL.put("schema", new SchemaBenchmark());
        ALL.put("dms-engine", new DmsEngineBenchmark());
        ALL.put("freeze-window", new FreezeWindowBenchmark());
        ALL.put("object-checks", new ObjectChecksBenchmark());
    }

    /** One benchmark: prints what it measured. */
    public interface Benchmark {
        String description();

        void run(String[] args) throws Exception;
    }

    /** The {@code i}-th argument as a number, {@code otherwise} when it is not given. */
    static long arg(String[] args, int i, long otherwise) {
        return args.length > i ? Long.parseLong(args[i]) : otherwise;
    }

    /** The {@code i}-th argument as a decimal number, {@code otherwise} when it is not given. */
    static double arg(String[] args, int i, double otherwise) {
        return args.length > i ? Double.parseDouble(args[i]) : otherwise;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !ALL.containsKey(args[0])) {
            System.out.println("usage: local/bench <name> [args]\n");
            ALL.forEach((name, b) -> System.out.printf("  %-22s %s%n", name, b.description()));
            System.exit(args.length == 0 ? 0 : 2);
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        ALL.get(args[0]).run(rest);
        System.exit(0);
    }
}
