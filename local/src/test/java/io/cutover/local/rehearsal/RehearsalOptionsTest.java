package io.cutover.local.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.local.rehearsal.RehearsalOptions.Approve;
import io.cutover.local.rehearsal.RehearsalOptions.Gate;
import io.cutover.local.rehearsal.RehearsalOptions.KillPhase;
import io.cutover.local.rehearsal.Rehearsal.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RehearsalOptionsTest {

    @Test
    void defaultsStartTwoServersWithASmallSampleAndAutomaticApprovals() {
        RehearsalOptions o = RehearsalOptions.parse();
        assertThat(o.rows()).isEqualTo(10_000);
        assertThat(o.writeRate()).isEqualTo(20);
        assertThat(o.usesSample()).isTrue();
        assertThat(o.startsServers()).isTrue();
        assertThat(o.approve()).isEqualTo(Approve.AUTO);
        assertThat(o.rollbackWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.maxPollWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.failures()).isEmpty();
        assertThat(o.out().toString()).startsWith("rehearsal-output/");
        assertThat(Rehearsal.expectedOutcomes(o)).containsExactly(Outcome.MIGRATED);
    }

    @Test
    void sizesDurationsAndEveryFailureRehearsalParse() {
        RehearsalOptions o = RehearsalOptions.parse("--rows", "1m", "--write-rate=50", "--approve", "auto", "--reject-at", "cutover",
                "--kill-target-connection", "drain", "--fail-table", "shop.orders", "--corrupt-validation", "--rollback-window", "2m",
                "--max-poll-wait", "500ms", "--timeout", "1h", "--set", "cutover.lagHoldSeconds=30", "--set", "dms.sslMode=verify-ca",
                "--out", "/tmp/x", "--migration-id", "orders-eu");
        assertThat(o.rows()).isEqualTo(1_000_000);
        assertThat(o.writeRate()).isEqualTo(50);
        assertThat(o.rejectAt()).isEqualTo(Gate.CUTOVER);
        assertThat(o.killTargetConnection()).isEqualTo(KillPhase.DRAIN);
        assertThat(o.failTable()).isEqualTo("shop.orders");
        assertThat(o.corruptValidation()).isTrue();
        assertThat(o.rollbackWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.maxPollWait()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.timeout()).isEqualTo(Duration.ofHours(1));
        assertThat(o.inputOverrides().get("cutover.lagHoldSeconds").asInt()).isEqualTo(30);
        assertThat(o.inputOverrides().get("dms.sslMode").asText()).isEqualTo("verify-ca");
        assertThat(o.out()).isEqualTo(Path.of("/tmp/x"));
        assertThat(o.migrationId()).isEqualTo("orders-eu");
        assertThat(o.failures()).containsExactly("reject at the cutover gate", "kill the target connections during drain",
                "make shop.orders fail to load", "change a target row before the post-freeze validation");
        assertThat(RehearsalOptions.parse("--rows", "100k").rows()).isEqualTo(100_000);
        assertThat(RehearsalOptions.parse("--rows", "2.5k").rows()).isEqualTo(2_500);
    }

    @Test
    void theEarliestFailureDecidesTheExpectedOutcome() {
        assertThat(Rehearsal.expectedOutcomes(RehearsalOptions.parse("--reject-at", "freeze"))).containsExactly(Outcome.STOPPED_BEFORE_FREEZE);
        assertThat(Rehearsal.expectedOutcomes(RehearsalOptions.parse("--set", "dryRun=true"))).as("a dry run expects a dry run")
                .containsExactly(Outcome.DRY_RUN);
        assertThat(Rehearsal.expectedOutcomes(RehearsalOptions.parse("--set", "dryRun=false"))).containsExactly(Outcome.MIGRATED);
        assertThat(Rehearsal.expectedOutcomes(RehearsalOptions.parse("--fail-table", "shop.orders", "--corrupt-validation"))).containsExactly(Outcome.STOPPED_BEFORE_FREEZE);
        assertThat(Rehearsal.expectedOutcomes(RehearsalOptions.parse("--reject-at", "cutover"))).containsExactly(Outcome.ROLLED_BACK_AFTER_FREEZE);
        assertThat(Rehearsal.expectedOutcomes(RehearsalOptions.parse("--corrupt-validation"))).containsExactly(Outcome.ROLLED_BACK_AFTER_FREEZE);
        assertThat(Rehearsal.expectedOutcomes(RehearsalOptions.parse("--kill-target-connection", "cdc"))).containsExactly(Outcome.MIGRATED);
        assertThat(Rehearsal.expectedOutcomes(RehearsalOptions.parse("--cascade-during-load")))
                .containsExactlyInAnyOrder(Outcome.STOPPED_BEFORE_FREEZE, Outcome.MIGRATED);
    }

    @Test
    void existingServersNeedAUrlAndAUserOnBothSidesAndNoPasswordInTheUrl() {
        RehearsalOptions o = RehearsalOptions.parse("--source-url", "jdbc:mysql://db1.internal:3307/", "--source-user", "admin",
                "--target-url", "jdbc:mysql://aurora.example:3306", "--target-user", "master", "--database", "orders,billing");
        assertThat(o.startsServers()).isFalse();
        assertThat(o.source().orElseThrow().host()).isEqualTo("db1.internal");
        assertThat(o.source().orElseThrow().port()).isEqualTo(3307);
        assertThat(o.target().orElseThrow().toString()).isEqualTo("master@aurora.example:3306");
        assertThat(o.databases()).containsExactly("orders", "billing");
        assertThat(o.usesSample()).isFalse();
        assertThat(o.writeRate()).as("no workload on schemas the rehearsal did not generate").isZero();

        assertThatThrownBy(() -> RehearsalOptions.parse("--source-url", "jdbc:mysql://a/", "--source-user", "u"))
                .hasMessageContaining("give both --source-url and --target-url");
        assertThatThrownBy(() -> RehearsalOptions.parse("--source-url", "jdbc:mysql://a/"))
                .hasMessageContaining("--source-url needs --source-user");
        assertThatThrownBy(() -> RehearsalOptions.parse("--source-url", "jdbc:mysql://a/?password=x", "--source-user", "u"))
                .hasMessageContaining("put no password in the URL").hasMessageContaining("CUTOVER_SOURCE_PASSWORD").hasMessageNotContaining("=x");
        assertThatThrownBy(() -> RehearsalOptions.parse("--source-url", "postgres://a/", "--source-user", "u"))
                .hasMessageContaining("--source-url: 'postgres://a/' is not jdbc:mysql://host[:port]/");
        assertThatThrownBy(() -> RehearsalOptions.parse("--database", "orders"))
                .hasMessageContaining("--database migrates schemas of your servers");
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> RehearsalOptions.parse("--rows", "lots")).hasMessage("--rows: 'lots' is not a size (e.g. 10k, 100k, 1m, 250000)");
        assertThatThrownBy(() -> RehearsalOptions.parse("--rows", "10")).hasMessageContaining("--rows: 10 rows is out of range");
        assertThatThrownBy(() -> RehearsalOptions.parse("--write-rate", "-1")).hasMessageContaining("--write-rate");
        assertThat(RehearsalOptions.parse("--approve", "cli").approve()).isEqualTo(RehearsalOptions.Approve.CLI);
        assertThatThrownBy(() -> RehearsalOptions.parse("--approve", "maybe")).hasMessage("--approve: 'maybe' is not auto, in-advance, cli or manual");
        assertThatThrownBy(() -> RehearsalOptions.parse("--reject-at", "lunch")).hasMessageContaining("--reject-at: 'lunch' is not a gate");
        assertThatThrownBy(() -> RehearsalOptions.parse("--kill-target-connection", "now")).hasMessageContaining("full-load, cdc, drain, validation");
        assertThatThrownBy(() -> RehearsalOptions.parse("--fail-table", "orders")).hasMessage("--fail-table: 'orders' is not schema.table");
        assertThatThrownBy(() -> RehearsalOptions.parse("--rollback-window", "soon")).hasMessageContaining("--rollback-window: 'soon' is not a duration");
        assertThatThrownBy(() -> RehearsalOptions.parse("--set", "cutover.lagHoldSeconds")).hasMessageContaining("is not PATH=VALUE");
        assertThatThrownBy(() -> RehearsalOptions.parse("--set", "a..b=1")).hasMessageContaining("is not a dotted input path");
        assertThatThrownBy(() -> RehearsalOptions.parse("--rows")).hasMessage("--rows needs a value (see --help)");
        assertThatThrownBy(() -> RehearsalOptions.parse("--frobnicate", "1")).hasMessage("unknown option --frobnicate (see --help)");
        assertThatThrownBy(() -> RehearsalOptions.parse("extra")).hasMessageContaining("unexpected argument 'extra'");
        assertThatThrownBy(() -> RehearsalOptions.parse("--migration-id", "Orders_EU")).hasMessageContaining("--migration-id");
        assertThatThrownBy(() -> RehearsalOptions.parse("--approve", "manual", "--reject-at", "freeze"))
                .hasMessageContaining("with --approve manual you decide");
    }

    @Test
    void helpIsAnsweredWhateverElseIsGivenAndNamesEveryOption() {
        assertThat(RehearsalOptions.parse("--rows", "10k", "--help").help()).isTrue();
        assertThat(RehearsalOptions.usage()).contains("--rows", "--write-rate", "--database", "--cascade-during-load", "--approve",
                "--approval-port", "--reject-at", "--kill-target-connection", "--fail-table", "--corrupt-validation", "--source-url",
                "--target-user", "--rollback-window", "--max-poll-wait", "--timeout", "--set", "--migration-id", "--out", "--help");
    }

    @Test
    void theSwitchModesParseAndAnAutomatedOneNeedsTheServersTheRehearsalStarts() {
        assertThat(RehearsalOptions.parse().switchMode()).isNull();
        assertThat(RehearsalOptions.parse("--switch", "parameter").switchMode()).isEqualTo(RehearsalOptions.SwitchMode.PARAMETER);
        assertThat(RehearsalOptions.parse("--switch=route53").switchMode()).isEqualTo(RehearsalOptions.SwitchMode.ROUTE53);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RehearsalOptions.parse("--switch", "dns"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--switch: 'dns'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RehearsalOptions.parse("--switch", "parameter",
                        "--source-url", "jdbc:mysql://10.0.0.5:3306/", "--source-user", "admin",
                        "--target-url", "jdbc:mysql://10.0.0.6:3306/", "--target-user", "admin"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--switch acknowledge");
    }
}
