package io.cutover.precheck;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;

/**
 * "Check target readiness": the target check groups and the source-vs-target comparisons (it opens the source
 * too). The full report goes to the artifacts store; the state gets the summary.
 */
public class CheckTargetReadinessHandler extends TaskHandler<ReadinessRequest, ReadinessSummary> {
    public CheckTargetReadinessHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public CheckTargetReadinessHandler(Ports ports) {
        super(ReadinessRequest.class, ports);
    }

    @Override
    protected ReadinessSummary handle(ReadinessRequest request) {
        // Built per call, not in the constructor: nothing may touch AWS or a database during SnapStart initialisation.
        return ReadinessCheck.forLambda(ports).run(request, DatabaseRole.TARGET);
    }
}
