package io.cutover.local.testing;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.cutover.validation.PlanValidationHandler;
import io.cutover.cutover.validation.SummarizeValidationHandler;
import io.cutover.cutover.validation.ValidateBatchHandler;
import io.cutover.cutover.validation.ValidationRequest;

/** A validation pass as the state machine runs it: the plan, every batch to its end, the verdict. */
public final class ValidationPasses {
    private ValidationPasses() {}

    public static SummarizeValidationHandler.Verdict run(InMemoryPorts ports, MigrationConfig config, String pass, String execution) {
        var plan = new PlanValidationHandler(ports).handle(new ValidationRequest(config, "plan", execution, pass, null, null, null));
        for (int batch : plan.batches()) {
            ValidateBatchHandler.BatchSummary summary;
            do {
                summary = new ValidateBatchHandler(ports).handle(new ValidationRequest(config, "batch", execution, pass, batch, 600, null));
            } while (!summary.complete());
        }
        return new SummarizeValidationHandler(ports).handle(new ValidationRequest(config, "verdict", execution, pass, null, null, null));
    }
}
