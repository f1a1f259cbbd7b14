package io.cutover.cutover.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.db.BinlogPosition;
import io.cutover.cutover.validation.ValidationModel.ChangedKeys;
import io.cutover.cutover.validation.ValidationModel.DifferenceKind;
import io.cutover.cutover.validation.ValidationModel.RowDifference;
import io.cutover.cutover.validation.ValidationModel.Scope;
import io.cutover.cutover.validation.ValidationModel.TableResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the post-freeze pass builds on the catch-up pass: the counts of both reads, the rows that differed then. */
class PassChainTest {
    private static final BinlogPosition P0 = new BinlogPosition("binlog.000001", 100L, null, null);
    private static final BinlogPosition P1 = new BinlogPosition("binlog.000001", 900L, null, null);
    private static final BinlogPosition P2 = new BinlogPosition("binlog.000002", 40L, null, null);

    private static TableResult keysResult(String table, long differences, List<RowDifference> rows) {
        return new TableResult("shop", table, Scope.KEYS, "PRIMARY", null, null, List.of(), 0, 10, List.of(), differences, rows, List.of(), 0.1);
    }

    @Test
    void thePostFreezeReadKeepsItsKeysAndAddsTheCatchUpReadsCounts() {
        ChangedKeys catchUp = new ChangedKeys(P0, P1, Map.of("shop.a", List.of(List.of("n:1"))), Set.of(), 7, List.of(),
                Map.of("shop.a", 5L, "shop.b", 2L), Map.of("shop.a", 4L));
        ChangedKeys sinceCatchUp = new ChangedKeys(P1, P2, Map.of("shop.b", List.of(List.of("n:9"))), Set.of(), 3, List.of(),
                Map.of("shop.b", 1L, "shop.c", 1L));

        ChangedKeys span = sinceCatchUp.countedFrom(catchUp);

        assertThat(span.from()).as("the keys are read since the catch-up").isEqualTo(P1);
        assertThat(span.keys()).containsOnlyKeys("shop.b");
        assertThat(span.rowEvents()).containsExactlyInAnyOrderEntriesOf(Map.of("shop.a", 5L, "shop.b", 3L, "shop.c", 1L));
        assertThat(span.rowEventsAfterMarker()).as("every event since the catch-up is after the marker")
                .containsExactlyInAnyOrderEntriesOf(Map.of("shop.a", 4L, "shop.b", 1L, "shop.c", 1L));
        assertThat(span.events()).isEqualTo(10);
    }

    @Test
    void withoutTheMarkerInTheCatchUpReadThereIsNoCountAfterIt() {
        ChangedKeys catchUp = new ChangedKeys(P0, P1, Map.of(), Set.of(), 1, List.of(), Map.of("shop.a", 1L), null);
        ChangedKeys sinceCatchUp = new ChangedKeys(P1, P2, Map.of(), Set.of(), 1, List.of(), Map.of("shop.a", 1L));
        assertThat(sinceCatchUp.countedFrom(catchUp).rowEventsAfterMarker()).isNull();
    }

    @Test
    void rowsThatDifferedByKeyAreVerifiedAgainAndATableWithMoreThanItListedInFull() {
        ChangedKeys changes = new ChangedKeys(P1, P2, Map.of("shop.a", List.of(List.of("n:1"))), Set.of(), 1, List.of(), Map.of());
        Map<String, TableResult> earlier = Map.of(
                "shop.a", keysResult("a", 2, List.of(new RowDifference(List.of("n:1"), DifferenceKind.CHANGED),
                        new RowDifference(List.of("n:5"), DifferenceKind.MISSING_ON_TARGET))),
                "shop.b", keysResult("b", 1, List.of(new RowDifference(List.of("n:7"), DifferenceKind.CHANGED))),
                "shop.c", keysResult("c", 101, List.of(new RowDifference(List.of("n:3"), DifferenceKind.CHANGED))),
                "shop.d", keysResult("d", 0, List.of()));

        ChangedKeys carried = DifferingRows.carry(changes, earlier);

        assertThat(carried.keys()).containsOnlyKeys("shop.a", "shop.b");
        assertThat(carried.keys().get("shop.a")).as("no key twice").containsExactly(List.of("n:1"), List.of("n:5"));
        assertThat(carried.keys().get("shop.b")).containsExactly(List.of("n:7"));
        assertThat(carried.full()).containsExactly("shop.c");
        assertThat(carried.warnings()).singleElement().satisfies(w -> assertThat(w).contains("shop.c").contains("101 rows differed"));
    }

    @Test
    void rowsOfAFullPassAreCarriedAsTheirChunksNotAsKeys() {
        TableResult full = new TableResult("shop", "a", Scope.FULL, "PRIMARY", 10L, 10L, List.of(), 1, 10, List.of(), 1,
                List.of(new RowDifference(List.of("n:1"), DifferenceKind.CHANGED)), List.of(), 0.1);
        ChangedKeys changes = new ChangedKeys(P0, P1, Map.of(), Set.of(), 0, List.of(), Map.of());
        assertThat(DifferingRows.carry(changes, Map.of("shop.a", full)).keys()).isEmpty();
    }
}
