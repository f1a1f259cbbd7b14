package io.cutover.cutover.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.json.Json;
import io.cutover.core.ports.CutoverMetrics;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.core.ports.memory.RecordingMetrics;
import io.cutover.cutover.validation.ValidationModel.BatchResult;
import io.cutover.cutover.validation.ValidationModel.Plan;
import io.cutover.cutover.validation.ValidationModel.Scope;
import io.cutover.cutover.validation.ValidationModel.TableResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pass's verdict from stored batch results, and the validation metrics the dashboard graphs. */
class SummarizeValidationTest {
    private static final Instant PLANNED = Instant.parse("2026-11-24T02:00:00Z");

    private final MemoryArtifacts artifacts = new MemoryArtifacts();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final InMemoryPorts ports = InMemoryPorts.builder().artifacts(artifacts).metrics(metrics).build();
    private final MigrationConfig config = Json.convert(Json.parse("""
            {"migrationId": "orders-prod", "source": {"secretId": "cutover/source"}, "target": {"secretId": "cutover/target"},
             "schemas": ["shop"]}"""), MigrationConfig.class);

    private static TableResult table(String name, long source, long target) {
        return new TableResult("shop", name, Scope.FULL, "PRIMARY", source, target, List.of(), 1, source, List.of(), 0, List.of(),
                List.of(), 0.1);
    }

    private void store(String pass, List<TableResult> tables) {
        ValidationStore store = new ValidationStore(artifacts, config.migrationId());
        store.save(new Plan(config.migrationId(), pass, "exec-1", PLANNED, null, null, true, 500, List.of(), List.of(List.of(0)),
                List.of(), List.of()));
        store.save(new BatchResult(pass, 0, PLANNED, true, null, tables, PLANNED, PLANNED, 0.3));
    }

    private SummarizeValidationHandler.Verdict summarize(String pass) {
        return new SummarizeValidationHandler(ports).handle(new ValidationRequest(config, "5.3 Summarize", "exec-1", pass, null, null, null));
    }

    @Test
    void publishesTheTablesMatchedAndMismatchedOfThePassUnderTheMigrationId() {
        store("post-freeze", List.of(table("orders", 10, 10), table("customers", 5, 5), table("items", 7, 6)));
        SummarizeValidationHandler.Verdict verdict = summarize("post-freeze");

        assertThat(verdict.ok()).isFalse();
        assertThat(verdict.mismatches()).containsExactly("shop.items");
        assertThat(metrics.published()).singleElement().satisfies(m -> {
            assertThat(m.dimensions()).isEqualTo(Map.of(CutoverMetrics.DIMENSION, "orders-prod"));
            assertThat(m.values()).isEqualTo(Map.of(CutoverMetrics.VALIDATION_TABLES_MATCHED, 2.0,
                    CutoverMetrics.VALIDATION_TABLES_MISMATCHED, 1.0));
        });
    }

    @Test
    void aCleanPassPublishesZeroMismatches() {
        store("pre-freeze", List.of(table("orders", 10, 10)));
        assertThat(summarize("pre-freeze").ok()).isTrue();
        assertThat(metrics.published()).singleElement().satisfies(m -> assertThat(m.values())
                .containsEntry("ValidationTablesMatched", 1.0).containsEntry("ValidationTablesMismatched", 0.0));
    }
}
