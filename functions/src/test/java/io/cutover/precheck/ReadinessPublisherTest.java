package io.cutover.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.ports.Notification;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryArtifacts;
import io.cutover.core.ports.memory.MemoryNotifier;
import io.cutover.core.ports.memory.RecordingMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Combining both sides, metrics per run, and notifications only when the set of blockers changes. */
class ReadinessPublisherTest {
    private final MemoryArtifacts artifacts = new MemoryArtifacts();
    private final MemoryNotifier notifier = new MemoryNotifier();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final ReadinessPublisher publisher = new ReadinessPublisher(
            InMemoryPorts.builder().artifacts(artifacts).notifier(notifier).metrics(metrics).build());
    private final MigrationConfig config = Contexts.config();

    private static ReadinessSummary summary(String side, List<String> blockers, int warnings) {
        StringBuilder text = new StringBuilder(side + " (MariaDB 10.11.19): " + blockers.size() + " blocker(s)\n");
        blockers.forEach(b -> text.append("  BLOCKER ").append(b).append(": found on ").append(side).append('\n'));
        return new ReadinessSummary(side, blockers.size(), warnings, 40, blockers, List.of(), "migrations/orders/readiness/runs/x/" + side + ".json",
                text.toString());
    }

    private PublishedReadiness publish(String execution, List<String> sourceBlockers, List<String> targetBlockers) {
        return publisher.publish(new PublishReadinessRequest(config, execution, summary("source", sourceBlockers, 2),
                summary("target", targetBlockers, 1), null));
    }

    @Test
    void aCleanFirstRunPublishesMetricsAndNotifiesNobody() {
        PublishedReadiness result = publish("run-1", List.of(), List.of());
        assertThat(result.blockers()).isZero();
        assertThat(result.warnings()).isEqualTo(3);
        assertThat(result.changed()).isFalse();
        assertThat(notifier.sent()).isEmpty();
        assertThat(metrics.published()).singleElement().satisfies(m -> {
            assertThat(m.dimensions()).containsEntry("MigrationId", "orders");
            assertThat(m.values()).containsEntry("ReadinessBlockers", 0.0).containsEntry("ReadinessWarnings", 3.0);
        });
        assertThat(artifacts.keys()).contains("migrations/orders/readiness/latest.json", "migrations/orders/readiness/runs/run-1/summary.json");
    }

    @Test
    void blockersAppearChangeAndResolveWithOneNotificationPerChange() {
        publish("run-1", List.of(), List.of());
        PublishedReadiness appeared = publish("run-2", List.of("bl-binlog-format-row"), List.of("tc-local-infile"));
        assertThat(appeared.newBlockerIds()).containsExactly("bl-binlog-format-row", "tc-local-infile");
        assertThat(appeared.notified()).isTrue();
        Notification first = notifier.sent().get(0);
        assertThat(first.migrationId()).isEqualTo("orders");
        assertThat(first.event()).isEqualTo("READINESS_BLOCKERS_CHANGED");
        assertThat(first.subject()).isEqualTo("Cutover readiness orders: 2 blocker(s)");
        assertThat(first.body()).contains("Migration: orders").contains("New blockers:\n  - bl-binlog-format-row\n  - tc-local-infile")
                .contains("What to do: fix each blocker").contains("summary: memory://migrations/orders/readiness/runs/run-2/summary.json")
                .contains("source: memory://migrations/orders/readiness/runs/x/source.json")
                .contains("BLOCKER tc-local-infile: found on target");

        PublishedReadiness same = publish("run-3", List.of("bl-binlog-format-row"), List.of("tc-local-infile"));
        assertThat(same.changed()).isFalse();
        assertThat(notifier.sent()).hasSize(1);

        PublishedReadiness changed = publish("run-4", List.of("bl-binlog-format-row"), List.of("tc-writer-endpoint"));
        assertThat(changed.newBlockerIds()).containsExactly("tc-writer-endpoint");
        assertThat(changed.resolvedBlockerIds()).containsExactly("tc-local-infile");
        assertThat(notifier.sent()).hasSize(2);
        assertThat(notifier.sent().get(1).subject()).isEqualTo("Cutover readiness orders: 1 new, 1 resolved blocker(s)");

        publish("run-5", List.of(), List.of());
        assertThat(notifier.sent()).hasSize(3);
        assertThat(notifier.sent().get(2).subject()).isEqualTo("Cutover readiness orders: all blockers resolved");
        assertThat(notifier.sent().get(2).body()).contains("Resolved since the last run:\n  - bl-binlog-format-row\n  - tc-writer-endpoint");
        assertThat(metrics.published()).extracting(m -> m.values().get("ReadinessBlockers")).containsExactly(0.0, 2.0, 2.0, 2.0, 0.0);
    }

    @Test
    void publishingTheSameExecutionAgainGivesTheSameAnswerAndDoesNotNotifyTwice() {
        publish("run-1", List.of(), List.of());
        PublishedReadiness first = publish("run-2", List.of("bl-server-id"), List.of());
        PublishedReadiness retried = publish("run-2", List.of("bl-server-id"), List.of());
        assertThat(retried.newBlockerIds()).isEqualTo(first.newBlockerIds()).containsExactly("bl-server-id");
        assertThat(retried.notified()).isTrue();
        assertThat(notifier.sent()).hasSize(1);
        // the next run still compares with run-2's blockers
        assertThat(publish("run-3", List.of("bl-server-id"), List.of()).changed()).isFalse();
    }

    @Test
    void aRunWhoseChecksFailedIsABlockerWithTheLambdaErrorMessage() {
        PublishedReadiness result = publisher.publish(new PublishReadinessRequest(config, "run-1", null, null,
                new PublishReadinessRequest.CaughtError("io.cutover.core.error.TransientDatabaseException",
                        "{\"errorMessage\":\"source: connecting to db:3306 failed: Connection refused\","
                                + "\"errorType\":\"io.cutover.core.error.TransientDatabaseException\",\"stackTrace\":[\"a.b.C(C.java:1)\"]}")));
        assertThat(result.blockerIds()).containsExactly("cutover-readiness-run");
        assertThat(result.summary()).contains("could not run: io.cutover.core.error.TransientDatabaseException: source: connecting to db:3306 "
                + "failed: Connection refused").doesNotContain("C.java");
        assertThat(notifier.sent()).singleElement().satisfies(n -> assertThat(n.body()).contains("cutover-readiness-run"));
    }
}
