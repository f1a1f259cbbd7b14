package io.cutover.cutover.validation;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import java.util.List;

/**
 * "Validate a batch" (statemachine/validation-batches.asl.json, the Map state's iteration): counts and checksums the batch's tables on both sides. When
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
        ValidationPass.Batch b = new ValidationPass(ports).validateBatch(input);
        List<String> mismatched = b.mismatchedTables();
        return new BatchSummary(b.result().pass(), b.batch(), b.result().complete(), b.result().tables().size(), b.rowsCompared(),
                b.rowsChecksummed(), mismatched.subList(0, Math.min(20, mismatched.size())), b.key());
    }
}
