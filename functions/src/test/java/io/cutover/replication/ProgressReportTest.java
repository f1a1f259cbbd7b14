package io.cutover.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.approval.MutableClock;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.json.Json;
import io.cutover.core.ports.Notification;
import io.cutover.core.ports.Replication;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.core.ports.Replication.TableState;
import io.cutover.core.ports.Replication.TaskProgress;
import io.cutover.core.ports.Replication.TaskRef;
import io.cutover.core.ports.Replication.TaskStatus;
import io.cutover.core.ports.memory.InMemoryPorts;
import io.cutover.core.ports.memory.MemoryNotifier;
import io.cutover.replication.CdcLagDecision.Phase;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The full load's and CDC's progress messages: rows, rate, time left; one per half hour at most, through the polls. */
class ProgressReportTest {
    private static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");
    private static final TaskRef TASK = new TaskRef("arn:aws:dms:eu-west-1:123456789012:task:T", "cutover-orders", false);

    private final MutableClock clock = new MutableClock(T0);
    private final MemoryNotifier notifications = new MemoryNotifier();
    private final AtomicReference<TaskProgress> progress = new AtomicReference<>();
    private final AtomicReference<CdcSample> sample = new AtomicReference<>();
    private final InMemoryPorts ports = InMemoryPorts.builder().clock(clock).notifier(notifications).replication(replication()).build();
    private final MigrationConfig config = Json.convert(Json.parse("""
            {"migrationId": "orders-eu", "source": {"secretId": "s"}, "target": {"secretId": "t"}, "schemas": ["shop"],
             "cutover": {"maxLagSeconds": 5, "lagHoldSeconds": 60}}"""), MigrationConfig.class);

    /** The replication port answering only what the polls read: the task's progress, status and CDC sample. */
    private Replication replication() {
        return (Replication) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Replication.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "progress" -> progress.get();
                    case "status" -> new TaskStatus("running", null, null);
                    case "cdcSample" -> sample.get();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static TaskProgress loading(int percent, long rows, int loaded) {
        return new TaskProgress("running", null, null, percent, loaded, 2, 1, 0,
                List.of(new TableState("shop", "orders", "Full load", rows, 0, 0, 0, 0, null)));
    }

    @Test
    void theFullLoadTellsRowsRateAndTimeLeftEveryHalfHourAtMost() {
        ReplicationPolls polls = new ReplicationPolls(ports);
        progress.set(loading(10, 1_000_000, 3));
        ReplicationPolls.FullLoad first = polls.fullLoad(config, TASK, null, 0, false, false);
        assertThat(notifications.sent()).as("no rate yet at the first poll").isEmpty();

        clock.set(T0.plus(Duration.ofMinutes(20)));
        progress.set(loading(30, 3_400_000, 8));
        ReplicationPolls.FullLoad second = polls.fullLoad(config, TASK, first.outcome().tracker(), 1, false, false);
        assertThat(notifications.sent()).as("20 min: not yet").isEmpty();

        clock.set(T0.plus(Duration.ofMinutes(40)));
        progress.set(loading(50, 5_800_000, 14));
        ReplicationPolls.FullLoad third = polls.fullLoad(config, TASK, second.outcome().tracker(), 2, false, false);
        assertThat(notifications.sent()).hasSize(1);
        Notification n = notifications.sent().get(0);
        assertThat(n.event()).isEqualTo(ProgressReport.EVENT_FULL_LOAD);
        // 4,800,000 rows in 2,400 s = 2,000 rows/s; 40 % in 40 min: the 50 % left take 50 min
        assertThat(n.body()).contains("5,800,000 rows copied").contains("2,000 rows/s over the last 40 min")
                .contains("50 % (14 tables loaded, 2 loading, 1 queued)").contains("about 50 min left at this pace");
        assertThat(third.outcome().tracker().notifiedAt()).isEqualTo(T0.plus(Duration.ofMinutes(40)));

        clock.set(T0.plus(Duration.ofMinutes(60)));
        progress.set(loading(70, 8_200_000, 20));
        ReplicationPolls.FullLoad fourth = polls.fullLoad(config, TASK, third.outcome().tracker(), 3, false, false);
        assertThat(notifications.sent()).as("20 min after the last one: not yet").hasSize(1);

        clock.set(T0.plus(Duration.ofMinutes(75)));
        progress.set(loading(85, 9_900_000, 25));
        polls.fullLoad(config, TASK, fourth.outcome().tracker(), 4, false, false);
        assertThat(notifications.sent()).hasSize(2);
        assertThat(notifications.sent().get(1).body()).contains("85 %");
    }

    @Test
    void cdcTellsChangesRateLagAndTimeUntilWithinWhileItCatchesUp() {
        ReplicationPolls polls = new ReplicationPolls(ports);
        sample.set(new CdcSample(T0, 600.0, 610.0, 10_000, 0, 0, 0, 50_000L));
        ReplicationPolls.CdcCaughtUp first = polls.cdcCaughtUp(config, TASK, null, 0, Phase.CATCH_UP);
        assertThat(first.outcome().window().notifiedAt()).as("the wait began").isEqualTo(T0);

        CdcLagDecision.Window window = first.outcome().window();
        int attempt = first.outcome().decision().attempt();
        for (int minute = 5; minute <= 30; minute += 5) {
            sample.set(new CdcSample(T0.plus(Duration.ofMinutes(minute)), 610.0 - minute * 10, 610.0 - minute * 10,
                    10_000 + minute * 6_000L, 0, 0, 0, 1_000L));
            ReplicationPolls.CdcCaughtUp next = polls.cdcCaughtUp(config, TASK, window, attempt, Phase.CATCH_UP);
            window = next.outcome().window();
            attempt = next.outcome().decision().attempt();
        }

        assertThat(notifications.sent()).hasSize(1);
        Notification n = notifications.sent().get(0);
        assertThat(n.event()).isEqualTo(ProgressReport.EVENT_CDC);
        // 180,000 changes in 30 min = 100/s; lag 610 -> 310 s in 30 min = 10 s a minute: 305 s above 5 s take 30 min
        assertThat(n.body()).contains("190,000 changes applied").contains("100.0 changes/s over the last 30 min")
                .contains("lag 310 s (threshold 5 s)").contains("about 30 min until within at the pace it shrinks");
        assertThat(window.notifiedAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
    }

    @Test
    void aLagThatDoesNotShrinkAndAPercentThatDoesNotMoveGiveNoTimeLeft() {
        CdcLagDecision.Window w = new CdcLagDecision.Window(List.of(new CdcLagDecision.Point(T0, 30.0, 30.0, 100, 0L, false)), null, 0);
        assertThat(ProgressReport.cdc(w, new CdcSample(T0.plusSeconds(600), 40.0, 40.0, 700, 0, 0, 0, 0L), 5))
                .contains("lag 40 s").contains("not shrinking over the last samples: time left unknown");
        assertThat(ProgressReport.cdc(w, new CdcSample(T0.plusSeconds(600), null, null, 700, 0, 0, 0, 0L), 5))
                .contains("lag unknown");
        FullLoadDecision.Tracker stuck = new FullLoadDecision.Tracker(T0, 40, T0, 40, 5_000, 3, 60);
        assertThat(ProgressReport.fullLoad(stuck, 1, 0, T0.plusSeconds(1800))).contains("time left unknown");
    }
}
