package io.cutover.replication;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication.ConnectionStatus;
import io.cutover.core.ports.Replication.EndpointPair;
import java.util.List;

/** Polls the connection tests: done when both succeeded, failed with DMS's message when one failed. */
public class PollConnectionTestsHandler extends TaskHandler<PollConnectionTestsHandler.Input, PollConnectionTestsHandler.Result> {

    /** {@code attempt}: the previous poll's attempt (0 or absent on the first poll). */
    public record Input(MigrationConfig config, EndpointPair endpoints, int attempt) {}

    public record Result(@NonNull PollDecision decision, @NonNull List<ConnectionStatus> connections) {}

    public PollConnectionTestsHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public PollConnectionTestsHandler(Ports ports) {
        super(Input.class, ports);
    }

    @Override
    protected Result handle(Input input) {
        ReplicationPolls.ConnectionTests t = new ReplicationPolls(ports).connectionTests(input.config(), input.endpoints(), input.attempt());
        return new Result(t.decision(), t.statuses());
    }
}
