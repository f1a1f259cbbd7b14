package io.cutover.bench;

import io.cutover.bench.PollSimulations.Loop;
import io.cutover.replication.PollSchedule;
import java.util.ArrayList;
import java.util.List;

/**
 * How many polls, state transitions and history events the replication waits cost under Cutover's adaptive
 * schedule, for a migration with a long full load (24 h unless given) followed by a CDC catch-up
 * ({@link PollSimulations}: simulated DMS readings fed to the real decision classes). A Standard execution keeps at
 * most 25,000 history events. The whole state machine's figures: {@code local/bench state-transitions}.
 */
final class PollScheduleBenchmark implements Benchmarks.Benchmark {
    static final int HISTORY_LIMIT = 25_000;

    @Override
    public String description() {
        return "polls, state transitions and history events of the replication waits (args: full-load hours, default 24)";
    }

    @Override
    public void run(String[] args) {
        double loadHours = Benchmarks.arg(args, 0, 24.0);
        int plannedHours = (int) Math.max(72, Math.ceil(loadHours * 2));
        List<Loop> loops = new ArrayList<>();
        loops.add(PollSimulations.taskReady());
        loops.add(PollSimulations.connectionTests());
        loops.add(PollSimulations.assessment());
        loops.add(PollSimulations.fullLoad(loadHours, plannedHours));
        loops.add(PollSimulations.cdcCatchUp(1, plannedHours));
        loops.add(PollSimulations.taskStopped());

        System.out.printf("Replication waits with a %.0f-hour full load (each poll = %d states, %d history events)%n%n",
                loadHours, PollSchedule.STATES_PER_POLL, PollSchedule.EVENTS_PER_POLL);
        System.out.printf("  %-30s %7s %12s %9s %10s%n", "loop", "polls", "transitions", "events", "waited");
        int polls = 0;
        for (Loop l : loops) {
            polls += l.polls();
            System.out.printf("  %-30s %7d %12d %9d %10s%n", l.name(), l.polls(), l.polls() * PollSchedule.STATES_PER_POLL,
                    l.polls() * PollSchedule.EVENTS_PER_POLL, PollSimulations.human(l.waited()));
        }
        System.out.printf("  %-30s %7d %12d %9d%n", "total", polls, polls * PollSchedule.STATES_PER_POLL, polls * PollSchedule.EVENTS_PER_POLL);
        System.out.printf("%n  %.1f %% of the %,d-event history limit of a Standard execution%n",
                100.0 * polls * PollSchedule.EVENTS_PER_POLL / HISTORY_LIMIT, HISTORY_LIMIT);
        int fixed = (int) Math.ceil(loadHours * 3600 / 30);
        System.out.printf("  for comparison, a fixed 30 s interval over the full load alone: %d polls, %,d events%n",
                fixed, fixed * PollSchedule.EVENTS_PER_POLL);
    }
}
