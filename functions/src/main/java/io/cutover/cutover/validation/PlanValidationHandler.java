package io.cutover.cutover.validation;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.cutover.validation.ValidationModel.Plan;
import io.cutover.cutover.validation.ValidationModel.Scope;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * "5.1.1 Plan the validation (before the freeze)" and "5.3 Plan the validation (after the freeze)": compares the catalogs, plans every table and splits them into batches for the Map state
 * ({@link ValidationPass#plan}).
 */
public class PlanValidationHandler extends TaskHandler<ValidationRequest, PlanValidationHandler.Planned> {

    /**
     * The state's view; {@code batches} is the Map state's item list (indices into the plan's batches); {@code verified}:
     * the plan step validated every batch itself (a few changed rows after the freeze), the batches' step can be skipped.
     */
    public record Planned(@NonNull String pass, @NonNull String planKey, @NonNull List<Integer> batches, int tables, @NonNull Map<Scope, Long> scopes,
                          int schemaDifferences, String sourcePosition, String baselinePass, Long changedRows, boolean verified,
                          @NonNull String summary) {}

    public PlanValidationHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public PlanValidationHandler(Ports ports) {
        super(ValidationRequest.class, ports);
    }

    @Override
    public Planned handle(ValidationRequest input) {
        ValidationPass.Planned p = new ValidationPass(ports).plan(input);
        Plan plan = p.plan();
        return new Planned(plan.pass(), p.key(), IntStream.range(0, plan.batches().size()).boxed().toList(), plan.tables().size(),
                p.scopes(), plan.schemaDifferences().size(), plan.sourcePosition() == null ? null : plan.sourcePosition().describe(),
                plan.baselinePass(), p.changedRows(), p.verified(), p.describe());
    }
}
