package io.cutover.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.cutover.WriteFreeze.FreezeOutcome;
import io.cutover.cutover.WriteFreeze.OpenTransaction;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which open transactions' rows bound the surplus of the write counters: only those that can no longer commit. */
class InFlightAtFreezeTest {
    private static FreezeOutcome outcome(List<String> writers, List<OpenTransaction> open) {
        FreezeRecord record = new FreezeRecord("m", "e", "MariaDB 10.11.19", "MARIADB", false, null, Instant.EPOCH,
                FreezeRecord.Status.FROZEN, null, null, writers, null);
        return new FreezeOutcome(record, List.of(), List.of(), List.of(), false, open);
    }

    private static OpenTransaction trx(long thread, String user, long rows) {
        return new OpenTransaction(thread, user, "10.0.0.1:4000", 1, "RUNNING", rows, rows, null);
    }

    @Test
    void transactionsOfAccountsThatCanStillWriteOrOfUnknownUsersAreLeftOut() {
        var inFlight = WriteFreeze.inFlight(outcome(List.of("'cutover'@'%'", "'root'@'localhost'"),
                List.of(trx(1, "app", 2), trx(2, "root", 40), trx(3, null, 9), trx(4, "app", 0), trx(5, "batch", 1))), "e");
        assertThat(inFlight.rowsModified()).isEqualTo(3L);
        assertThat(inFlight.transactions()).isEqualTo(2);
        assertThat(inFlight.why()).isNull();
    }

    @Test
    void unknownWhenTheTransactionsCouldNotBeListed() {
        var inFlight = WriteFreeze.inFlight(outcome(List.of(), null), "e");
        assertThat(inFlight.rowsModified()).isNull();
        assertThat(inFlight.why()).contains("could not be listed");
    }
}
