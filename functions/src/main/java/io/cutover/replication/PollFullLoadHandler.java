package io.cutover.replication;

import io.cutover.core.handler.Inputs;
import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Ports;
import io.cutover.replication.FullLoadDecision.ErroredTable;
import io.cutover.replication.FullLoadDecision.Tracker;
import io.cutover.core.ports.Replication.TaskProgress;
import io.cutover.core.ports.Replication.TaskRef;
import java.util.List;

/**
 * "4.1 Poll the full load": percent, tables loaded/loading/queued/errored, errored tables by name with their
 * error; the next interval adapts to the time left. Every table's state goes to the artifacts store when the
 * load ends (done or failed), not on every poll.
 */
public class PollFullLoadHandler extends TaskHandler<PollFullLoadHandler.Input, PollFullLoadHandler.Result> {

    /**
     * {@code tracker}: the previous poll's; {@code stopsAfterFullLoad}: from the settings step;
     * {@code cdcEndpointSwitched}: from 3.1, a previous execution already stopped the task after its load and switched
     * the target endpoint, so a running task with every table loaded replicates changes already.
     */
    public record Input(MigrationConfig config, TaskRef task, Tracker tracker, int attempt, boolean stopsAfterFullLoad,
                        boolean cdcEndpointSwitched) {}

    public record Result(@NonNull PollDecision decision, @NonNull Tracker tracker, @NonNull String status, Integer percent, int tablesLoaded,
                         int tablesLoading, int tablesQueued, int tablesErrored, @NonNull List<ErroredTable> erroredTables,
                         String tablesKey) {}

    public PollFullLoadHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public PollFullLoadHandler(Ports ports) {
        super(Input.class, ports);
    }

    @Override
    protected Result handle(Input input) {
        TaskRef task = Inputs.required(input.task(), "$.task", "the task of the create-task step");
        ReplicationPolls.FullLoad f = new ReplicationPolls(ports).fullLoad(input.config(), task, input.tracker(), input.attempt(),
                input.stopsAfterFullLoad(), input.cdcEndpointSwitched());
        TaskProgress p = f.progress();
        return new Result(f.outcome().decision(), f.outcome().tracker(), p.status(), p.fullLoadPercent(), p.tablesLoaded(),
                p.tablesLoading(), p.tablesQueued(), p.tablesErrored(), f.outcome().erroredTables(), f.tablesKey());
    }
}
