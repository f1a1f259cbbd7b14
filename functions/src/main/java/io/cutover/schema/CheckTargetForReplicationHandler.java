package io.cutover.schema;

import io.cutover.core.handler.Results;
import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.schema.CheckTargetForReplicationHandler.Request;
import io.cutover.schema.CheckTargetForReplicationHandler.Result;
import java.util.List;

/**
 * "Check target before load / before CDC": nothing on the target may fire while DMS writes (no trigger, no
 * enabled event), and the foreign keys on the target are exactly those "2.6 Prepare foreign keys" kept. With
 * {@code checkOrphans} (run it while the task is stopped after the full load, before resuming for CDC), the
 * kept cascading constraints' child tables are checked for orphan rows: cascades the source performed during
 * the full load, which the target could not repeat while foreign key checks were off.
 */
public class CheckTargetForReplicationHandler extends TaskHandler<Request, Result> {

    public record Request(MigrationConfig config, String stateName, String executionName, Boolean checkOrphans) {}

    public record Result(boolean ok, int triggers, int enabledEvents, String eventScheduler, int foreignKeysOnTarget,
                         int foreignKeyProblems, long orphanRows, @NonNull List<String> blockers, @NonNull String reportKey, @NonNull String summary) {}

    public CheckTargetForReplicationHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public CheckTargetForReplicationHandler(Ports ports) {
        super(Request.class, ports);
    }

    @Override
    protected Result handle(Request request) {
        SchemaPhase.TargetCheck c = new SchemaPhase(ports).checkTargetForReplication(request.config(), Boolean.TRUE.equals(request.checkOrphans()));
        var report = c.report();
        return new Result(c.ok(), report.activity().triggers().size(), report.activity().enabledEvents().size(),
                report.activity().eventScheduler(), c.foreignKeysOnTarget(), report.foreignKeyProblems().size(), c.orphanRows(),
                Results.firstOf(report.blockers()), c.key(), c.describe());
    }
}
