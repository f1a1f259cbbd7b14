package io.cutover.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.poll.PollDecision;
import io.cutover.core.poll.PollDecision.Outcome;
import io.cutover.core.ports.Replication;
import io.cutover.replication.CdcLagDecision.Phase;
import io.cutover.core.ports.Replication.CdcSample;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The long waits (full load, CDC catch-up) poll less often as they go on, so that the longest wait their budget allows
 * fits the 25,000 history events of the execution; and the budget lasts the time it promises whatever the lag does.
 */
class LongWaitScheduleTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void theFloorWidensByFivePercentAPollUpToAnHour() {
        assertThat(PollSchedule.longWaitFloor(1)).isEqualTo(5);
        assertThat(PollSchedule.longWaitFloor(2)).isEqualTo(6); // 5.25, rounded up
        assertThat(PollSchedule.longWaitFloor(50)).isBetween(50, 60);
        assertThat(PollSchedule.longWaitFloor(1_000)).isEqualTo(3_600);
    }

    @Test
    void pollsWithinCountsThePollsOfALoopThatAlwaysWaitsTheFloor() {
        long at = 0;
        int polls = 1;
        while (at < 86_400) {
            at += PollSchedule.floorSeconds(polls, 2, 60);
            polls++;
        }
        assertThat(PollSchedule.pollsWithin(86_400, 2, 60)).isEqualTo(polls);
        assertThat(PollSchedule.pollsWithin(0, 2, 60)).isEqualTo(1);
    }

    /**
     * The review's case: lag hovering just above maxLagSeconds polls every 15 s. With a budget of 776 polls (the old
     * 2 x 72 h at 15 min + 200) that ended the CDC wait after about 3.2 hours; it must last twice the planned window.
     */
    @Test
    void lagHoveringJustAboveTheThresholdWaitsTwiceThePlannedWindowInFewPolls() {
        int planned = 72;
        int budget = PollSchedule.longWaitBudget(planned);
        Instant now = T0;
        CdcLagDecision.Window window = null;
        int attempt = 0;
        long changes = 0;
        PollDecision d;
        do {
            changes += 100;
            CdcSample sample = new CdcSample(now, 6.0, 6.0, changes, 0, 0, 0, 10L);
            CdcLagDecision.Outcome o = CdcLagDecision.decide("running", null, sample, window, Phase.CATCH_UP, 5, 60, attempt, budget);
            d = o.decision();
            window = o.window();
            attempt = d.attempt();
            now = now.plusSeconds(d.waitSeconds());
        } while (d.outcome() == Outcome.CONTINUE);

        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.attempt()).isEqualTo(budget);
        assertThat(Duration.between(T0, now)).isGreaterThanOrEqualTo(Duration.ofHours(2L * planned));
        assertThat(budget).as("polls for 144 h").isLessThan(300);
    }

    @Test
    void aLoadStuckJustShortOfDoneIsPolledLessOftenAsItGoesOn() {
        FullLoadDecision.Tracker tracker = null;
        Instant now = T0;
        int attempt = 0;
        int lastWait = 0;
        for (int i = 0; i < 200; i++) {
            // creeping forward: a few rows each poll, percent at 99 so the estimate says "almost done" (30 s polls)
            Replication.TaskProgress p = new Replication.TaskProgress("running", null, null, 99, 399, 1, 0, 0,
                    java.util.List.of(new Replication.TableState("app", "t", "Full load", 1_000_000L + i, 0, 0, 0, 0, null)));
            FullLoadDecision.Outcome o = FullLoadDecision.decide(p, tracker, attempt, 10_000, false, now);
            tracker = o.tracker();
            attempt = o.decision().attempt();
            lastWait = o.decision().waitSeconds();
            now = now.plusSeconds(lastWait);
        }
        assertThat(lastWait).isEqualTo(PollSchedule.longWaitFloor(200)).isGreaterThan(900);
    }
}
