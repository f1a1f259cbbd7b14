package io.cutover.bench;

import io.cutover.local.rehearsal.Rehearsal;
import io.cutover.local.rehearsal.RehearsalOptions;
import io.cutover.local.rehearsal.RehearsalServers;
import io.cutover.local.rehearsal.Timeline;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The write-freeze window (freeze to cutover point) of whole rehearsals, one per sample size at the same write rate:
 * approvals automatic, drain hold 0 (the marker proves the drain), a pre-freeze validation pass so that the
 * freeze-time pass checks only what changed. Prints where the window's seconds go; the window should not grow with
 * the data size. Each size runs the real state machine on two new servers; the console of each run goes to
 * {@code <out>/<rows>/console.txt}.
 * {@code local/bench freeze-window [rows ...] [--write-rate N] [--out DIR]} (default 100k 1m at 20 transactions/s).
 */
final class FreezeWindowBenchmark implements Benchmarks.Benchmark {
    @Override
    public String description() {
        return "write-freeze window of whole rehearsals at 100k and 1m rows, same write rate: drain, validation, stop";
    }

    @Override
    public void run(String[] args) throws Exception {
        List<String> sizes = new ArrayList<>();
        String rate = "20";
        Path out = Files.createTempDirectory(Path.of("/tmp"), "cutover-freeze-window-");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--write-rate" -> rate = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                default -> sizes.add(args[i]);
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of("100k", "1m");
        }
        // the handlers' and the engine's logs to a file, as local/rehearse does (nothing has logged yet)
        System.setProperty("cutover.rehearsal.log", out.resolve("rehearsal.log").toString());
        System.setProperty("log4j2.configurationFile", "log4j2-rehearsal.xml");
        java.util.logging.LogManager.getLogManager().reset();
        System.out.printf("freeze window: %s rows at %s transactions/s, approvals automatic, drain hold 0; output in %s%n%n", sizes, rate, out);
        List<String> lines = new ArrayList<>();
        for (String size : sizes) {
            Path dir = out.resolve(size);
            Files.createDirectories(dir);
            RehearsalOptions options = RehearsalOptions.parse("--rows", size, "--write-rate", rate, "--approve", "auto",
                    "--rollback-window", "10s", "--set", "cutover.drainHoldSeconds=0", "--out", dir.toString());
            System.out.printf("rehearsing with %s rows … (console: %s)%n", size, dir.resolve("console.txt"));
            Rehearsal.Result r;
            try (PrintStream console = new PrintStream(Files.newOutputStream(dir.resolve("console.txt")), true, StandardCharsets.UTF_8)) {
                r = new Rehearsal(options, RehearsalServers::start, console, false, Clock.systemUTC()).run();
            }
            Timeline t = r.timeline();
            double fullLoad = t.phases().stream().filter(p -> p.name().equals("Full load")).mapToDouble(p -> p.duration().toMillis() / 1000.0).sum();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-6s %-9s", size, r.ok() ? "ok" : "NOT OK"));
            if (t.freezeWindow().isPresent()) {
                Timeline.FreezeWindow w = t.freezeWindow().get();
                line.append(String.format(Locale.ROOT, " window %6.1f s = drain %5.1f + validation %5.1f + rollback position %4.1f + approval %4.1f + stop %4.1f + other %4.1f",
                        w.seconds(), w.parts().getOrDefault("drain proof", 0.0), w.parts().getOrDefault("post-freeze validation", 0.0),
                        w.parts().getOrDefault("rollback position", 0.0), w.parts().getOrDefault("cutover approval", 0.0),
                        w.parts().getOrDefault("stop DMS", 0.0), w.other()));
            } else {
                line.append(" no freeze (").append(r.outcome()).append(")");
            }
            line.append(String.format(Locale.ROOT, "; full load %.1f s, whole run %s, workload %.1f tx/s, rows validated %s",
                    fullLoad, Timeline.format(Duration.between(t.start(), t.end())), r.workload() == null ? 0 : r.workload().achievedRate(),
                    r.rowsValidated()));
            lines.add(line.toString());
            System.out.println("  " + line);
        }
        System.out.println("\nsummary:");
        lines.forEach(l -> System.out.println("  " + l));
    }
}
