package io.cutover.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.error.InputValidationException;
import io.cutover.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskSettingsPolicyTest {

    private static TaskSettingsPolicy.Result apply(String overrides) {
        return TaskSettingsPolicy.apply(Json.parse(overrides), List.of());
    }

    private static InputValidationException rejected(String overrides, List<TaskSettingsPolicy.Requirement> requirements) {
        try {
            TaskSettingsPolicy.apply(Json.parse(overrides), requirements);
        } catch (InputValidationException e) {
            return e;
        }
        throw new AssertionError("accepted: " + overrides);
    }

    @Test
    void defaultsAreTheRunbookSettingsAsDmsReadsThem() {
        JsonNode json = Json.parse(TaskSettings.defaults().toJson());
        assertThat(json.path("FullLoadSettings").path("TargetTablePrepMode").asText()).isEqualTo("DO_NOTHING");
        assertThat(json.path("FullLoadSettings").path("MaxFullLoadSubTasks").asInt()).isEqualTo(8);
        assertThat(json.path("FullLoadSettings").path("CommitRate").asInt()).isEqualTo(10000);
        assertThat(json.path("TargetMetadata").path("SupportLobs").asBoolean()).isTrue();
        assertThat(json.path("TargetMetadata").path("FullLobMode").asBoolean()).isTrue();
        assertThat(json.path("TargetMetadata").path("LobChunkSize").asInt()).isEqualTo(64);
        // batch apply needs limited LOB mode (AWS) and breaks referential integrity: transactional apply by default
        assertThat(json.path("TargetMetadata").path("BatchApplyEnabled").asBoolean()).isFalse();
        assertThat(json.path("TargetMetadata").has("BatchApplyPreserveTransaction")).isFalse();
        assertThat(json.path("ChangeProcessingDdlHandlingPolicy").path("HandleSourceTableAltered").asBoolean()).isTrue();
        assertThat(json.path("ChangeProcessingDdlHandlingPolicy").path("HandleSourceTableDropped").asBoolean()).isFalse();
        assertThat(json.path("ErrorBehavior").path("DataErrorPolicy").asText()).isEqualTo("LOG_ERROR");
        assertThat(json.path("ErrorBehavior").path("TableErrorEscalationPolicy").asText()).isEqualTo("STOP_TASK");
        assertThat(json.path("Logging").path("EnableLogging").asBoolean()).isTrue();
        assertThat(apply("{}").changed()).isEmpty();
    }

    @Test
    void acceptedOverridesAreMergedAndListed() {
        TaskSettingsPolicy.Result r = apply("""
                {"FullLoadSettings": {"MaxFullLoadSubTasks": 16, "TargetTablePrepMode": "TRUNCATE_BEFORE_LOAD"},
                 "TargetMetadata": {"LimitedSizeLobMode": true, "LobMaxSize": 32768, "BatchApplyEnabled": true}}""");
        assertThat(r.settings().fullLoadSettings().maxFullLoadSubTasks()).isEqualTo(16);
        assertThat(r.settings().fullLoadSettings().targetTablePrepMode()).isEqualTo("TRUNCATE_BEFORE_LOAD");
        // choosing limited LOB mode leaves full LOB mode: one choice
        assertThat(r.settings().targetMetadata().fullLobMode()).isFalse();
        assertThat(r.settings().targetMetadata().batchApplyEnabled()).isTrue();
        assertThat(r.settings().fullLoadSettings().commitRate()).isEqualTo(10000);
        assertThat(r.changed()).contains("FullLoadSettings.MaxFullLoadSubTasks=16 (the execution input)",
                "TargetMetadata.BatchApplyEnabled=true (the execution input)");
    }

    @Test
    void dangerousValuesAreRefusedWithTheReason() {
        assertThat(rejected("{\"FullLoadSettings\": {\"TargetTablePrepMode\": \"DROP_AND_CREATE\"}}", List.of()))
                .hasMessageContaining("$.config.dms.taskSettings.FullLoadSettings.TargetTablePrepMode")
                .hasMessageContaining("DROP_AND_CREATE is refused").hasMessageContaining("secondary indexes, foreign keys");
        assertThat(rejected("{\"ErrorBehavior\": {\"DataErrorPolicy\": \"IGNORE_RECORD\"}}", List.of()))
                .hasMessageContaining("IGNORE_RECORD is refused").hasMessageContaining("silently lost");
        assertThat(rejected("{\"TargetMetadata\": {\"SupportLobs\": false}}", List.of()))
                .hasMessageContaining("drops every MEDIUM/LONG TEXT and BLOB");
        assertThat(rejected("{\"Logging\": {\"EnableLogging\": false}}", List.of())).hasMessageContaining("task log");
        assertThat(rejected("{\"FullLoadSettings\": {\"CreatePkAfterFullLoad\": true}}", List.of())).hasMessageContaining("cannot be resumed");
    }

    /** The values of DMS's error-handling task settings reference, and the data-losing ones refused with the reason. */
    @Test
    void applyConflictPoliciesTakeTheValuesDmsDocumentsAndRefuseTheDataLosingOnes() {
        TaskSettingsPolicy.Result upsert = apply("{\"ErrorBehavior\": {\"ApplyErrorInsertPolicy\": \"INSERT_RECORD\"}}");
        assertThat(Json.parse(upsert.settings().toJson()).at("/ErrorBehavior/ApplyErrorInsertPolicy").asText()).isEqualTo("INSERT_RECORD");

        assertThat(rejected("{\"ErrorBehavior\": {\"ApplyErrorInsertPolicy\": \"UPDATE_RECORD\"}}", List.of()))
                .hasMessageContaining("$.config.dms.taskSettings.ErrorBehavior.ApplyErrorInsertPolicy")
                .hasMessageContaining("is not one of the accepted values; use one of INSERT_RECORD, LOG_ERROR, STOP_TASK, SUSPEND_TABLE")
                .as("the refused value is not repeated (it could be a pasted secret)").hasMessageNotContaining("'UPDATE_RECORD'");
        assertThat(rejected("{\"ErrorBehavior\": {\"ApplyErrorUpdatePolicy\": \"UPDATE_RECORD\"}}", List.of()))
                .hasMessageContaining("$.config.dms.taskSettings.ErrorBehavior.ApplyErrorUpdatePolicy")
                .hasMessageContaining("UPDATE_RECORD is refused: DMS then disables LOB column support for the whole task");
        assertThat(rejected("{\"ErrorBehavior\": {\"ApplyErrorInsertPolicy\": \"IGNORE_RECORD\"}}", List.of()))
                .hasMessageContaining("IGNORE_RECORD is refused: the record would be skipped without a trace");
        assertThat(apply("{\"ErrorBehavior\": {\"ApplyErrorUpdatePolicy\": \"STOP_TASK\", \"ApplyErrorDeletePolicy\": \"LOG_ERROR\"}}")
                .changed()).hasSize(2);
    }

    @Test
    void unknownKeysWrongTypesAndRangesAreAllReportedAtOnce() {
        InputValidationException e = rejected("""
                {"TargetMetadata": {"BatchApplyPreserveTransaction": true},
                 "ControlTablesSettings": {"StatusTableEnabled": true},
                 "FullLoadSettings": {"MaxFullLoadSubTasks": "eight", "CommitRate": 0},
                 "ErrorBehavior": {"TableErrorPolicy": "MAYBE"}}""", List.of());
        assertThat(e.errors()).hasSize(5);
        assertThat(e).hasMessageContaining("TargetMetadata.BatchApplyPreserveTransaction: unknown or unsupported task setting")
                .hasMessageContaining("ControlTablesSettings: unknown or unsupported task-settings section")
                .hasMessageContaining("MaxFullLoadSubTasks: must be an integer")
                .hasMessageContaining("CommitRate: must be between 1 and 50000")
                .hasMessageContaining("is not one of the accepted values").hasMessageNotContaining("MAYBE");
    }

    @Test
    void incoherentLobAndApplySettingsAreRefused() {
        assertThat(rejected("{\"TargetMetadata\": {\"BatchApplyEnabled\": true}}", List.of()))
                .hasMessageContaining("batch apply works only in limited LOB mode");
        assertThat(rejected("{\"TargetMetadata\": {\"LimitedSizeLobMode\": true, \"FullLobMode\": true, \"LobMaxSize\": 10}}", List.of()))
                .hasMessageContaining("exactly one of FullLobMode and LimitedSizeLobMode");
        assertThat(rejected("{\"TargetMetadata\": {\"LimitedSizeLobMode\": true}}", List.of()))
                .hasMessageContaining("LobMaxSize").hasMessageContaining("truncated");
    }

    @Test
    void settingsAnotherPhaseRequiresApplyAndConflictsNameTheReason() {
        var fkPolicy = new TaskSettingsPolicy.Requirement(Json.parse("{\"TargetMetadata\": {\"BatchApplyEnabled\": false}}"),
                "cascading foreign keys stay on the target");
        TaskSettingsPolicy.Result ok = TaskSettingsPolicy.apply(Json.object(), List.of(fkPolicy));
        assertThat(ok.settings().targetMetadata().batchApplyEnabled()).isFalse();

        InputValidationException e = rejected("""
                {"TargetMetadata": {"LimitedSizeLobMode": true, "LobMaxSize": 1024, "BatchApplyEnabled": true}}""", List.of(fkPolicy));
        assertThat(e).hasMessageContaining("$.requiredTaskSettings.TargetMetadata.BatchApplyEnabled")
                .hasMessageContaining("conflicts with true set by the execution input");

        var stopAfterLoad = new TaskSettingsPolicy.Requirement(
                Json.parse("{\"FullLoadSettings\": {\"StopTaskCachedChangesApplied\": true}}"), "foreign key checks off during the full load only");
        assertThat(TaskSettingsPolicy.apply(Json.object(), List.of(stopAfterLoad)).settings().stopsAfterFullLoad()).isTrue();
        assertThatThrownBy(() -> TaskSettingsPolicy.apply(Json.object(), List.of(new TaskSettingsPolicy.Requirement(
                Json.parse("{\"FullLoadSettings\": {\"TargetTablePrepMode\": \"DROP_AND_CREATE\"}}"), "no"))))
                .isInstanceOf(InputValidationException.class).hasMessageContaining("refused");
    }
}
