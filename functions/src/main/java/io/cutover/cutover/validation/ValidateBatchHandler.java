package io.cutover.cutover.validation;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.cutover.validation.ValidationModel.BatchResult;
import io.cutover.cutover.validation.ValidationModel.Plan;
import io.cutover.cutover.validation.ValidationModel.TableResult;
import java.time.Duration;
import java.util.List;

/**
 * "5.3 Validate a batch" (the Map state's iteration): counts and checksums the batch's tables on both sides. When
 * the time budget runs out it returns {@code complete: false} with its cursor saved; call it again with the same
 * payload until complete (a Choice inside the iteration). The detail goes to {@code validation/<pass>/batch-<n>.json}.
 */
public class ValidateBatchHandler extends TaskHandler<ValidationRequest, ValidateBatchHandler.BatchSummary> {

    public record BatchSummary(String pass, int batch, boolean complete, int tables, long rowsCompared, long rowsChecksummed,
                               @NonNull List<String> mismatchedTables, @NonNull String resultKey) {}

    public ValidateBatchHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public ValidateBatchHandler(Ports ports) {
        super(ValidationRequest.class, ports);
    }

    @Override
    public BatchSummary handle(ValidationRequest input) {
        var config = input.config();
        int batch = input.requireBatch();
        ValidationStore store = new ValidationStore(ports.artifacts(), config.migrationId());
        Plan plan = store.requirePlan(input.pass());
        BatchResult previous = store.batch(plan, batch).orElse(null);
        BatchResult result;
        if (previous != null && previous.complete()) {
            result = previous;
        } else {
            try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source());
                 Database target = ports.databases().open(DatabaseRole.TARGET, config.target())) {
                result = new BatchValidator(source, target).run(plan, batch, previous, store.changes(input.pass()).orElse(null),
                        Duration.ofSeconds(input.budgetSeconds()), store::save);
            }
        }
        List<String> mismatched = result.tables().stream().filter(t -> !t.matches()).map(t -> t.schema() + "." + t.table()).toList();
        return new BatchSummary(result.pass(), batch, result.complete(), result.tables().size(),
                result.tables().stream().mapToLong(t -> t.sourceRows() == null ? 0 : t.sourceRows()).sum(),
                result.tables().stream().mapToLong(TableResult::rowsChecksummed).sum(),
                mismatched.subList(0, Math.min(20, mismatched.size())),
                ValidationKeys.batchKey(config.migrationId(), input.pass(), batch));
    }
}
