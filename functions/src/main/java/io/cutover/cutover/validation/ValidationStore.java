package io.cutover.cutover.validation;

import io.cutover.core.ports.Artifacts;
import io.cutover.cutover.validation.ValidationModel.BatchResult;
import io.cutover.cutover.validation.ValidationModel.ChangedKeys;
import io.cutover.cutover.validation.ValidationModel.Plan;
import io.cutover.cutover.validation.ValidationModel.TableResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A pass's documents in the artifacts store. A batch result of another plan belongs to an earlier run. */
final class ValidationStore {
    private final Artifacts artifacts;
    private final String migrationId;

    ValidationStore(Artifacts artifacts, String migrationId) {
        this.artifacts = artifacts;
        this.migrationId = migrationId;
    }

    Optional<Plan> plan(String pass) {
        return artifacts.getJson(ValidationKeys.planKey(migrationId, pass), Plan.class);
    }

    Plan requirePlan(String pass) {
        return plan(pass).orElseThrow(() -> new io.cutover.core.error.SafetyCheckFailedException(
                "no validation plan for pass '" + pass + "' of " + migrationId + ": run the plan step first"));
    }

    String save(Plan plan) {
        String key = ValidationKeys.planKey(migrationId, plan.pass());
        artifacts.putJson(key, plan);
        return key;
    }

    Optional<BatchResult> batch(Plan plan, int batch) {
        return artifacts.getJson(ValidationKeys.batchKey(migrationId, plan.pass(), batch), BatchResult.class)
                .filter(b -> plan.createdAt().equals(b.planCreatedAt()));
    }

    void save(BatchResult batch) {
        artifacts.putJson(ValidationKeys.batchKey(migrationId, batch.pass(), batch.batch()), batch);
    }

    Optional<ChangedKeys> changes(String pass) {
        return artifacts.getJson(ValidationKeys.changesKey(migrationId, pass), ChangedKeys.class);
    }

    void save(String pass, ChangedKeys changes) {
        artifacts.putJson(ValidationKeys.changesKey(migrationId, pass), changes);
    }

    Optional<ValidationModel.WriteCounters> writeCounters(String pass) {
        return artifacts.getJson(ValidationKeys.writeCountersKey(migrationId, pass), ValidationModel.WriteCounters.class);
    }

    void save(String pass, ValidationModel.WriteCounters counters) {
        artifacts.putJson(ValidationKeys.writeCountersKey(migrationId, pass), counters);
    }

    Optional<ValidationModel.BaselineMarker> baselineMarker(String pass) {
        return artifacts.getJson(ValidationKeys.baselineMarkerKey(migrationId, pass), ValidationModel.BaselineMarker.class);
    }

    void save(String pass, ValidationModel.BaselineMarker marker) {
        artifacts.putJson(ValidationKeys.baselineMarkerKey(migrationId, pass), marker);
    }

    Optional<ValidationModel.WritesInFlightAtFreeze> inFlightAtFreeze() {
        return artifacts.getJson(ValidationKeys.inFlightAtFreezeKey(migrationId), ValidationModel.WritesInFlightAtFreeze.class);
    }

    /** Every finished table result of a pass, by {@code schema.table}. */
    Map<String, TableResult> results(Plan plan) {
        Map<String, TableResult> all = new LinkedHashMap<>();
        for (int i = 0; i < plan.batches().size(); i++) {
            batch(plan, i).ifPresent(b -> b.tables().forEach(t -> all.put(t.schema() + "." + t.table(), t)));
        }
        return all;
    }
}
