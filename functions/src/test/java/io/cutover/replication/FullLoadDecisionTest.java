package io.cutover.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.poll.PollDecision;
import io.cutover.core.poll.PollDecision.Outcome;
import io.cutover.replication.FullLoadDecision.Tracker;
import io.cutover.core.ports.Replication.TableState;
import io.cutover.core.ports.Replication.TaskProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FullLoadDecisionTest {
    private static final int BUDGET = PollSchedule.longWaitBudget(72);

    /** Feeds a series to the decision as the state machine would: each poll gets the previous tracker and attempt. */
    private static List<FullLoadDecision.Outcome> replay(List<RecordedSeries.Reading<TaskProgress>> series, boolean stopsAfterFullLoad) {
        List<FullLoadDecision.Outcome> outcomes = new ArrayList<>();
        Tracker tracker = null;
        int attempt = 0;
        for (RecordedSeries.Reading<TaskProgress> r : series) {
            FullLoadDecision.Outcome o = FullLoadDecision.decide(r.value(), tracker, attempt, BUDGET, stopsAfterFullLoad, r.at());
            outcomes.add(o);
            if (o.decision().outcome() != Outcome.CONTINUE) {
                break;
            }
            tracker = o.tracker();
            attempt = o.decision().attempt();
        }
        return outcomes;
    }

    @Test
    void steadyProgressEndsWhenEveryTableIsLoadedAndPollsOftenerNearTheEnd() {
        List<FullLoadDecision.Outcome> o = replay(RecordedSeries.fullLoad("full-load-steady.json"), false);
        assertThat(o).hasSize(10);
        assertThat(o.subList(0, 9)).allSatisfy(x -> assertThat(x.decision().outcome()).isEqualTo(Outcome.CONTINUE));
        // 100 % but one table still loading is not done
        assertThat(o.get(8).decision().reason()).contains("100 %").contains("1 loading");
        PollDecision last = o.get(9).decision();
        assertThat(last.outcome()).isEqualTo(Outcome.DONE);
        assertThat(last.reason()).isEqualTo("full load complete: 20 tables loaded");
        assertThat(last.attempt()).isEqualTo(10);
        assertThat(o).allSatisfy(x -> assertThat(x.decision().waitSeconds()).isBetween(0, FullLoadDecision.MAX_WAIT_SECONDS));
        int midLoad = o.get(4).decision().waitSeconds();   // 41 % after an hour: about 1.5 h left
        int nearEnd = o.get(7).decision().waitSeconds();   // 97 %
        assertThat(midLoad).isGreaterThan(300);
        assertThat(nearEnd).isEqualTo(FullLoadDecision.MIN_WAIT_SECONDS);
    }

    @Test
    void aStalledLoadFailsAfterAnHourWithoutMovementAndBacksOffMeanwhile() {
        List<FullLoadDecision.Outcome> o = replay(RecordedSeries.fullLoad("full-load-stalled.json"), false);
        PollDecision last = o.get(o.size() - 1).decision();
        assertThat(last.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(last.reason()).contains("has not moved for 60 min").contains("40 %").contains("5000000 rows");
        List<Integer> waits = o.subList(0, o.size() - 1).stream().map(x -> x.decision().waitSeconds()).toList();
        assertThat(waits).startsWith(30, 60, 120, 240, 480, 900).isSorted();
    }

    @Test
    void anErroredTableFailsTheLoadByNameWithItsError() {
        List<FullLoadDecision.Outcome> o = replay(RecordedSeries.fullLoad("full-load-errored-table.json"), false);
        FullLoadDecision.Outcome last = o.get(1);
        assertThat(last.decision().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(last.decision().reason()).contains("1 table(s) failed to load: shop.orders (Failed to load data: Incorrect datetime value");
        // the migration ends in a Fail state: a redrive would fail again, a new execution goes on
        assertThat(last.decision().reason()).contains("reload the table(s)")
                .contains("start a new execution with the same input and a new name").doesNotContain("or redrive");
        assertThat(last.erroredTables()).singleElement()
                .satisfies(e -> assertThat(e.table()).isEqualTo("shop.orders"));
    }

    @Test
    void aFailedTaskExplainsBinlogsPurgedBeforeDmsReadThem() {
        List<FullLoadDecision.Outcome> o = replay(RecordedSeries.fullLoad("full-load-binlog-purged.json"), false);
        PollDecision last = o.get(1).decision();
        assertThat(last.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(last.reason()).contains("failed during the full load (63 %").contains("1236")
                .contains("raise binlog retention").contains("reload the target");
    }

    private static TaskProgress stopped(int percent) {
        return new TaskProgress("stopped", "Stop Reason FULL_LOAD_ONLY_FINISHED", null, percent, 5, 0, 0, 0,
                List.of(new TableState("shop", "t", "Table completed", 10, 0, 0, 0, 0, null)));
    }

    @Test
    void aStopAfterTheFullLoadIsDoneOnlyWhenTheSettingsAskForIt() {
        Instant now = RecordedSeries.T0;
        assertThat(FullLoadDecision.decide(stopped(100), null, 3, BUDGET, true, now).decision().outcome()).isEqualTo(Outcome.DONE);
        PollDecision unexpected = FullLoadDecision.decide(stopped(100), null, 3, BUDGET, false, now).decision();
        assertThat(unexpected.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(unexpected.reason()).contains("stopped before the full load completed");
        assertThat(FullLoadDecision.decide(stopped(70), null, 3, BUDGET, true, now).decision().outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void aTaskThatStopsAfterTheLoadIsWaitedForWhileItAppliesTheCachedChanges() {
        Instant now = RecordedSeries.T0;
        TaskProgress loadedRunning = new TaskProgress("running", null, null, 100, 4, 0, 0, 0, List.of());
        PollDecision waiting = FullLoadDecision.decide(loadedRunning, null, 3, BUDGET, true, now).decision();
        assertThat(waiting.outcome()).as("the switch for CDC must wait for the stop").isEqualTo(Outcome.CONTINUE);
        assertThat(waiting.waitSeconds()).isEqualTo(FullLoadDecision.MIN_WAIT_SECONDS);
        assertThat(waiting.reason()).contains("waiting for the task to apply the cached changes and stop");
        assertThat(FullLoadDecision.decide(loadedRunning, null, 3, BUDGET, false, now).decision().outcome()).isEqualTo(Outcome.DONE);
        assertThat(FullLoadDecision.decide(loadedRunning, null, BUDGET - 1, BUDGET, true, now).decision().outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void aTaskAPreviousExecutionAlreadyResumedForCdcIsDoneWithoutWaitingForAStop() {
        Instant now = RecordedSeries.T0;
        TaskProgress loadedRunning = new TaskProgress("running", null, null, 100, 4, 0, 0, 0, List.of());
        PollDecision d = FullLoadDecision.decide(loadedRunning, null, 0, BUDGET, true, true, now).decision();
        assertThat(d.outcome()).isEqualTo(Outcome.DONE);
        assertThat(d.reason()).contains("already replicates changes");
        TaskProgress stillLoading = new TaskProgress("running", null, null, 60, 2, 2, 0, 0, List.of());
        assertThat(FullLoadDecision.decide(stillLoading, null, 0, BUDGET, true, true, now).decision().outcome())
                .as("only a finished load is done").isEqualTo(Outcome.CONTINUE);
    }

    @Test
    void theBudgetEndsTheLoop() {
        TaskProgress p = RecordedSeries.fullLoad("full-load-steady.json").get(4).value();
        PollDecision d = FullLoadDecision.decide(p, null, BUDGET - 1, BUDGET, false, RecordedSeries.T0).decision();
        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.reason()).contains("still not complete after " + BUDGET + " polls");
    }

    @Test
    void aDayLongLoadCostsAFewHundredPollsAtMost() {
        Instant start = RecordedSeries.T0;
        double seconds = 24 * 3600;
        Instant now = start;
        Tracker tracker = null;
        int attempt = 0;
        PollDecision d;
        do {
            double elapsed = java.time.Duration.between(start, now).toSeconds();
            int percent = (int) Math.min(100, Math.floor(100 * elapsed / seconds));
            long rows = (long) (1_000_000_000L * Math.min(1, elapsed / seconds));
            TaskProgress p = new TaskProgress("running", null, null, percent, percent == 100 ? 40 : (int) (40 * elapsed / seconds),
                    percent == 100 ? 0 : 8, 0, 0, List.of(new TableState("shop", "all", "Full load", rows, 0, 0, 0, 0, null)));
            FullLoadDecision.Outcome o = FullLoadDecision.decide(p, tracker, attempt, BUDGET, false, now);
            d = o.decision();
            tracker = o.tracker();
            attempt = d.attempt();
            now = now.plusSeconds(d.waitSeconds());
        } while (d.outcome() == Outcome.CONTINUE);
        assertThat(d.outcome()).isEqualTo(Outcome.DONE);
        assertThat(attempt).isBetween(96, 300);
        assertThat(attempt * PollSchedule.EVENTS_PER_POLL).isLessThan(25_000 / 5);
    }
}
