package io.cutover.replication;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.EndpointPair;
import io.cutover.core.ports.Replication.TaskRef;

/**
 * "3.4 Create DMS task" {@code cutover-<migrationId>} (full load + CDC) from the documents the settings step
 * stored. An existing task with the same settings is reused (a retry or redrive); one with other settings is a
 * {@link ReplicationConflictException}, never silently reused.
 */
public class CreateTaskHandler extends TaskHandler<CreateTaskHandler.Input, TaskRef> {

    public record Input(MigrationConfig config, EndpointPair endpoints, String taskSettingsKey, String tableMappingsKey) {}

    public CreateTaskHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public CreateTaskHandler(Ports ports) {
        super(Input.class, ports);
    }

    @Override
    protected TaskRef handle(Input input) {
        return new ReplicationSetup(ports).createTask(input.config(), input.endpoints(), input.taskSettingsKey(), input.tableMappingsKey());
    }
}
