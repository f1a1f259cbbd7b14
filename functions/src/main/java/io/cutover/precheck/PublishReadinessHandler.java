package io.cutover.precheck;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;

/**
 * "Publish readiness": combines the source and target results of a readiness run, publishes the blocker and
 * warning counts (CloudWatch EMF), and notifies (SNS) when the set of blockers changed since the last run.
 */
public class PublishReadinessHandler extends TaskHandler<PublishReadinessRequest, PublishedReadiness> {

    public PublishReadinessHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public PublishReadinessHandler(Ports ports) {
        super(PublishReadinessRequest.class, ports);
    }

    @Override
    protected PublishedReadiness handle(PublishReadinessRequest request) {
        return new ReadinessPublisher(ports).publish(request);
    }
}
