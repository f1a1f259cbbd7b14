package io.cutover.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.aws.DmsIds;
import io.cutover.core.aws.RecoveryCheckpoints;
import io.cutover.core.db.BinlogPosition;
import io.cutover.core.error.ReplicationNotReadyException;
import io.cutover.core.error.ReplicationStateException;
import io.cutover.core.poll.PollDecision;
import io.cutover.core.poll.PollDecision.Outcome;
import io.cutover.core.ports.Replication.AssessmentItem;
import io.cutover.core.ports.Replication.AssessmentStatus;
import io.cutover.core.ports.Replication.ConnectionState;
import io.cutover.core.ports.Replication.ConnectionStatus;
import io.cutover.core.ports.Replication.StartMode;
import io.cutover.core.ports.Replication.TaskStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The small decisions: connection tests, assessment, task status, start vs resume, identifiers, checkpoints. */
class ReplicationDecisionsTest {

    @Test
    void connectionTestsAreDoneWhenBothSucceedAndFailWithTheMessageAndAHint() {
        PollDecision testing = ConnectionTestDecision.decide(List.of(new ConnectionStatus("src", ConnectionState.SUCCESSFUL, null),
                new ConnectionStatus("tgt", ConnectionState.TESTING, null)), 0, 60);
        assertThat(testing.outcome()).isEqualTo(Outcome.CONTINUE);
        assertThat(testing.attempt()).isEqualTo(1);
        assertThat(testing.waitSeconds()).isEqualTo(10);
        assertThat(ConnectionTestDecision.decide(List.of(new ConnectionStatus("src", ConnectionState.SUCCESSFUL, null),
                new ConnectionStatus("tgt", ConnectionState.SUCCESSFUL, null)), 4, 60).outcome()).isEqualTo(Outcome.DONE);
        PollDecision failed = ConnectionTestDecision.decide(List.of(new ConnectionStatus("src", ConnectionState.FAILED,
                "Can't connect to MySQL server on '10.0.1.5' (110) - timed out"), new ConnectionStatus("tgt", ConnectionState.SUCCESSFUL, null)), 2, 60);
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.reason()).contains("src: Can't connect").contains("security groups").contains("NAT");
        PollDecision never = ConnectionTestDecision.decide(List.of(new ConnectionStatus("src", ConnectionState.NOT_TESTED, null),
                new ConnectionStatus("tgt", ConnectionState.TESTING, null)), 2, 60);
        assertThat(never.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(never.reason()).contains("no connection test for src");
    }

    private static AssessmentStatus run(String state, AssessmentItem... items) {
        return new AssessmentStatus("arn:run", state, List.of(items));
    }

    @Test
    void failedAssessmentsBlockWithNamesAndMessagesAndWarningsAreReported() {
        assertThat(AssessmentDecision.decide(run("running"), 0, 240).decision().outcome()).isEqualTo(Outcome.CONTINUE);
        AssessmentDecision.Outcome blocked = AssessmentDecision.decide(run("failed",
                new AssessmentItem("mysql-check-binlog-format", "passed", null),
                new AssessmentItem("mysql-check-cascade-constraints", "failed", "details in s3://b/f/"),
                new AssessmentItem("unsupported-data-types-in-source", "warning", "details in s3://b/f/")), 5, 240);
        assertThat(blocked.decision().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(blocked.decision().reason()).contains("1 assessment(s) failed").contains("mysql-check-cascade-constraints (details in s3://b/f/)");
        assertThat(blocked.warnings()).extracting(AssessmentDecision.Finding::name).containsExactly("unsupported-data-types-in-source");
        AssessmentDecision.Outcome warned = AssessmentDecision.decide(run("warning",
                new AssessmentItem("mysql-check-binlog-format", "passed", null),
                new AssessmentItem("unsupported-data-types-in-source", "warning", "SET columns")), 5, 240);
        assertThat(warned.decision().outcome()).isEqualTo(Outcome.DONE);
        assertThat(warned.decision().reason()).contains("1 of 2 passed").contains("1 warning(s) to review: unsupported-data-types-in-source (SET columns)");
        assertThat(AssessmentDecision.decide(run("error-provisioning"), 3, 240).decision().reason()).contains("serviceRoleArn");
        assertThat(AssessmentDecision.decide(run("none"), 2, 240).decision().outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void taskStatusWaitsForReadyOrStopped() {
        TaskStatus creating = new TaskStatus("creating", null, null);
        assertThat(TaskStatusDecision.decide(creating, TaskStatusDecision.Awaiting.READY, 0, 120).outcome()).isEqualTo(Outcome.CONTINUE);
        assertThat(TaskStatusDecision.decide(new TaskStatus("ready", null, null), TaskStatusDecision.Awaiting.READY, 1, 120).outcome())
                .isEqualTo(Outcome.DONE);
        assertThat(TaskStatusDecision.decide(new TaskStatus("stopping", null, null), TaskStatusDecision.Awaiting.STOPPED, 1, 120).outcome())
                .isEqualTo(Outcome.CONTINUE);
        PollDecision stopped = TaskStatusDecision.decide(new TaskStatus("stopped", "Stop Reason NORMAL", null), TaskStatusDecision.Awaiting.STOPPED, 2, 120);
        assertThat(stopped.outcome()).isEqualTo(Outcome.DONE);
        assertThat(stopped.reason()).contains("Stop Reason NORMAL");
        assertThat(TaskStatusDecision.decide(new TaskStatus("ready", null, null), TaskStatusDecision.Awaiting.STOPPED, 1, 120).reason())
                .contains("never ran");
        assertThat(TaskStatusDecision.decide(creating, TaskStatusDecision.Awaiting.READY, 119, 120).outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void theStopIsPolledEverySecondAtFirstBecauseItIsInsideTheApplicationDowntime() {
        TaskStatus stopping = new TaskStatus("stopping", null, null);
        List<Integer> stopWaits = java.util.stream.IntStream.range(0, 14)
                .mapToObj(previous -> TaskStatusDecision.decide(stopping, TaskStatusDecision.Awaiting.STOPPED, previous, 120).waitSeconds()).toList();
        assertThat(stopWaits).containsExactly(1, 1, 1, 2, 2, 5, 10, 10, 10, 10, 10, 30, 30, 30);
        // the task's creation is not in the downtime: 10 s, then 30 s
        TaskStatus creating = new TaskStatus("creating", null, null);
        assertThat(TaskStatusDecision.decide(creating, TaskStatusDecision.Awaiting.READY, 0, 120).waitSeconds()).isEqualTo(10);
        assertThat(TaskStatusDecision.decide(creating, TaskStatusDecision.Awaiting.READY, 11, 120).waitSeconds()).isEqualTo(30);
    }

    @Test
    void startOnTheFirstRunResumeAfterwardsNothingWhileRunning() {
        assertThat(StartPlan.choose("ready")).contains(StartMode.START_REPLICATION);
        assertThat(StartPlan.choose("stopped")).contains(StartMode.RESUME_PROCESSING);
        assertThat(StartPlan.choose("failed")).contains(StartMode.RESUME_PROCESSING);
        assertThat(StartPlan.choose("running")).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> StartPlan.choose("creating")).isInstanceOf(ReplicationNotReadyException.class);
        assertThatThrownBy(() -> StartPlan.choose("failed-move")).isInstanceOf(ReplicationStateException.class);
    }

    @Test
    void identifiersAreDeterministicAndInDmsAlphabet() {
        assertThat(DmsIds.taskId("orders-prod")).isEqualTo("cutover-orders-prod");
        assertThat(DmsIds.assessmentRunName("orders-prod", "Exec_2026-03-01T02:00:00Z")).isEqualTo("cutover-orders-prod-exec-2026-03-01t02-00-00z");
        assertThat(DmsIds.assessmentRunName("orders-prod", "x".repeat(200))).hasSizeLessThanOrEqualTo(100).matches("[a-z0-9-]+[a-z0-9]");
        assertThat(DmsIds.resourceId("arn:aws:dms:eu-west-1:123456789012:task:ABC123")).isEqualTo("ABC123");
    }

    @Test
    void theBinlogPositionIsReadFromAMysqlCheckpoint() {
        var p = RecoveryCheckpoints.binlogPosition(
                "checkpoint:V1#27#mysql-bin-changelog.157832:1975:-1:2002:677883278264080:mysql-bin-changelog.157832:1876#0#0#*#0#93");
        assertThat(p).isEqualTo(new BinlogPosition("mysql-bin-changelog.157832", 1975));
        assertThat(RecoveryCheckpoints.binlogPosition(null)).isNull();
        assertThat(RecoveryCheckpoints.binlogPosition("something else")).isNull();
    }
}
