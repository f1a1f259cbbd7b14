package io.cutover.local.dms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.error.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalTaskSettingsTest {

    @Test
    void theSettingsThatApplyAreReadAndTheRestListed() {
        LocalTaskSettings s = LocalTaskSettings.parse("""
                {"TargetMetadata": {"SupportLobs": true, "LimitedSizeLobMode": true, "LobMaxSize": 32, "BatchApplyEnabled": false},
                 "FullLoadSettings": {"TargetTablePrepMode": "TRUNCATE_BEFORE_LOAD", "MaxFullLoadSubTasks": 3, "CommitRate": 5000,
                                      "StopTaskCachedChangesApplied": false},
                 "ErrorBehavior": {"RecoverableErrorCount": 7, "RecoverableErrorInterval": 2, "RecoverableErrorThrottling": false,
                                   "TableErrorPolicy": "STOP_TASK", "DataErrorPolicy": "LOG_ERROR"},
                 "ValidationSettings": {"EnableValidation": true},
                 "Logging": {"EnableLogging": true}}
                """);
        assertThat(s.prepMode()).isEqualTo(LocalTaskSettings.PrepMode.TRUNCATE_BEFORE_LOAD);
        assertThat(s.maxFullLoadSubTasks()).isEqualTo(3);
        assertThat(s.commitRate()).isEqualTo(5000);
        assertThat(s.recoverableErrorCount()).isEqualTo(7);
        assertThat(s.recoverableInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.throttling()).isFalse();
        assertThat(s.stopTaskOnTableError()).isTrue();
        assertThat(s.lobMaxBytes()).isEqualTo(32 * 1024);
        assertThat(LocalTaskSettings.parse("{\"TargetMetadata\": {\"FullLobMode\": true, \"LimitedSizeLobMode\": true, \"LobMaxSize\": 32}}")
                .lobMaxBytes()).as("full LOB mode copies whole").isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalTaskSettings.parse("{\"TargetMetadata\": {\"LimitedSizeLobMode\": true}}"))
                .hasMessageContaining("LobMaxSize is missing");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalTaskSettings.parse(
                "{\"TargetMetadata\": {\"LimitedSizeLobMode\": true, \"LobMaxSize\": 102401}}")).hasMessageContaining("LobMaxSize = 102401");
        assertThat(s.ignored()).contains("ErrorBehavior.DataErrorPolicy", "Logging.EnableLogging (the engine logs through SLF4J)")
                .noneSatisfy(i -> assertThat(i).startsWith("TargetMetadata.LobMaxSize")) // applied: limited LOB mode truncates
                .anySatisfy(i -> assertThat(i).startsWith("TargetMetadata.SupportLobs"))
                .anySatisfy(i -> assertThat(i).startsWith("TargetMetadata.BatchApplyEnabled").contains("commit order"))
                .anySatisfy(i -> assertThat(i).startsWith("ValidationSettings.EnableValidation").contains("not mimicked"))
                .noneSatisfy(i -> assertThat(i).contains("CommitRate"));
    }

    @Test
    void dmsDefaultsApplyWhenAbsent() {
        LocalTaskSettings s = LocalTaskSettings.parse("{\"FullLoadSettings\":{\"TargetTablePrepMode\":\"DO_NOTHING\"}}");
        assertThat(s.maxFullLoadSubTasks()).isEqualTo(8);
        assertThat(s.commitRate()).isEqualTo(10_000);
        assertThat(s.recoverableErrorCount()).isEqualTo(-1);
        assertThat(s.recoverableInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.stopTaskOnTableError()).isFalse();
        assertThat(s.stopAfterCachedChanges()).isFalse();
        assertThat(s.ignored()).isEmpty();
        assertThat(LocalTaskSettings.parse("{\"FullLoadSettings\":{\"TargetTablePrepMode\":\"DO_NOTHING\","
                + "\"StopTaskCachedChangesApplied\":true}}").stopAfterCachedChanges()).isTrue();
        assertThat(LocalTaskSettings.parse("{}").ignored()).singleElement().asString().contains("DROP_AND_CREATE");
    }

    @Test
    void unsupportedOrBadValuesAreRefusedWithTheSettingNamed() {
        assertThatThrownBy(() -> LocalTaskSettings.parse("{\"FullLoadSettings\":{\"TargetTablePrepMode\":\"DROP_AND_CREATE\"}}"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("TargetTablePrepMode").hasMessageContaining("DROP_AND_CREATE");
        assertThatThrownBy(() -> LocalTaskSettings.parse("{\"FullLoadSettings\":{\"CommitRate\":0}}"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("FullLoadSettings.CommitRate = 0");
        assertThatThrownBy(() -> LocalTaskSettings.parse("{\"FullLoadSettings\":{\"MaxFullLoadSubTasks\":\"many\"}}"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("MaxFullLoadSubTasks must be a whole number");
        assertThatThrownBy(() -> LocalTaskSettings.parse("{\"FullLoadSettings\":{\"StopTaskCachedChangesNotApplied\":true}}"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("StopTaskCachedChangesNotApplied");
        assertThatThrownBy(() -> LocalTaskSettings.parse("{\"ErrorBehavior\":{\"TableErrorPolicy\":\"IGNORE\"}}"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("TableErrorPolicy");
        assertThatThrownBy(() -> LocalTaskSettings.parse("[1]")).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void recoveryWaitsDoubleUpToTheMaximum() {
        Recovery r = new Recovery(-1, Duration.ofSeconds(5), true, Duration.ofSeconds(30));
        assertThat(r.delay(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.delay(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(r.delay(3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(r.delay(4)).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.delay(9)).isEqualTo(Duration.ofSeconds(30));
        assertThat(new Recovery(2, Duration.ZERO, true, Duration.ofSeconds(30)).await(3, "x", () -> false)).isFalse();
        assertThat(new Recovery(2, Duration.ZERO, true, Duration.ofSeconds(30)).await(2, "x", () -> false)).isTrue();
    }
}
