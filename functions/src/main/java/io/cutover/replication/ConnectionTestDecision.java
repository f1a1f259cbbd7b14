package io.cutover.replication;

import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Replication.ConnectionState;
import io.cutover.core.ports.Replication.ConnectionStatus;
import java.util.List;
import java.util.stream.Collectors;

/** Both endpoints tested successfully (done), one failed (failed, with DMS's message), or still testing. */
public final class ConnectionTestDecision {
    private ConnectionTestDecision() {}

    public static PollDecision decide(List<ConnectionStatus> statuses, int previousAttempt, int maxAttempts) {
        int attempt = previousAttempt + 1;
        List<ConnectionStatus> failed = statuses.stream().filter(s -> s.state() == ConnectionState.FAILED).toList();
        if (!failed.isEmpty()) {
            return PollDecision.failed(attempt, "connection test failed: " + failed.stream()
                    .map(s -> s.endpointArn() + ": " + FailureHints.explain(s.failureMessage())).collect(Collectors.joining("; ")));
        }
        if (statuses.stream().allMatch(s -> s.state() == ConnectionState.SUCCESSFUL)) {
            return PollDecision.done(attempt, "both endpoints connect from the replication instance");
        }
        List<String> untested = statuses.stream().filter(s -> s.state() == ConnectionState.NOT_TESTED)
                .map(ConnectionStatus::endpointArn).toList();
        if (!untested.isEmpty() && attempt >= 3) {
            return PollDecision.failed(attempt, "DMS has no connection test for " + String.join(", ", untested)
                    + ": the tests were not started (run the start-connection-tests step again)");
        }
        if (attempt >= maxAttempts) {
            return PollDecision.failed(attempt, "connection tests still running after " + attempt + " polls");
        }
        return PollDecision.continueAfter(attempt < 6 ? 10 : 30, attempt, "testing connections");
    }
}
