package io.cutover.replication;

import io.cutover.core.handler.Inputs;
import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.EndpointPair;
import io.cutover.core.ports.Replication.TaskRef;

/**
 * "4.4 Switch the target endpoint to the CDC init statements": when "2.6 Prepare foreign keys" keeps cascading
 * constraints on the target, the full load runs with {@code SET FOREIGN_KEY_CHECKS=0} and CDC must run with the
 * checks on (so the target repeats the cascades the source's binlog does not carry). The task stops after the
 * full load and its cached changes; this step sets the CDC statements ({@code initStatements}, blank = none)
 * before the task is resumed. DMS sessions open the statements when they connect, so the step refuses while the
 * task runs: a running task would keep its sessions and the old statements. Idempotent.
 */
public class SetTargetInitStatementsHandler extends TaskHandler<SetTargetInitStatementsHandler.Input, SetTargetInitStatementsHandler.Result> {
    /** Task states in which no target session is open and none is about to open. */
    /** {@code task}: when given, the switch waits for it to be stopped (or refuses if it runs). */
    public record Input(MigrationConfig config, EndpointPair endpoints, String initStatements, TaskRef task) {}

    public record Result(@NonNull String targetEndpointArn, String initStatements, @NonNull String summary) {}

    public SetTargetInitStatementsHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public SetTargetInitStatementsHandler(Ports ports) {
        super(Input.class, ports);
    }

    @Override
    protected Result handle(Input input) {
        EndpointPair endpoints = Inputs.required(input.endpoints(), "$.endpoints", "the endpoint ARNs of the endpoints step");
        String target = Inputs.required(endpoints.targetEndpointArn(), "$.endpoints.targetEndpointArn", "the target endpoint");
        ReplicationSetup.InitStatements s = new ReplicationSetup(ports).setTargetInitStatements(target, input.initStatements(), input.task());
        return new Result(s.targetEndpointArn(), s.statements(), s.describe());
    }
}
