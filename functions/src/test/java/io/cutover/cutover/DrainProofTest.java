package io.cutover.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.poll.PollDecision.Outcome;
import io.cutover.core.ports.Replication.CdcSample;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The drain decision on scripted samples: every condition, the hold, the timeout. */
class DrainProofTest {
    private static final Instant T0 = Instant.parse("2026-11-24T02:00:00Z");
    private static final FreezeRecord.Marker MARKER = new FreezeRecord.Marker("drain:exec-1", T0);

    private static MigrationConfig.Cutover settings(int hold, int timeout) {
        return new MigrationConfig.Cutover(5, 60, hold, timeout, null, null, null);
    }

    private static CdcSample sample(int secondsAfter, long inserts, Double targetLatency, Long incoming) {
        return new CdcSample(T0.plusSeconds(secondsAfter), 0.0, targetLatency, inserts, 10, 2, 0, incoming);
    }

    @Test
    void withHoldZeroTwoEqualSamplesAndTheMarkerProveTheDrain() {
        DrainProof proof = new DrainProof(settings(0, 600));
        var first = proof.decide(1, MARKER, null, sample(1, 100, 0.0, 0L), true, T0.plusSeconds(1));
        assertThat(first.decision().outcome()).isEqualTo(Outcome.CONTINUE);
        assertThat(first.decision().reason()).contains("first CDC sample");

        var second = proof.decide(2, MARKER, first.state(), sample(3, 100, null, null), true, T0.plusSeconds(3));
        assertThat(second.decision().outcome()).isEqualTo(Outcome.DONE);
        assertThat(second.drainSeconds()).isEqualTo(3.0);
        assertThat(second.decision().reason()).contains("drain took 3.0 s");
        assertThat(second.state().observations()).hasSize(2);
    }

    @Test
    void theMarkerMissingLagOrBacklogEachKeepItWaiting() {
        DrainProof proof = new DrainProof(settings(0, 600));
        var base = proof.decide(1, MARKER, null, sample(1, 100, 0.0, 0L), true, T0.plusSeconds(1));
        assertThat(proof.decide(2, MARKER, base.state(), sample(3, 100, 0.0, 0L), false, T0.plusSeconds(3)).decision().reason())
                .contains("marker drain:exec-1 is not on the target yet");
        assertThat(proof.decide(2, MARKER, base.state(), sample(3, 100, 12.0, 0L), true, T0.plusSeconds(3)).decision().reason())
                .contains("DMS target latency 12 s > 5 s");
        assertThat(proof.decide(2, MARKER, base.state(), sample(3, 100, 0.0, 40L), true, T0.plusSeconds(3)).decision().reason())
                .contains("40 changes read by DMS but not applied yet");
    }

    @Test
    void countersThatKeepMovingFailAtTheTimeoutNamingTheCause() {
        DrainProof proof = new DrainProof(settings(0, 30));
        DrainProof.State state = null;
        DrainProof.Result r = null;
        for (int i = 0; i <= 16; i++) {
            r = proof.decide(i + 1, MARKER, state, sample(2 * i, 100 + 10L * i, 0.0, 0L), true, T0.plusSeconds(2L * i));
            state = r.state();
            if (r.decision().outcome() != Outcome.CONTINUE) break;
        }
        assertThat(r.decision().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.decision().reason()).contains("did not drain within 30 s").contains("CDC counters still moving");
        assertThat(r.state().observations()).hasSizeLessThanOrEqualTo(30);
    }

    @Test
    void aHoldIsMeasuredFromTheFirstOfTheEqualSamplesAndRestartsWhenBroken() {
        DrainProof proof = new DrainProof(settings(10, 600));
        var a = proof.decide(1, MARKER, null, sample(0, 100, 0.0, 0L), true, T0);
        var b = proof.decide(2, MARKER, a.state(), sample(4, 100, 0.0, 0L), true, T0.plusSeconds(4));
        assertThat(b.decision().outcome()).isEqualTo(Outcome.CONTINUE);
        assertThat(b.decision().reason()).contains("hold for 4 of 10 s");
        var broken = proof.decide(3, MARKER, b.state(), sample(6, 101, 0.0, 0L), true, T0.plusSeconds(6));
        assertThat(broken.state().holdingSince()).isNull();
        var c = proof.decide(4, MARKER, broken.state(), sample(12, 101, 0.0, 0L), true, T0.plusSeconds(12));
        assertThat(c.decision().outcome()).isEqualTo(Outcome.CONTINUE);
        var d = proof.decide(5, MARKER, c.state(), sample(17, 101, 0.0, 0L), true, T0.plusSeconds(17));
        assertThat(d.decision().outcome()).isEqualTo(Outcome.DONE);
        assertThat(d.decision().reason()).contains("held 11 s");
    }
}
