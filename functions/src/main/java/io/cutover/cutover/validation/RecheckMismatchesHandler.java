package io.cutover.cutover.validation;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Ports;
import io.cutover.cutover.validation.ValidationModel.BatchResult;
import io.cutover.cutover.validation.ValidationModel.Plan;
import io.cutover.cutover.validation.ValidationModel.TableResult;
import java.util.ArrayList;
import java.util.List;

/**
 * "5.3 Recheck differences after the lag window" (pre-freeze, a poll): while CDC runs, a chunk can differ only
 * because its latest changes are still in flight. Each call re-verifies what differed (counts, chunks, narrowed to
 * rows); DONE when nothing differs any more, CONTINUE (wait the lag window: twice {@code cutover.maxLagSeconds},
 * at least 5 s) while differences remain, FAILED with the tables after {@link #MAX_ROUNDS} rounds: those differences
 * are real or the rows are hot; the post-freeze pass verifies them again either way.
 */
public class RecheckMismatchesHandler extends TaskHandler<ValidationRequest, PollDecision> {
    public static final int MAX_ROUNDS = 3;

    public RecheckMismatchesHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public RecheckMismatchesHandler(Ports ports) {
        super(ValidationRequest.class, ports);
    }

    @Override
    public PollDecision handle(ValidationRequest input) {
        var config = input.config();
        int attempt = input.poll() == null ? 1 : input.poll().attempt() + 1;
        ValidationStore store = new ValidationStore(ports.artifacts(), config.migrationId());
        Plan plan = store.requirePlan(input.pass());
        List<String> differing = new ArrayList<>();
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source());
             Database target = ports.databases().open(DatabaseRole.TARGET, config.target())) {
            BatchValidator validator = new BatchValidator(source, target);
            for (int i = 0; i < plan.batches().size(); i++) {
                BatchResult batch = store.batch(plan, i).orElse(null);
                if (batch == null || batch.tables().stream().allMatch(TableResult::matches)) {
                    continue;
                }
                BatchResult rechecked = validator.recheck(plan, batch);
                store.save(rechecked);
                rechecked.tables().stream().filter(t -> !t.matches()).forEach(t -> differing.add(t.schema() + "." + t.table()));
            }
        }
        if (differing.isEmpty()) {
            return PollDecision.done(attempt, "no differences left after " + attempt + " recheck(s)");
        }
        String which = String.join(", ", differing.subList(0, Math.min(10, differing.size())));
        if (attempt >= MAX_ROUNDS) {
            return PollDecision.failed(attempt, differing.size() + " table(s) still differ after " + attempt + " rechecks: " + which);
        }
        int lagWindow = Math.max(5, 2 * config.cutover().maxLagSeconds());
        return PollDecision.continueAfter(lagWindow, attempt, differing.size() + " table(s) differ, rechecking after the lag window: " + which);
    }
}
