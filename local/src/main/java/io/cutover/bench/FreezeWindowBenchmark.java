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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The application downtime (freeze to "8 Notify: ready to switch": the span in which the application can write nowhere)
 * and the write-freeze window (freeze to cutover point) of whole rehearsals, per sample size at the same write rate:
 * approvals automatic, drain hold 0 (the marker proves the drain), a pre-freeze validation pass so that the
 * freeze-time pass checks only what changed. Prints where the window's seconds go (drain proof, post-freeze
 * validation, rollback position, cutover approval, stop of the DMS task, the rest), what the downtime is made of after
 * the cutover point (deferred objects, foreign keys, schema validation, snapshot), and the phases that do grow with
 * the data (full load, pre-freeze validation) for contrast. Each run is the real state machine on two new servers;
 * its console goes to {@code <out>/<rows>-<run>/console.txt}.
 * {@code local/bench freeze-window [rows ...] [--write-rate N] [--repeat N] [--approve in-advance|auto] [--out DIR]} (default 100k 1m,
 * 20/s, 1 run, the cutover approved at the freeze gate: {@code --approve auto} asks at both gates, approved at once).
 */
final class FreezeWindowBenchmark implements Benchmarks.Benchmark {
    private static final String[] PARTS = {"drain proof", "post-freeze validation", "rollback position", "cutover approval", "stop DMS"};
    /** The downtime's phases after the cutover point (Timeline.Downtime's part names). */
    private static final String[] AFTER_CUTOVER = {"deferred objects", "foreign keys", "schema validation", "restore point"};

    @Override
    public String description() {
        return "application downtime (freeze → ready to switch) and write-freeze window of whole rehearsals at 100k and 1m rows";
    }

    @Override
    public void run(String[] args) throws Exception {
        List<String> sizes = new ArrayList<>();
        String rate = "20";
        String approve = "in-advance";
        int repeat = 1;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--write-rate" -> rate = args[++i];
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--approve" -> approve = args[++i];
                default -> sizes.add(args[i]);
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of("100k", "1m");
        }
        if (out == null) {
            out = Files.createTempDirectory(Path.of("/tmp"), "cutover-freeze-window-");
        }
        // the handlers' and the engine's logs to a file, as local/rehearse does (nothing has logged yet)
        System.setProperty("cutover.rehearsal.log", out.resolve("rehearsal.log").toString());
        System.setProperty("log4j2.configurationFile", "log4j2-rehearsal.xml");
        java.util.logging.LogManager.getLogManager().reset();
        System.out.printf("application downtime and freeze window: %s rows at %s transactions/s, %d run(s) each, approvals automatic (%s), "
                + "drain hold 0; output in %s%n%n", sizes, rate, repeat, approve, out);
        String header = String.format(Locale.ROOT, "%-6s %-3s %-7s %10s %8s %7s %11s %9s %9s %6s %6s %8s %8s %8s %8s | %10s %12s %10s %10s",
                "rows", "run", "result", "downtime s", "window s", "drain", "validation", "rollback", "approval", "stop", "other",
                "deferred", "fk", "schema", "restore", "full load", "pre-freeze v", "catch-up v", "whole run");
        System.out.println(header);
        List<String> lines = new ArrayList<>();
        Map<String, List<Double>> windows = new LinkedHashMap<>();
        Map<String, List<Double>> downtimes = new LinkedHashMap<>();
        Map<String, List<long[]>> freezeReads = new LinkedHashMap<>();
        for (String size : sizes) {
            for (int run = 1; run <= repeat; run++) {
                Path dir = out.resolve(size + "-" + run);
                Files.createDirectories(dir);
                RehearsalOptions options = RehearsalOptions.parse("--rows", size, "--write-rate", rate, "--approve", approve,
                        "--rollback-window", "5s", "--set", "cutover.drainHoldSeconds=0", "--out", dir.toString());
                Rehearsal.Result r;
                try (PrintStream console = new PrintStream(Files.newOutputStream(dir.resolve("console.txt")), true, StandardCharsets.UTF_8)) {
                    r = new Rehearsal(options, RehearsalServers::start, console, false, Clock.systemUTC()).run();
                }
                String line = line(size, run, r);
                r.timeline().freezeWindow().filter(Timeline.FreezeWindow::endedAtCutoverPoint)
                        .ifPresent(w -> windows.computeIfAbsent(size, k -> new ArrayList<>()).add(w.seconds()));
                r.timeline().downtime().filter(Timeline.Downtime::endedReadyToSwitch)
                        .ifPresent(d -> downtimes.computeIfAbsent(size, k -> new ArrayList<>()).add(d.seconds()));
                lines.add(line);
                System.out.println(line);
                rowsReadDuringTheFreeze(r).ifPresent(v -> freezeReads.computeIfAbsent(size, k -> new ArrayList<>()).add(v));
            }
        }
        // The summary lines keep their shape ("  <size> min X s, median Y s, max Z s over N run(s)"): they are the
        // application downtime; the freeze → cutover-point figure follows on lines of another shape.
        System.out.println("\nsummary (application downtime: freeze → ready to switch):");
        downtimes.forEach((size, list) -> System.out.printf(Locale.ROOT, "  %-6s %s%n", size, stats(list)));
        windows.forEach((size, list) -> System.out.printf(Locale.ROOT, "  %-6s freeze → cutover point: %s%n", size, stats(list)));
        freezeReads.forEach((size, list) -> {
            long[] median = list.stream().sorted(java.util.Comparator.comparingLong(v -> v[0])).toList().get(list.size() / 2);
            System.out.printf(Locale.ROOT, "  %-6s rows read during the freeze: %d (rows changed since the pre-freeze pass: %d)%n", size,
                    median[0], median[1] + median[2]);
            System.out.printf(Locale.ROOT, "  %-6s of which changed since the catch-up pass before the freeze: %d%n", size, median[1]);
        });
        System.out.println("\n" + header);
        lines.forEach(System.out::println);
    }

    /**
     * {rows read, rows changed since the pass it built on, rows changed before that since the pre-freeze pass} of the
     * post-freeze validation, as the verdicts report them (the catch-up pass's rows changed are those between the
     * pre-freeze pass and it; 0 without a catch-up pass); empty when the run had none.
     */
    private static java.util.Optional<long[]> rowsReadDuringTheFreeze(Rehearsal.Result r) {
        long beforeCatchUp = 0;
        for (var call : r.invocations()) {
            if (call.result() == null || !call.simpleHandler().equals("SummarizeValidationHandler")) {
                continue;
            }
            String pass = call.result().path("pass").asText(call.field("pass"));
            if ("catch-up".equals(pass)) {
                beforeCatchUp = call.result().path("rowsChanged").asLong();
            } else if ("post-freeze".equals(pass)) {
                return java.util.Optional.of(new long[] {call.result().path("rowsRead").asLong(), call.result().path("rowsChanged").asLong(),
                        beforeCatchUp});
            }
        }
        return java.util.Optional.empty();
    }

    private static String stats(List<Double> list) {
        List<Double> sorted = list.stream().sorted().toList();
        return String.format(Locale.ROOT, "min %.1f s, median %.1f s, max %.1f s over %d run(s)", sorted.get(0), sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1), sorted.size());
    }

    private static String line(String size, int run, Rehearsal.Result r) {
        Timeline t = r.timeline();
        double fullLoad = phase(t, "Full load");
        double preFreeze = phase(t, "Pre-freeze validation");
        String whole = Timeline.format(java.time.Duration.between(t.start(), t.end()));
        if (t.freezeWindow().isEmpty()) {
            return String.format(Locale.ROOT, "%-6s %-3d %-7s no freeze (%s)", size, run, r.ok() ? "ok" : "NOT OK", r.outcome());
        }
        Timeline.FreezeWindow w = t.freezeWindow().get();
        double downtime = t.downtime().map(Timeline.Downtime::seconds).orElse(0.0);
        Map<String, Double> downParts = t.downtime().map(Timeline.Downtime::parts).orElse(Map.of());
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-6s %-3d %-7s %10.1f %8.1f", size, run, r.ok() ? "ok" : "NOT OK",
                downtime, w.seconds()));
        int[] widths = {7, 11, 9, 9, 6};
        for (int i = 0; i < PARTS.length; i++) {
            b.append(String.format(Locale.ROOT, " %" + widths[i] + ".1f", w.parts().getOrDefault(PARTS[i], 0.0)));
        }
        b.append(String.format(Locale.ROOT, " %6.1f", w.other()));
        for (String part : AFTER_CUTOVER) {
            b.append(String.format(Locale.ROOT, " %8.1f", downParts.getOrDefault(part, 0.0)));
        }
        b.append(String.format(Locale.ROOT, " | %10.1f %12.1f %10.1f %10s", fullLoad, preFreeze, phase(t, "Catch-up validation"), whole));
        return b.toString();
    }

    private static double phase(Timeline t, String name) {
        return t.phases().stream().filter(p -> p.name().equals(name)).mapToDouble(p -> p.duration().toMillis() / 1000.0).sum();
    }
}
