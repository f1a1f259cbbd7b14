package io.cutover.replication;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.cutover.core.json.Json;

/**
 * The DMS task settings Cutover sets (runbook 3.2), as a typed model serialised exactly as DMS reads
 * {@code ReplicationTaskSettings}. Sections and keys not listed here keep DMS's own defaults.
 *
 * <p>Where the runbook is wrong we follow AWS:
 * <ul>
 *   <li>The runbook enables {@code BatchApplyEnabled} together with {@code FullLobMode}; AWS supports batch apply
 *       only in limited LOB mode when LOB columns are replicated, and batch-optimised apply "almost always"
 *       violates referential integrity (fatal when cascading foreign keys stay on the target). The default is
 *       transactional apply with full LOB mode (no LOB is ever truncated); batch apply can be chosen together
 *       with limited LOB mode.</li>
 *   <li>{@code BatchApplyPreserveTransaction} sits in {@code ChangeProcessingTuning} and applies only to Oracle
 *       targets: the runbook's copy under {@code TargetMetadata} is dropped.</li>
 *   <li>{@code SkipTableSuspensionForPartitionDdl} is not a documented DDL-handling key: dropped.</li>
 * </ul>
 */
public record TaskSettings(
        @JsonProperty("TargetMetadata") TargetMetadata targetMetadata,
        @JsonProperty("FullLoadSettings") FullLoadSettings fullLoadSettings,
        @JsonProperty("ChangeProcessingDdlHandlingPolicy") DdlHandlingPolicy changeProcessingDdlHandlingPolicy,
        @JsonProperty("ErrorBehavior") ErrorBehavior errorBehavior,
        @JsonProperty("Logging") Logging logging) {

    /** LOB handling and the apply mode. Sizes in kilobytes, as DMS takes them. */
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record TargetMetadata(
            Boolean supportLobs,
            Boolean fullLobMode,
            Integer lobChunkSize,
            Boolean limitedSizeLobMode,
            Integer lobMaxSize,
            Integer inlineLobMaxSize,
            Boolean batchApplyEnabled) {}

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record FullLoadSettings(
            String targetTablePrepMode,
            Boolean createPkAfterFullLoad,
            Boolean stopTaskCachedChangesApplied,
            Boolean stopTaskCachedChangesNotApplied,
            Integer maxFullLoadSubTasks,
            Integer transactionConsistencyTimeout,
            Integer commitRate) {}

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DdlHandlingPolicy(
            Boolean handleSourceTableDropped,
            Boolean handleSourceTableTruncated,
            Boolean handleSourceTableAltered) {}

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ErrorBehavior(
            String dataErrorPolicy,
            String dataTruncationErrorPolicy,
            String tableErrorPolicy,
            String tableErrorEscalationPolicy,
            Integer tableErrorEscalationCount,
            Integer recoverableErrorCount,
            String applyErrorDeletePolicy,
            String applyErrorInsertPolicy,
            String applyErrorUpdatePolicy) {}

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record Logging(Boolean enableLogging) {}

    /** Runbook 3.2 with the corrections above. */
    public static TaskSettings defaults() {
        return new TaskSettings(
                new TargetMetadata(true, true, 64, false, 0, 0, false),
                new FullLoadSettings("DO_NOTHING", false, false, false, 8, 600, 10000),
                new DdlHandlingPolicy(false, false, true),
                new ErrorBehavior("LOG_ERROR", "LOG_ERROR", "SUSPEND_TABLE", "STOP_TASK", 0, -1,
                        "IGNORE_RECORD", "LOG_ERROR", "LOG_ERROR"),
                new Logging(true));
    }

    /** The document DMS takes as {@code ReplicationTaskSettings}. */
    public String toJson() {
        return Json.write(this);
    }

    /** True when the task stops by itself after the full load (a setting the foreign-key policy may need). */
    public boolean stopsAfterFullLoad() {
        return Boolean.TRUE.equals(fullLoadSettings.stopTaskCachedChangesApplied())
                || Boolean.TRUE.equals(fullLoadSettings.stopTaskCachedChangesNotApplied());
    }
}
