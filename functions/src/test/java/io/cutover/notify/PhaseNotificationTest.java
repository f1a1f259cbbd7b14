package io.cutover.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.json.Json;
import io.cutover.core.ports.Notification;
import org.junit.jupiter.api.Test;

class PhaseNotificationTest {
    @Test
    void saysWhichMigrationWhatHappenedAndWhatHappensNext() {
        Notification n = PhaseNotification.of("orders-prod", "exec-7", PhaseEvent.ROLLED_BACK, "validation found 2 mismatching tables",
                Json.parse("{\"Error\":\"io.cutover.core.error.DatabaseException\",\"Cause\":\"{\\\"errorType\\\":\\\"io.cutover.core.error.DatabaseException\\\","
                        + "\\\"errorMessage\\\":\\\"target: query failed\\\",\\\"stackTrace\\\":[\\\"a.b(C.java:1)\\\"]}\"}"),
                "migrations/orders-prod/");
        assertThat(n.event()).isEqualTo("ROLLED_BACK");
        assertThat(n.subject()).isEqualTo("Cutover orders-prod: rolled back");
        assertThat(n.body())
                .contains("Migration: orders-prod")
                .contains("Execution: exec-7")
                .contains("What happens next: The source's previous write state was restored")
                .contains("validation found 2 mismatching tables")
                .contains("Cause: target: query failed (io.cutover.core.error.DatabaseException)")
                .doesNotContain("stackTrace")
                .contains("migrations/orders-prod/");
    }

    @Test
    void aRollbackFailureIsLoud() {
        Notification n = PhaseNotification.of("m", null, PhaseEvent.ROLLBACK_FAILED, null, null, null);
        assertThat(n.subject()).contains("ROLLBACK FAILED");
        assertThat(n.body()).contains("may still be read-only").doesNotContain("Execution:");
    }

    @Test
    void aFailureSaysToStartANewExecutionNotToRedriveOne() {
        // a caught failure ends in a Fail state after this message: a redrive restarts there and fails again
        Notification n = PhaseNotification.of("orders-prod", "orders-prod-1", PhaseEvent.FAILED, "stopped before the write freeze",
                null, null);
        assertThat(n.subject()).isEqualTo("Cutover orders-prod: failed");
        assertThat(n.body())
                .contains("start a NEW execution with the same input and a new name")
                .contains("a redrive would only fail again")
                .contains("After the application switch: start none")
                .doesNotContain("redrive the execution");
    }

    @Test
    void aPlainCauseIsShownAsItIs() {
        assertThat(PhaseNotification.describeCause("States.Timeout after 3600 s")).isEqualTo("States.Timeout after 3600 s");
    }
}
