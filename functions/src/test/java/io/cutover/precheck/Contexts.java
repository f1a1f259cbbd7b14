package io.cutover.precheck;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.input.InputValidator;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.json.Json;
import io.cutover.precheck.framework.CheckContext;
import io.cutover.precheck.framework.CheckResult;
import java.util.List;
import java.util.function.Consumer;

/** Configs and check contexts for the recorded-answer tests (no server). */
final class Contexts {
    private Contexts() {}

    static ObjectNode input() {
        ObjectNode input = Json.object();
        input.put("migrationId", "orders");
        input.putObject("source").put("secretId", "cutover/source");
        input.putObject("target").put("secretId", "cutover/target");
        input.set("schemas", Json.tree(List.of("shop", "billing")));
        return input;
    }

    static MigrationConfig config(Consumer<ObjectNode> change) {
        ObjectNode input = input();
        change.accept(input);
        return new InputValidator().validate(input, InputValidator.Purpose.READINESS);
    }

    static MigrationConfig config() {
        return config(i -> {});
    }

    static MigrationConfig plannedHours(int hours) {
        return config(i -> i.putObject("readiness").put("plannedMigrationHours", hours));
    }

    static CheckContext source(MigrationConfig config, Database source) {
        return new CheckContext(config, source, null);
    }

    static CheckContext both(MigrationConfig config, Database source, Database target) {
        return new CheckContext(config, source, target);
    }

    static java.util.Map<String, CheckResult> byId(List<CheckResult> results) {
        java.util.Map<String, CheckResult> map = new java.util.LinkedHashMap<>();
        for (CheckResult r : results) {
            if (map.put(r.id(), r) != null) {
                throw new AssertionError("id reported twice: " + r.id());
            }
        }
        return map;
    }
}
