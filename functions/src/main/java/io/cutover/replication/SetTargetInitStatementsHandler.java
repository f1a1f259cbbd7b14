package io.cutover.replication;

import io.cutover.core.aws.DmsIds;
import io.cutover.core.ports.Replication;
import io.cutover.core.error.ReplicationNotReadyException;
import io.cutover.core.error.ReplicationStateException;
import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.EndpointPair;
import io.cutover.core.ports.Replication.TaskRef;
import java.util.Set;

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
    static final Set<String> QUIET = Set.of("ready", "stopped", "failed");

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
        EndpointPair endpoints = ReplicationInputs.required(input.endpoints(), "$.endpoints", "the endpoint ARNs of the endpoints step");
        String target = ReplicationInputs.required(endpoints.targetEndpointArn(), "$.endpoints.targetEndpointArn", "the target endpoint");
        if (input.task() != null) {
            String status = ports.replication().status(input.task()).status();
            if (Replication.PASSING_STATES.contains(status)) {
                throw new ReplicationNotReadyException("the DMS task is " + status + ": the target endpoint is switched once it has stopped");
            }
            if (!QUIET.contains(status)) {
                throw new ReplicationStateException("the DMS task is " + status + ": its open target sessions would keep the old init "
                        + "statements; stop it first (the foreign-key policy stops it after the full load)");
            }
        }
        String statements = input.initStatements() == null || input.initStatements().isBlank() ? null : input.initStatements().strip();
        ports.replication().setTargetInitStatements(target, statements);
        return new Result(target, statements, "target endpoint " + DmsIds.resourceId(target) + ": new sessions run "
                + (statements == null ? "no init statement (foreign key checks on, cascades act on the target)" : statements));
    }
}
