package io.cutover.replication;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.EndpointPair;

/**
 * "3.1 Create or check DMS endpoints": uses the endpoint ARNs of the input as they are (after checking them), or creates
 * {@code cutover-<migrationId>-source} / {@code -target} reading credentials from Secrets Manager through the
 * access role (never a password), with the SSL mode, the source's ServerTimezone and the target's init
 * statements ({@code targetInitStatements}, e.g. what the foreign-key policy of the schema phase requires).
 */
public class EnsureEndpointsHandler extends TaskHandler<EnsureEndpointsHandler.Input, EndpointPair> {

    /**
     * {@code targetInitStatements}: optional SQL DMS runs on each target connection (MySQL AfterConnectScript) during
     * the full load; {@code targetCdcInitStatements}: what step 4.4 switches it to for CDC ("" = none; absent: no
     * switch), accepted on an endpoint a previous execution already switched.
     */
    public record Input(MigrationConfig config, String targetInitStatements, String targetCdcInitStatements) {}

    public EnsureEndpointsHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public EnsureEndpointsHandler(Ports ports) {
        super(Input.class, ports);
    }

    @Override
    protected EndpointPair handle(Input input) {
        return new ReplicationSetup(ports).ensureEndpoints(input.config(), input.targetInitStatements(), input.targetCdcInitStatements());
    }
}
