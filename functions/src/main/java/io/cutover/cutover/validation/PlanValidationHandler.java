package io.cutover.cutover.validation;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.DbCredentials;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.core.catalog.BinlogPosition;
import io.cutover.cutover.validation.ValidationModel.ChangedKeys;
import io.cutover.cutover.validation.ValidationModel.Plan;
import io.cutover.cutover.validation.ValidationModel.Scope;
import io.cutover.cutover.validation.ValidationModel.TablePlan;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * "5.3 Plan the validation": compares the catalogs, plans every table (normalisation, key, scope) and splits them
 * into batches for the Map state; records the source binlog position where the pass starts. The post-freeze pass
 * builds on the pre-freeze one: it reads the binlog between the pre-freeze start and now and re-verifies only the
 * rows written there and the chunks that differed. Idempotent within an execution (the plan is reused).
 */
public class PlanValidationHandler extends TaskHandler<ValidationRequest, PlanValidationHandler.Planned> {

    /** The state's view; {@code batches} is the Map state's item list (indices into the plan's batches). */
    public record Planned(@NonNull String pass, @NonNull String planKey, @NonNull List<Integer> batches, int tables, @NonNull Map<Scope, Long> scopes,
                          int schemaDifferences, String sourcePosition, String baselinePass, Long changedRows, @NonNull String summary) {}

    public PlanValidationHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public PlanValidationHandler(Ports ports) {
        super(ValidationRequest.class, ports);
    }

    @Override
    public Planned handle(ValidationRequest input) {
        var config = input.config();
        ValidationStore store = new ValidationStore(ports.artifacts(), config.migrationId());
        var existing = store.plan(input.pass()).filter(p -> input.executionName() != null && input.executionName().equals(p.executionName()));
        if (existing.isPresent()) {
            return planned(existing.get(), store.changes(input.pass()).orElse(null));
        }
        var v = config.cutover().validation();
        ValidationPlanner planner = new ValidationPlanner(v.tablesPerBatch(), v.checksums(), v.chunkTargetMillis());
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source());
             Database target = ports.databases().open(DatabaseRole.TARGET, config.target())) {
            BinlogPosition position = BinlogPosition.read(source);
            ValidationPlanner.Baseline baseline = null;
            ChangedKeys changes = null;
            var basePlan = ValidationRequest.POST_FREEZE.equals(input.pass()) && v.checksums()
                    ? store.plan(ValidationRequest.PRE_FREEZE) : java.util.Optional.<Plan>empty();
            if (basePlan.isPresent() && basePlan.get().checksums()) {
                String secretId = config.source().secretId();
                DbCredentials credentials = DbCredentials.fromSecret(secretId, ports.secrets().secretString(secretId));
                changes = new ChangedKeysReader(credentials, config.source().tls().mode())
                        .read(basePlan.get().sourcePosition(), position, basePlan.get().tables());
                store.save(input.pass(), changes);
                baseline = new ValidationPlanner.Baseline(basePlan.get(), store.results(basePlan.get()), changes);
            }
            Plan plan = planner.plan(source, target, config.migrationId(), input.pass(), input.executionName(), config.schemas(),
                    position, baseline, ports.clock().instant());
            store.save(plan);
            return planned(plan, changes);
        }
    }

    private static Planned planned(Plan plan, ChangedKeys changes) {
        Map<Scope, Long> scopes = plan.tables().stream().collect(Collectors.groupingBy(TablePlan::scope, () -> new java.util.EnumMap<>(Scope.class), Collectors.counting()));
        Long changed = changes == null ? null : changes.keys().values().stream().mapToLong(List::size).sum();
        String summary = plan.pass() + ": " + plan.tables().size() + " tables in " + plan.batches().size() + " batches " + scopes
                + (plan.schemaDifferences().isEmpty() ? "" : "; " + plan.schemaDifferences().size() + " schema differences")
                + (changed == null ? "" : "; " + changed + " changed rows and " + changes.full().size()
                        + " tables to verify in full since " + changes.from().describe());
        return new Planned(plan.pass(), ValidationKeys.planKey(plan.migrationId(), plan.pass()),
                IntStream.range(0, plan.batches().size()).boxed().toList(), plan.tables().size(), scopes,
                plan.schemaDifferences().size(), plan.sourcePosition() == null ? null : plan.sourcePosition().describe(),
                plan.baselinePass(), changed, summary);
    }
}
