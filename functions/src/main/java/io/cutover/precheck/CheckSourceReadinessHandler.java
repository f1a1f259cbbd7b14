package io.cutover.precheck;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;

/**
 * "Check source readiness": every source-side check group (server, binlog, DMS source grants, and the schema,
 * data-type and data-content groups of the source). The full report goes to the artifacts store; the state gets
 * the summary (blockers, warnings, ids, report key, a short text).
 */
public class CheckSourceReadinessHandler extends TaskHandler<ReadinessRequest, ReadinessSummary> {
    public CheckSourceReadinessHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public CheckSourceReadinessHandler(Ports ports) {
        super(ReadinessRequest.class, ports);
    }

    @Override
    protected ReadinessSummary handle(ReadinessRequest request) {
        // Built per call, not in the constructor: nothing may touch AWS or a database during SnapStart initialisation.
        return ReadinessCheck.forLambda(ports).run(request, DatabaseRole.SOURCE);
    }
}
