package io.cutover.schema.fk;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.catalog.ForeignKey;
import io.cutover.core.db.BinlogPosition;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.Row;
import io.cutover.cutover.validation.ValidationModel.ChangedKeys;
import io.cutover.cutover.validation.ValidationModel.Plan;
import io.cutover.cutover.validation.ValidationModel.Scope;
import io.cutover.cutover.validation.ValidationModel.TablePlan;
import io.cutover.testing.ScriptedDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which foreign keys 6.2 checks by the rows changed since the scan before the freeze, and which it scans in full. */
class ChangedKeyOrphansTest {
    private static final String EXECUTION = "exec-1";
    private static final Instant PLANNED = Instant.parse("2026-12-07T10:00:00Z");
    private static final BinlogPosition P = new BinlogPosition("binlog.000007", 4_711L);
    private static final BinlogPosition FROZEN = new BinlogPosition("binlog.000007", 9_000L);

    private static final ForeignKey ITEMS_ORDER = new ForeignKey("shop", "items", "fk_items_order", List.of("order_id"), "shop", "orders",
            List.of("id"), "RESTRICT", "RESTRICT");
    private static final ForeignKey ITEMS_SKU = new ForeignKey("shop", "items", "fk_items_sku", List.of("sku"), "shop", "products",
            List.of("sku"), "RESTRICT", "RESTRICT");

    private static TablePlan table(int index, String name, List<String> key) {
        return new TablePlan(index, "shop", name, "PRIMARY", "PRIMARY", key, List.of(), List.of(), 1000, Scope.FULL, List.of(), List.of());
    }

    private static Plan plan(String pass, BinlogPosition at, Instant created) {
        return new Plan("m", pass, EXECUTION, created, at, null, true, 500,
                List.of(table(0, "orders", List.of("id")), table(1, "items", List.of("id")), table(2, "products", List.of("id"))),
                List.of(List.of(0, 1, 2)), List.of(), List.of());
    }

    private static OrphansBeforeFreeze scan(ForeignKey... clean) {
        return new OrphansBeforeFreeze("m", EXECUTION, PLANNED, P, null, true,
                java.util.Arrays.stream(clean).map(fk -> new OrphansBeforeFreeze.Scanned(fk.id(), fk.clause(), 0, List.of())).toList());
    }

    private static ChangedKeys changes(Map<String, List<List<String>>> keys, Set<String> full) {
        return new ChangedKeys(P, FROZEN, keys, full, 3, List.of(), Map.of());
    }

    private static ChangedKeyOrphans checks(ChangedKeys changes, ForeignKey... clean) {
        return ChangedKeyOrphans.of(EXECUTION, scan(clean), plan("pre-freeze", P, PLANNED), plan("post-freeze", FROZEN, PLANNED.plusSeconds(60)),
                changes);
    }

    @Test
    void aForeignKeyWhoseChildTableIsVerifiedInFullGetsTheFullScan() {
        ChangedKeyOrphans orphans = checks(changes(Map.of("shop.orders", List.of(List.of("n:7"))), Set.of("shop.items")), ITEMS_ORDER);

        ChangedKeyOrphans.Decision d = orphans.decide(ITEMS_ORDER);
        assertThat(d.changedKeys()).isFalse();
        assertThat(d.reason()).contains("shop.items is verified in full after the freeze");

        ScriptedDatabase target = new ScriptedDatabase(DatabaseRole.TARGET)
                .answer("SELECT COUNT(*) AS n FROM `shop`.`items` c", List.of(new Row(Map.of("n", 0L))));
        ChangedKeyOrphans.Check check = orphans.check(target, ITEMS_ORDER);
        assertThat(check.orphans().count()).isZero();
        assertThat(check.how()).startsWith("full scan (shop.items is verified in full");
        assertThat(target.executed()).singleElement().asString().startsWith("SELECT COUNT(*) AS n FROM `shop`.`items` c WHERE c.`order_id` IS NOT NULL");
    }

    @Test
    void aParentInFullMakesItsChildrenFullToo() {
        ChangedKeyOrphans orphans = checks(changes(Map.of(), Set.of("shop.orders")), ITEMS_ORDER);
        assertThat(orphans.decide(ITEMS_ORDER).reason()).contains("shop.orders is verified in full");
    }

    @Test
    void aCleanScanAndListedKeysCheckOnlyTheChangedRowsAndStopAtTheFirstProbe() {
        ChangedKeyOrphans orphans = checks(changes(Map.of("shop.items", List.of(List.of("n:10"), List.of("n:11")),
                "shop.orders", List.of(List.of("n:7"))), Set.of()), ITEMS_ORDER);

        ChangedKeyOrphans.Decision d = orphans.decide(ITEMS_ORDER);
        assertThat(d.changedKeys()).isTrue();
        assertThat(d.childKeys()).hasSize(2);
        assertThat(d.parentKeys()).containsExactly(List.of("n:7"));

        ScriptedDatabase target = new ScriptedDatabase(DatabaseRole.TARGET).answer("SELECT 1 AS found FROM `shop`.`items` c", List.of());
        ChangedKeyOrphans.Check check = orphans.check(target, ITEMS_ORDER);
        assertThat(check.orphans().count()).isZero();
        assertThat(check.how()).isEqualTo("changed keys: 3 rows (2 child, 1 parent key(s) changed since the scan before the freeze)");
        assertThat(target.executed()).containsExactly(
                "SELECT 1 AS found FROM `shop`.`items` c WHERE (c.`id` IN (?, ?)) AND c.`order_id` IS NOT NULL AND NOT EXISTS "
                        + "(SELECT 1 FROM `shop`.`orders` p WHERE p.`id` = c.`order_id`) LIMIT 1",
                "SELECT 1 AS found FROM `shop`.`items` c WHERE (c.`order_id` IN (?)) AND c.`order_id` IS NOT NULL AND NOT EXISTS "
                        + "(SELECT 1 FROM `shop`.`orders` p WHERE p.`id` = c.`order_id`) LIMIT 1");
    }

    @Test
    void anOrphanAmongTheChangedRowsIsCountedByTheFullScanForTheReport() {
        ChangedKeyOrphans orphans = checks(changes(Map.of("shop.items", List.of(List.of("n:11"))), Set.of()), ITEMS_ORDER);
        ScriptedDatabase target = new ScriptedDatabase(DatabaseRole.TARGET)
                .answer("SELECT 1 AS found FROM `shop`.`items` c", List.of(new Row(Map.of("found", 1))))
                .answer("SELECT COUNT(*) AS n FROM `shop`.`items` c", List.of(new Row(Map.of("n", 1L))))
                .answer("SELECT COLUMN_NAME AS c FROM information_schema.KEY_COLUMN_USAGE", List.of(new Row(Map.of("c", "id"))))
                .answer("SELECT c.`id` FROM `shop`.`items` c", List.of(new Row(Map.of("id", "11"))));

        ChangedKeyOrphans.Check check = orphans.check(target, ITEMS_ORDER);
        assertThat(check.orphans().count()).isEqualTo(1);
        assertThat(check.orphans().examples()).containsExactly(Map.of("id", "11"));
        assertThat(check.how()).startsWith("changed keys: 1 rows").endsWith("orphans found, counted by a full scan");
    }

    @Test
    void aChangedParentReferencedByOtherColumnsThanItsKeyGetsTheFullScan() {
        ChangedKeyOrphans orphans = checks(changes(Map.of("shop.products", List.of(List.of("n:3"))), Set.of()), ITEMS_SKU, ITEMS_ORDER);
        assertThat(orphans.decide(ITEMS_SKU).changedKeys()).isFalse();
        assertThat(orphans.decide(ITEMS_SKU).reason()).contains("references [sku] of shop.products, not its key [id]");
        assertThat(orphans.decide(ITEMS_ORDER).changedKeys()).as("its parent did not change").isTrue();
    }

    @Test
    void withoutAMatchingScanOrPassesEveryForeignKeyGetsTheFullScan() {
        ChangedKeys some = changes(Map.of(), Set.of());
        assertThat(ChangedKeyOrphans.of(EXECUTION, null, plan("pre-freeze", P, PLANNED), plan("post-freeze", FROZEN, PLANNED), some)
                .decide(ITEMS_ORDER).reason()).isEqualTo("no orphan scan before the freeze");
        OrphansBeforeFreeze skipped = new OrphansBeforeFreeze("m", EXECUTION, null, null, "cutover.validation.checksums is false", true, List.of());
        assertThat(ChangedKeyOrphans.of(EXECUTION, skipped, null, null, null).decide(ITEMS_ORDER).reason())
                .contains("cutover.validation.checksums is false");
        assertThat(ChangedKeyOrphans.of("exec-2", scan(ITEMS_ORDER), plan("pre-freeze", P, PLANNED), plan("post-freeze", FROZEN, PLANNED), some)
                .decide(ITEMS_ORDER).reason()).contains("another execution");
        assertThat(ChangedKeyOrphans.of(EXECUTION, scan(ITEMS_ORDER), plan("pre-freeze", P, PLANNED.plusSeconds(1)), plan("post-freeze", FROZEN, PLANNED), some)
                .decide(ITEMS_ORDER).reason()).as("a later pre-freeze plan than the one the scan followed")
                .contains("not the one the orphan scan followed");
        ChangedKeys fromElsewhere = new ChangedKeys(FROZEN, FROZEN, Map.of(), Set.of(), 0, List.of(), Map.of());
        assertThat(ChangedKeyOrphans.of(EXECUTION, scan(ITEMS_ORDER), plan("pre-freeze", P, PLANNED), plan("post-freeze", FROZEN, PLANNED), fromElsewhere)
                .decide(ITEMS_ORDER).reason()).contains("no changed keys");
        assertThat(checks(some).decide(ITEMS_ORDER).reason()).as("not in the scan's clean list").isEqualTo("not scanned clean before the freeze");
    }
}
