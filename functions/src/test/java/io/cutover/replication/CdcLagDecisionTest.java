package io.cutover.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.json.Json;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.poll.PollDecision.Outcome;
import io.cutover.replication.CdcLagDecision.Phase;
import io.cutover.replication.CdcLagDecision.Window;
import io.cutover.core.ports.Replication.CdcSample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CdcLagDecisionTest {

    /** The state machine's loop over a series: each poll gets the previous window and attempt; stops at DONE/FAILED. */
    private static List<CdcLagDecision.Outcome> replay(String series, Phase phase, int maxLag, int hold, int budget) {
        List<CdcLagDecision.Outcome> outcomes = new ArrayList<>();
        Window window = null;
        int attempt = 0;
        for (CdcSample s : RecordedSeries.cdc(series)) {
            CdcLagDecision.Outcome o = CdcLagDecision.decide("running", null, s, window, phase, maxLag, hold, attempt, budget);
            outcomes.add(o);
            if (o.decision().outcome() != Outcome.CONTINUE) {
                break;
            }
            window = o.window();
            attempt = o.decision().attempt();
        }
        return outcomes;
    }

    private static PollDecision last(List<CdcLagDecision.Outcome> o) {
        return o.get(o.size() - 1).decision();
    }

    @Test
    void lagBouncingBetweenZeroAndTwoSecondsNeverHoldsAtZeroWhileWritesContinue() {
        List<CdcLagDecision.Outcome> o = replay("cdc-lag-bouncing.json", Phase.CATCH_UP, 0, 60, 40);
        assertThat(o).hasSize(40);
        assertThat(o.subList(0, 39)).noneMatch(x -> x.decision().outcome() == Outcome.DONE);
        PollDecision end = last(o);
        assertThat(end.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(end.reason()).contains("never held within 0 s for 60 s in 40 polls")
                .contains("recent lag between 0 and 2 s").contains("went back above the threshold")
                .contains("writes continue on the source").contains("freeze writes (5.2)");
    }

    @Test
    void theSameBouncingLagIsCaughtUpUnderAFiveSecondThresholdOnceItHeldForTheHoldTime() {
        List<CdcLagDecision.Outcome> o = replay("cdc-lag-bouncing.json", Phase.CATCH_UP, 5, 60, 40);
        assertThat(o).hasSize(5); // t = 0, 15, 30, 45, 60
        assertThat(last(o).outcome()).isEqualTo(Outcome.DONE);
        assertThat(last(o).reason()).startsWith("caught up: lag 2 s ≤ 5 s, held 60 s");
    }

    @Test
    void lagComingDownAfterTheLoadIsPolledLessOftenWhileItIsHigh() {
        List<CdcLagDecision.Outcome> o = replay("cdc-catching-up.json", Phase.CATCH_UP, 5, 60, 100);
        assertThat(last(o).outcome()).isEqualTo(Outcome.DONE);
        assertThat(o.get(0).decision().waitSeconds()).isEqualTo(CdcLagDecision.MAX_WAIT_SECONDS);   // 900 s of lag
        assertThat(o.get(4).decision().waitSeconds()).isEqualTo(60);                               // 120 s of lag
        // no sample with lag above 5 s is inside the hold that made it done
        int firstWithin = 6; // lag 9 s at index 6, then 1, 0, 0 ...
        assertThat(o.subList(0, firstWithin + 1)).allSatisfy(x -> assertThat(x.decision().outcome()).isEqualTo(Outcome.CONTINUE));
        assertThat(o.get(o.size() - 2).decision().reason()).startsWith("holding for");
    }

    @Test
    void nullLatencyIsNeverZeroOnItsOwnButAnIdleSourceWithStillCountersHolds() {
        CdcSample first = RecordedSeries.cdc("cdc-null-latency-idle.json").get(0);
        PollDecision alone = CdcLagDecision.decide("running", null, first, null, Phase.CATCH_UP, 5, 0, 0, 10).decision();
        assertThat(alone.outcome()).isEqualTo(Outcome.CONTINUE);
        assertThat(alone.reason()).contains("latency unknown (NULL)");

        List<CdcLagDecision.Outcome> o = replay("cdc-null-latency-idle.json", Phase.CATCH_UP, 5, 60, 20);
        assertThat(last(o).outcome()).isEqualTo(Outcome.DONE);
        assertThat(o).hasSize(6); // baseline at t=0, within from t=15, held 60 s at t=75
        assertThat(last(o).reason()).contains("latency unknown (NULL); counters unchanged");
    }

    @Test
    void nullLatencyWithCountersStillMovingIsNotCaughtUp() {
        List<CdcLagDecision.Outcome> o = replay("cdc-null-latency-writes.json", Phase.CATCH_UP, 5, 30, 12);
        assertThat(o).noneMatch(x -> x.decision().outcome() == Outcome.DONE);
        assertThat(o.get(3).decision().reason()).contains("latency unknown (NULL); counters moved by 49");
        assertThat(last(o).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(last(o).reason()).contains("writes continue");
    }

    @Test
    void afterTheFreezeCountersThatStillMoveMeanSomethingStillWrites() {
        List<CdcLagDecision.Outcome> o = replay("cdc-drain-counters-moving.json", Phase.DRAIN, 0, 0, 15);
        assertThat(o).noneMatch(x -> x.decision().outcome() == Outcome.DONE);
        assertThat(o.get(2).decision().reason()).contains("3 change(s) applied since the last sample although writes are frozen");
        assertThat(last(o).reason()).contains("something still writes to the source");
    }

    @Test
    void afterTheFreezeTheDrainIsProvenOnceTheCountersStop() {
        List<CdcLagDecision.Outcome> held0 = replay("cdc-drain-stopped.json", Phase.DRAIN, 0, 0, 20);
        assertThat(held0).hasSize(4); // baseline, +1, +1, then still
        assertThat(last(held0).outcome()).isEqualTo(Outcome.DONE);
        assertThat(last(held0).reason()).startsWith("drained:");
        List<CdcLagDecision.Outcome> held10 = replay("cdc-drain-stopped.json", Phase.DRAIN, 0, 10, 20);
        assertThat(held10).hasSize(6);
        assertThat(last(held10).outcome()).isEqualTo(Outcome.DONE);
    }

    @Test
    void aTaskThatIsNotRunningFailsWithItsMessage() {
        CdcSample s = RecordedSeries.cdc("cdc-lag-bouncing.json").get(0);
        PollDecision d = CdcLagDecision.decide("failed", "Error 1236 Could not find first log file name in binary log index file",
                s, null, Phase.CATCH_UP, 5, 60, 0, 10).decision();
        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.reason()).contains("is failed, not running").contains("raise binlog retention");
    }

    @Test
    void aTaskThatIsStillStartingAfterAResumeIsWaitedForWithinTheBudget() {
        CdcSample s = RecordedSeries.cdc("cdc-lag-bouncing.json").get(0);
        CdcLagDecision.Outcome starting = CdcLagDecision.decide("starting", null, s, null, Phase.CATCH_UP, 5, 60, 0, 10);
        assertThat(starting.decision().outcome()).isEqualTo(Outcome.CONTINUE);
        assertThat(starting.decision().waitSeconds()).isEqualTo(CdcLagDecision.MIN_WAIT_SECONDS);
        assertThat(starting.window().recent()).as("no sample taken from a task that does not run yet").isEmpty();
        assertThat(CdcLagDecision.decide("starting", null, s, null, Phase.CATCH_UP, 5, 60, 9, 10).decision().outcome())
                .isEqualTo(Outcome.FAILED);
    }

    @Test
    void theCarriedWindowStaysSmall() {
        List<CdcLagDecision.Outcome> o = replay("cdc-lag-bouncing.json", Phase.CATCH_UP, 0, 600, 1000);
        Window w = o.get(o.size() - 1).window();
        assertThat(w.recent()).hasSize(CdcLagDecision.MAX_POINTS);
        assertThat(Json.write(w).length()).isLessThan(2_500);
        // it round-trips through the state machine's JSON
        assertThat(Json.read(Json.write(w), Window.class)).isEqualTo(w);
    }

    /** After the freeze approval: one sample against the catch-up window; within → freeze, grown back → refused. */
    @Test
    void theRecheckAfterTheApprovalFreezesOnlyWhileTheLagIsStillWithinTheThreshold() {
        java.time.Instant t = java.time.Instant.parse("2026-11-24T20:00:00Z");
        CdcLagDecision.Outcome caughtUp = CdcLagDecision.decide("running", null,
                new CdcSample(t, 1.0, 1.0, 100, 0, 0, 0, 0L), null, Phase.CATCH_UP, 5, 0, 0, 10);
        assertThat(caughtUp.decision().outcome()).isEqualTo(Outcome.DONE);
        Window window = caughtUp.window();

        PollDecision still = CdcLagDecision.decide("running", null, new CdcSample(t.plusSeconds(3600), 4.0, 2.0, 900, 0, 0, 0, 3L),
                window, Phase.RECHECK, 5, 60, 0, 1).decision();
        PollDecision grown = CdcLagDecision.decide("running", null, new CdcSample(t.plusSeconds(3600), 2.0, 48.0, 900, 0, 0, 0, 300L),
                window, Phase.RECHECK, 5, 60, 0, 1).decision();
        PollDecision unknownWhileWriting = CdcLagDecision.decide("running", null, new CdcSample(t.plusSeconds(3600), null, null, 900, 0, 0, 0, null),
                window, Phase.RECHECK, 5, 60, 0, 1).decision();
        PollDecision unknownIdle = CdcLagDecision.decide("running", null, new CdcSample(t.plusSeconds(3600), null, null, 100, 0, 0, 0, 0L),
                window, Phase.RECHECK, 5, 60, 0, 1).decision();
        PollDecision stopped = CdcLagDecision.decide("stopped", "Last Error ...", new CdcSample(t.plusSeconds(3600), 0.0, 0.0, 900, 0, 0, 0, 0L),
                window, Phase.RECHECK, 5, 60, 0, 1).decision();

        assertThat(still.outcome()).as("no hold is asked again: one sample within").isEqualTo(Outcome.DONE);
        assertThat(still.reason()).startsWith("still within at the approval: lag 4 s ≤ 5 s");
        assertThat(grown.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(grown.reason()).contains("lag 48 s > 5 s").contains("nothing was frozen");
        assertThat(unknownWhileWriting.outcome()).as("a NULL latency while the counters move is never 0").isEqualTo(Outcome.FAILED);
        assertThat(unknownIdle.outcome()).isEqualTo(Outcome.DONE);
        assertThat(stopped.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(stopped.reason()).contains("not running");
    }
}
