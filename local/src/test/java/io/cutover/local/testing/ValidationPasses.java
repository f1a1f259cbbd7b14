package io.cutover.local.testing;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.cutover.validation.PlanValidationHandler;
import io.cutover.cutover.validation.SummarizeValidationHandler;
import io.cutover.cutover.validation.ValidateBatchHandler;
import io.cutover.cutover.validation.ValidationRequest;

/**
 * A validation pass as the state machine runs it: the plan, every batch to its end unless the plan step validated them
 * itself ("5.3 Batches left to validate (after the freeze)?"), the verdict.
 */
public final class ValidationPasses {
    private ValidationPasses() {}

    /** The plan step's answer (its {@code verified}: it compared the rows itself) and the verdict. */
    public record Ran(PlanValidationHandler.Planned plan, SummarizeValidationHandler.Verdict verdict) {}

    public static Ran run(InMemoryPorts ports, MigrationConfig config, String pass, String execution) {
        var plan = new PlanValidationHandler(ports).handle(new ValidationRequest(config, "plan", execution, pass, null, null, null));
        for (int batch : plan.verified() ? java.util.List.<Integer>of() : plan.batches()) {
            ValidateBatchHandler.BatchSummary summary;
            do {
                summary = new ValidateBatchHandler(ports).handle(new ValidationRequest(config, "batch", execution, pass, batch, 600, null));
            } while (!summary.complete());
        }
        return new Ran(plan, new SummarizeValidationHandler(ports).handle(new ValidationRequest(config, "verdict", execution, pass, null, null, null)));
    }
}
