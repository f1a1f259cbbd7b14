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

    @Test
    void readyToSwitchStatesTheApplicationDowntimeFromTheFreeze() {
        java.util.List<Notification> sent = new java.util.ArrayList<>();
        java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-12-07T10:00:07.250Z"), java.time.ZoneOffset.UTC);
        Notification n = PhaseNotification.publish(sent::add, clock, "orders-prod", "e1", PhaseEvent.READY_TO_SWITCH, "Snapshot s is available.",
                null, "2026-12-07T10:00:04.000Z");
        assertThat(sent).containsExactly(n);
        assertThat(n.body()).contains("Snapshot s is available.")
                .contains("Application downtime so far: 3.3 s (the source has refused application writes since 2026-12-07T10:00:04Z");
        assertThat(PhaseNotification.publish(sent::add, clock, "m", null, PhaseEvent.READY_TO_SWITCH, "x", null, null).body())
                .as("no freeze time given: no downtime line").doesNotContain("downtime");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PhaseNotification.publish(sent::add, clock, "m", null, PhaseEvent.READY_TO_SWITCH,
                "x", null, "yesterday")).hasMessageContaining("frozenAt").hasMessageContaining("yesterday");
    }
}
