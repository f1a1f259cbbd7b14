package io.cutover.replication;

import io.cutover.core.poll.PollDecision;
import io.cutover.core.ports.Replication.AssessmentItem;
import io.cutover.core.ports.Replication.AssessmentStatus;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The pre-migration assessment (runbook 3.5): FAILED (and ERROR) items block with their names and messages,
 * WARNING items are reported and let the migration go on, a run DMS could not execute fails.
 */
public final class AssessmentDecision {
    private static final Set<String> RUNNING = Set.of("starting", "provisioning", "running", "pending");
    private static final Set<String> BROKEN = Set.of("error-provisioning", "error-executing", "cancelling", "cancelled",
            "deleting", "invalid state");

    public record Finding(String name, String status, String message) {}

    public record Outcome(PollDecision decision, List<Finding> blocking, List<Finding> warnings, int passed, int total) {}

    private AssessmentDecision() {}

    public static Outcome decide(AssessmentStatus s, int previousAttempt, int maxAttempts) {
        int attempt = previousAttempt + 1;
        List<Finding> blocking = findings(s.items(), Set.of("failed", "error"));
        List<Finding> warnings = findings(s.items(), Set.of("warning"));
        int passed = (int) s.items().stream().filter(i -> "passed".equals(i.status())).count();
        int total = s.items().size();
        PollDecision decision;
        if ("none".equals(s.state()) || s.state() == null) {
            decision = attempt >= 3 ? PollDecision.failed(attempt, "DMS has no assessment run for the task: it was not started")
                    : PollDecision.continueAfter(10, attempt, "waiting for the assessment run to appear");
        } else if (RUNNING.contains(s.state())) {
            decision = attempt >= maxAttempts
                    ? PollDecision.failed(attempt, "the assessment is still " + s.state() + " after " + attempt + " polls")
                    : PollDecision.continueAfter(attempt < 10 ? 30 : 60, attempt, "assessment " + s.state());
        } else if (BROKEN.contains(s.state())) {
            decision = PollDecision.failed(attempt, "DMS could not run the assessment (" + s.state() + "): check that "
                    + "config.dms.assessment.serviceRoleArn may write to the results bucket");
        } else if (!blocking.isEmpty()) {
            decision = PollDecision.failed(attempt, blocking.size() + " assessment(s) failed and must be fixed before the "
                    + "migration: " + describe(blocking));
        } else {
            decision = PollDecision.done(attempt, "assessment " + s.state() + ": " + passed + " of " + total + " passed"
                    + (warnings.isEmpty() ? "" : ", " + warnings.size() + " warning(s) to review: " + describe(warnings)));
        }
        return new Outcome(decision, blocking, warnings, passed, total);
    }

    private static List<Finding> findings(List<AssessmentItem> items, Set<String> statuses) {
        return items.stream().filter(i -> statuses.contains(i.status()))
                .map(i -> new Finding(i.name(), i.status(), i.message())).toList();
    }

    private static String describe(List<Finding> findings) {
        return findings.stream().limit(10).map(f -> f.name() + (f.message() == null ? "" : " (" + f.message() + ")"))
                .collect(Collectors.joining("; ")) + (findings.size() > 10 ? "; and " + (findings.size() - 10) + " more" : "");
    }
}
