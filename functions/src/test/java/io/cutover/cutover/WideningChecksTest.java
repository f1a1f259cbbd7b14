package io.cutover.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.poll.PollDecision.Outcome;
import io.cutover.core.ports.Replication.CdcSample;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The drain proof and the rollback window's read-only watch poll less often as they go on, and never more often than
 * the bound the history budget counts (local/bench history-budget).
 */
class WideningChecksTest {
    private static final Instant T0 = Instant.parse("2026-11-24T02:00:00Z");

    @Test
    void aDrainThatNeverCompletesFailsAtItsTimeoutWithinTheCountedPolls() {
        int timeout = 3_600;
        int hold = 600;
        DrainProof proof = new DrainProof(new MigrationConfig.Cutover(5, 60, hold, timeout, null, null, null));
        FreezeRecord.Marker marker = new FreezeRecord.Marker("drain:exec-1", T0);
        DrainProof.State state = null;
        Instant now = T0;
        int polls = 0;
        PollDecision d;
        do {
            polls++;
            // the marker never arrives; changes keep coming
            CdcSample sample = new CdcSample(now, 1.0, 1.0, 100L * polls, 0, 0, 0, 3L);
            DrainProof.Result r = proof.decide(polls, marker, state, sample, false, now);
            state = r.state();
            d = r.decision();
            now = now.plusSeconds(d.waitSeconds());
        } while (d.outcome() == Outcome.CONTINUE);

        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat((long) polls).isLessThanOrEqualTo(DrainProof.maxPolls(timeout, hold)).isLessThan(150);
        // two seconds apart at first: a drain that completes does so quickly after the freeze
        assertThat(proof.decide(1, marker, null, new CdcSample(T0, 1.0, 1.0, 1, 0, 0, 0, 3L), false, T0).decision().waitSeconds())
                .isEqualTo(2);
    }

    @Test
    void theReadOnlyWatchChecksEveryFifteenMinutesAtFirstAndHourlyAfterADay() {
        assertThat(SourceFreeze.nextWait(0, 100_000)).isEqualTo(900);
        assertThat(SourceFreeze.nextWait(6 * 3_600, 100_000)).isEqualTo(900);
        assertThat(SourceFreeze.nextWait(12 * 3_600, 100_000)).isEqualTo(1_800);
        assertThat(SourceFreeze.nextWait(48 * 3_600, 100_000)).isEqualTo(3_600);
        assertThat(SourceFreeze.nextWait(48 * 3_600, 120)).as("never past the window's end").isEqualTo(120);
    }

    @Test
    void theLongestWindowTakesAboutSevenHundredFiftyChecks() {
        long polls = SourceFreeze.maxPolls(720);
        assertThat(polls).isBetween(700L, 800L);
        assertThat(SourceFreeze.maxPolls(24)).isBetween(50L, 70L); // 97 at a fixed 15 min
        assertThat(SourceFreeze.maxPolls(0)).isEqualTo(1);
    }
}
