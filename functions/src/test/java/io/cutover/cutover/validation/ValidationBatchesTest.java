package io.cutover.cutover.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.cutover.validation.ValidationModel.Scope;
import io.cutover.cutover.validation.ValidationModel.TablePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How a pass splits its tables into batches: at most tablesPerBatch each, at most 40 batches (the child's history). */
class ValidationBatchesTest {

    private static List<TablePlan> tables(int n) {
        List<TablePlan> tables = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tables.add(new TablePlan(i, "app", "t" + i, "PRIMARY", "PRIMARY", List.of("id"), List.of(), List.of(), 1_000L * (i % 7 + 1),
                    Scope.FULL, List.of(), List.of()));
        }
        return tables;
    }

    @Test
    void tablesPerBatchIsKeptWhileItMakesFortyBatchesOrFewer() {
        List<List<Integer>> batches = ValidationPlanner.batches(tables(100), 25);
        assertThat(batches).hasSize(4).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(25));
    }

    @Test
    void theMostTablesInOneTablePerBatchShareFortyBatches() {
        List<List<Integer>> batches = ValidationPlanner.batches(tables(10_000), 1);
        assertThat(batches).hasSize(ValidationPlanner.MAX_BATCHES);
        assertThat(batches.stream().flatMap(List::stream).sorted().toList())
                .as("every table in exactly one batch").isEqualTo(IntStream.range(0, 10_000).boxed().toList());
        assertThat(batches).allSatisfy(b -> assertThat(b).hasSize(250));
    }
}
