package io.cutover.cutover.validation;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import java.util.List;

/**
 * "5.1.4 Summarize the validation (before the freeze)" and "5.3 Summarize the validation (after the freeze)":
 * gathers the pass's batch results into {@code validation/<pass>/report.json} and returns
 * a small verdict for the Choice state ({@code ok}) and the approval's evidence. The tables matched and mismatched
 * are published as metrics ({@code ValidationTablesMatched}, {@code ValidationTablesMismatched}, dimension
 * MigrationId) for the dashboard.
 */
public class SummarizeValidationHandler extends TaskHandler<ValidationRequest, SummarizeValidationHandler.Verdict> {

    /**
     * {@code rowsRead}: rows counted plus rows checksummed on each side (after the freeze: the rows read during the
     * freeze); {@code rowsChanged}: rows written since the pre-freeze pass started, as the binlog showed (null without one).
     */
    public record Verdict(@NonNull String pass, boolean ok, int tables, int mismatchedTables, @NonNull List<String> mismatches, long rowsCounted,
                          long rowsChecksummed, long rowsRead, Long rowsChanged, int schemaDifferences, int incompleteBatches, double seconds,
                          @NonNull String reportKey, @NonNull String summary) {}

    public SummarizeValidationHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public SummarizeValidationHandler(Ports ports) {
        super(ValidationRequest.class, ports);
    }

    @Override
    public Verdict handle(ValidationRequest input) {
        ValidationPass.Verdict v = new ValidationPass(ports).summarize(input);
        ValidationReport report = v.report();
        List<String> names = v.mismatchedTables();
        return new Verdict(report.pass(), report.ok(), report.tables(), names.size(), names.subList(0, Math.min(20, names.size())),
                report.rowsCounted(), report.rowsChecksummed(), v.rowsRead(), v.rowsChanged(), report.schemaDifferences().size(),
                report.incompleteBatches().size(),
                report.seconds(), v.key(), report.summary());
    }
}
