package io.cutover.precheck;

import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.Artifacts;
import io.cutover.core.ports.Ports;
import io.cutover.precheck.framework.CheckGroup;
import java.util.List;

/**
 * One side's readiness run as a Lambda does it: run the groups, store the full report as a JSON artifact, return
 * the small summary the state carries. The report key is derived from the execution name, so a retry or a
 * redrive overwrites the same artifact.
 */
public final class ReadinessCheck {
    private final Ports ports;
    private final List<CheckGroup> groups;
    private final ReadinessRunner.Limits limits;

    public ReadinessCheck(Ports ports, List<CheckGroup> groups, ReadinessRunner.Limits limits) {
        this.ports = ports;
        this.groups = groups;
        this.limits = limits;
    }

    /** With every group ({@link ReadinessGroups#all}) and the Lambda's limits. */
    public static ReadinessCheck forLambda(Ports ports) {
        return new ReadinessCheck(ports, ReadinessGroups.all(ports), ReadinessRunner.Limits.LAMBDA);
    }

    public ReadinessSummary run(ReadinessRequest request, DatabaseRole lambda) {
        var config = request.config();
        ReadinessReport report = new ReadinessRunner(ports.databases(), ports.clock(), limits).run(config, lambda, groups);
        String key = reportKey(config.migrationId(), request.executionName(), lambda);
        ports.artifacts().putJson(key, report);
        return ReadinessSummary.of(report, key);
    }

    /** {@code migrations/<id>/readiness/runs/<execution>/<side>.json}. */
    public static String reportKey(String migrationId, String executionName, DatabaseRole side) {
        return Artifacts.key(migrationId, "readiness", "runs", runName(executionName), side.label() + ".json");
    }

    /** The execution name as a key part (Step Functions names are [A-Za-z0-9_-]); "adhoc" outside an execution. */
    static String runName(String executionName) {
        if (executionName == null || executionName.isBlank()) {
            return "adhoc";
        }
        return executionName.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
