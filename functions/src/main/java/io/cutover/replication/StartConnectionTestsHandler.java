package io.cutover.replication;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.EndpointPair;

/** "3.1 Start connection tests": starts a test of both endpoints from the replication instance (not while one runs). */
public class StartConnectionTestsHandler extends TaskHandler<StartConnectionTestsHandler.Input, StartConnectionTestsHandler.Result> {

    public record Input(MigrationConfig config, EndpointPair endpoints) {}

    public record Result(String replicationInstanceArn, boolean started) {}

    public StartConnectionTestsHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public StartConnectionTestsHandler(Ports ports) {
        super(Input.class, ports);
    }

    @Override
    protected Result handle(Input input) {
        return new Result(new ReplicationSetup(ports).startConnectionTests(input.config(), input.endpoints()), true);
    }
}
