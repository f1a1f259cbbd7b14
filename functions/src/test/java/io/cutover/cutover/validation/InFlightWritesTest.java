package io.cutover.cutover.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.db.BinlogPosition;
import io.cutover.cutover.validation.ValidationModel.ChangedKeys;
import io.cutover.cutover.validation.ValidationModel.WriteCounters;
import io.cutover.cutover.validation.ValidationModel.WritesInFlightAtFreeze;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The source's write counters against the binlog when transactions were open at the freeze: their writes are counted
 * and can never be logged (their COMMIT is refused under read_only), so they may explain that much surplus, no more.
 */
class InFlightWritesTest {
    private static final BinlogPosition P = new BinlogPosition("binlog.000001", 4L, null, null);
    private static final List<String> TABLES = List.of("shop.orders", "shop.events", "shop.quiet");
    private static final WriteCounters BEFORE = new WriteCounters(true, Map.of("shop.orders", 100L, "shop.events", 50L, "shop.quiet", 7L));
    private static final ChangedKeys LOGGED = new ChangedKeys(P, P, Map.of("shop.orders", List.of(List.of("n:1"))), Set.of(), 2, List.of(),
            Map.of("shop.orders", 20L, "shop.events", 10L));

    private static ChangedKeys suspects(Map<String, Long> after, WritesInFlightAtFreeze inFlight) {
        return UnloggedWrites.suspects(BEFORE, new WriteCounters(true, after), LOGGED, TABLES, inFlight);
    }

    @Test
    void aSurplusNoLargerThanTheRowsOfTransactionsOpenAtTheFreezeMakesNoTableSuspect() {
        ChangedKeys c = suspects(Map.of("shop.orders", 121L, "shop.events", 61L, "shop.quiet", 7L), new WritesInFlightAtFreeze("e", 2L, 1, null));
        assertThat(c.full()).isEmpty();
        assertThat(c.keys()).containsKey("shop.orders");
        assertThat(c.warnings()).singleElement().satisfies(w -> assertThat(w).contains("by 2 row(s) in all").contains("shop.orders +1")
                .contains("shop.events +1").contains("not suspect"));
    }

    @Test
    void aSurplusBeyondThemMakesEveryTableWithASurplusSuspect() {
        ChangedKeys c = suspects(Map.of("shop.orders", 121L, "shop.events", 62L, "shop.quiet", 7L), new WritesInFlightAtFreeze("e", 2L, 1, null));
        assertThat(c.full()).containsExactlyInAnyOrder("shop.orders", "shop.events");
        assertThat(c.keys()).doesNotContainKey("shop.orders");
        assertThat(c.warnings()).singleElement().satisfies(w -> assertThat(w).contains("verified in full")
                .contains("shop.events (12 writes, 10 in the binlog)").contains("more than the 2 row(s)"));
    }

    @Test
    void withoutAKnownBoundAnySurplusIsSuspectAsBefore() {
        ChangedKeys unknown = suspects(Map.of("shop.orders", 121L, "shop.events", 60L, "shop.quiet", 7L),
                new WritesInFlightAtFreeze("e", null, 0, "could not list"));
        ChangedKeys none = suspects(Map.of("shop.orders", 121L, "shop.events", 60L, "shop.quiet", 7L), null);
        assertThat(unknown.full()).containsExactly("shop.orders");
        assertThat(none.full()).containsExactly("shop.orders");
    }

    @Test
    void aCounterThatWentBackIsSuspectWhateverTheBound() {
        ChangedKeys c = suspects(Map.of("shop.orders", 120L, "shop.events", 60L, "shop.quiet", 3L), new WritesInFlightAtFreeze("e", 100L, 3, null));
        assertThat(c.full()).containsExactly("shop.quiet");
    }
}
