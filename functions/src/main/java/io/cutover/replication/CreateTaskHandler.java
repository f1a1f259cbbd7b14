package io.cutover.replication;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.aws.DmsIds;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.handler.Inputs;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.EndpointPair;
import io.cutover.core.ports.Replication.TaskDefinition;
import io.cutover.core.ports.Replication.TaskRef;
import java.nio.charset.StandardCharsets;

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
        MigrationConfig config = input.config();
        String instance = Inputs.replicationInstanceArn(config);
        EndpointPair endpoints = Inputs.required(input.endpoints(), "$.endpoints", "the endpoint ARNs of the endpoints step");
        String settings = artifact(Inputs.required(input.taskSettingsKey(), "$.taskSettingsKey", "the settings step's key"));
        String mappings = artifact(Inputs.required(input.tableMappingsKey(), "$.tableMappingsKey", "the settings step's key"));
        return ports.replication().ensureTask(new TaskDefinition(DmsIds.taskId(config.migrationId()), instance, endpoints,
                "full-load-and-cdc", mappings, settings));
    }

    private String artifact(String key) {
        return ports.artifacts().get(key).map(b -> new String(b, StandardCharsets.UTF_8))
                .orElseThrow(() -> new ConfigurationException("artifact " + key + " is missing: run the task settings step first"));
    }
}
