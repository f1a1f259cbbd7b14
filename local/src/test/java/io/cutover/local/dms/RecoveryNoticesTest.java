package io.cutover.local.dms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Issue 16: the engine says each loss, retry, recovery and giving up as it happens (the console prints them). */
class RecoveryNoticesTest {
    @Test
    void aLossItsRetriesAndTheRecoveryAreNoticed() {
        List<String> notices = new CopyOnWriteArrayList<>();
        Recovery r = new Recovery(2, Duration.ofMillis(1), false, Duration.ofMillis(1), notices::add);
        r.lost("applying changes on the target", "Communications link failure");
        assertThat(r.await(1, "applying changes on the target", () -> false)).isTrue();
        r.recovered("applying changes on the target", 1);
        r.recovered("applying changes on the target", 0); // nothing was lost: nothing to say
        assertThat(r.await(3, "applying changes on the target", () -> false)).isFalse();
        assertThat(notices).containsExactly(
                "connection lost while applying changes on the target: Communications link failure",
                "retry 1 of 2 of applying changes on the target in 0.0 s",
                "recovered: applying changes on the target works again after 1 retry",
                "gave up applying changes on the target after 2 retries (RecoverableErrorCount 2)");
    }
}
