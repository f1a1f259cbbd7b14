package io.cutover.cutover.validation;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.CutoverMetrics;
import io.cutover.core.ports.Ports;
import io.cutover.cutover.validation.ValidationModel.BatchResult;
import io.cutover.cutover.validation.ValidationModel.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * "5.3 Validation verdict": gathers the pass's batch results into {@code validation/<pass>/report.json} and returns
 * a small verdict for the Choice state ({@code ok}) and the approval's evidence. The tables matched and mismatched
 * are published as metrics ({@code ValidationTablesMatched}, {@code ValidationTablesMismatched}, dimension
 * MigrationId) for the dashboard.
 */
public class SummarizeValidationHandler extends TaskHandler<ValidationRequest, SummarizeValidationHandler.Verdict> {

    public record Verdict(@NonNull String pass, boolean ok, int tables, int mismatchedTables, @NonNull List<String> mismatches, long rowsCounted,
                          long rowsChecksummed, int schemaDifferences, int incompleteBatches, double seconds, @NonNull String reportKey,
                          @NonNull String summary) {}

    public SummarizeValidationHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public SummarizeValidationHandler(Ports ports) {
        super(ValidationRequest.class, ports);
    }

    @Override
    public Verdict handle(ValidationRequest input) {
        var config = input.config();
        ValidationStore store = new ValidationStore(ports.artifacts(), config.migrationId());
        Plan plan = store.requirePlan(input.pass());
        List<BatchResult> batches = new ArrayList<>();
        for (int i = 0; i < plan.batches().size(); i++) {
            batches.add(store.batch(plan, i).orElse(null));
        }
        ValidationReport report = ValidationReport.of(plan, batches, ports.clock().instant());
        String key = ValidationKeys.reportKey(config.migrationId(), input.pass());
        ports.artifacts().putJson(key, report);
        List<String> names = report.mismatches().stream().map(ValidationReport.TableMismatch::table).toList();
        ports.metrics().publish(CutoverMetrics.dimensions(config.migrationId()), Map.of(
                CutoverMetrics.VALIDATION_TABLES_MATCHED, (double) report.tablesMatching(),
                CutoverMetrics.VALIDATION_TABLES_MISMATCHED, (double) names.size()));
        return new Verdict(report.pass(), report.ok(), report.tables(), names.size(), names.subList(0, Math.min(20, names.size())),
                report.rowsCounted(), report.rowsChecksummed(), report.schemaDifferences().size(), report.incompleteBatches().size(),
                report.seconds(), key, report.summary());
    }
}
