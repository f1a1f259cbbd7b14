package io.cutover.replication;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.aws.DmsIds;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.EndpointPair;
import io.cutover.core.ports.Replication.EndpointSpec;

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
        MigrationConfig config = input.config();
        MigrationConfig.Dms dms = config.dms();
        EndpointSpec spec = new EndpointSpec(
                DmsIds.endpointPrefix(config.migrationId()),
                dms.sourceEndpointArn(),
                dms.targetEndpointArn(),
                dms.sourceSecretId() != null ? dms.sourceSecretId() : config.source().secretId(),
                dms.targetSecretId() != null ? dms.targetSecretId() : config.target().secretId(),
                dms.secretsAccessRoleArn(),
                dms.tls(DatabaseRole.SOURCE),
                dms.tls(DatabaseRole.TARGET),
                config.source().serverTimezone(),
                blankToNull(input.targetInitStatements()),
                input.targetCdcInitStatements());
        return ports.replication().ensureEndpoints(spec);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
