package io.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.schema.deferred.DeferredObject;
import io.cutover.schema.deferred.DeferredObjectReader;
import io.cutover.schema.deferred.ObjectType;
import io.cutover.schema.deferred.ViewOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewOrderTest {

    static DeferredObject view(String schema, String name, String select) {
        return new DeferredObject(ObjectType.VIEW, schema, name, "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`%` SQL SECURITY DEFINER VIEW `"
                + name + "` AS " + select, "root@%", null, "utf8mb4", "utf8mb4_general_ci", null, null, null, null, null, null);
    }

    static DeferredObject routine(ObjectType type, String name) {
        return new DeferredObject(type, "s", name, "CREATE DEFINER=`root`@`%` " + type + " `" + name + "`() BEGIN END", "root@%",
                "", "utf8mb4", "utf8mb4_general_ci", "utf8mb4_general_ci", null, null, null, null, null);
    }

    @Test
    void viewsOnViewsComeAfterWhatTheyRead() {
        List<DeferredObject> views = List.of(
                view("s", "a_top", "select `b_mid`.`x` AS `x` from `b_mid` join `s`.`c_base` on 1"),
                view("s", "b_mid", "select `c_base`.`x` AS `x` from `s`.`c_base`"),
                view("s", "c_base", "select `t`.`x` AS `x` from `s`.`t`"),
                view("other", "d_cross", "select `x` AS `x` from `s`.`a_top`"));
        List<DeferredObject> sorted = ViewOrder.sort(views);
        assertThat(sorted).extracting(DeferredObject::name).containsExactly("c_base", "b_mid", "a_top", "d_cross");
        assertThat(sorted.get(2).dependsOn()).containsExactly("s.b_mid", "s.c_base");
        assertThat(sorted.get(3).dependsOn()).containsExactly("s.a_top");
        assertThat(sorted.get(0).dependsOn()).isEmpty();
    }

    @Test
    void aCycleOfCoincidentalNamesStillGivesEveryViewOnceInAStableOrder() {
        // `b` is a column of a and `a` an alias in b: no real cycle, but the text suggests one
        List<DeferredObject> views = List.of(
                view("s", "b", "select `a`.`x` AS `x` from `s`.`t` `a`"),
                view("s", "a", "select `t`.`b` AS `b` from `s`.`t`"));
        assertThat(ViewOrder.sort(views)).extracting(DeferredObject::name).containsExactly("a", "b");
        assertThat(ViewOrder.sort(List.of(views.get(1), views.get(0)))).extracting(DeferredObject::name).containsExactly("a", "b");
    }

    @Test
    void creationOrderIsProceduresFunctionsViewsTriggersEvents() {
        DeferredObject event = new DeferredObject(ObjectType.EVENT, "s", "e", "CREATE DEFINER=`r`@`%` EVENT `e` ON SCHEDULE EVERY 1 DAY DO SELECT 1",
                "r@%", "", "utf8mb4", "utf8mb4_general_ci", "utf8mb4_general_ci", "SYSTEM", "ENABLED", null, null, null);
        DeferredObject trigger = new DeferredObject(ObjectType.TRIGGER, "s", "t", "CREATE DEFINER=`r`@`%` TRIGGER `t` BEFORE INSERT ON `x` FOR EACH ROW SET @a = 1",
                "r@%", "", "utf8mb4", "utf8mb4_general_ci", "utf8mb4_general_ci", null, null, "x", 1L, null);
        List<DeferredObject> mixed = List.of(event, trigger, view("s", "v2", "select 1 from `v1`"), routine(ObjectType.FUNCTION, "f"),
                view("s", "v1", "select 1"), routine(ObjectType.PROCEDURE, "p"));
        assertThat(DeferredObjectReader.inCreationOrder(mixed)).extracting(DeferredObject::name)
                .containsExactly("p", "f", "v1", "v2", "t", "e");
    }
}
