package io.cutover.schema.fk;

import io.cutover.core.json.NonNull;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the replication phase must set so that the target's foreign keys and the DMS task agree. The target
 * endpoint's init statements are the MySQL target's {@code MySQLSettings.AfterConnectScript} (extra
 * connection attribute {@code Initstmt=…}); the task settings are merged into the task's settings document.
 *
 * @param fullLoadTargetInitStatements init statements of the target endpoint while the full load runs
 * @param cdcTargetInitStatements      init statements of the target endpoint for CDC ("" = none: checks on)
 * @param switchInitStatementsBeforeCdc true when the two differ: the task must stop after the full load and
 *                                      its cached changes ({@code StopTaskCachedChangesApplied}), the target
 *                                      endpoint be modified to the CDC init statements, and the task resumed
 *                                      with {@code resume-processing}
 * @param batchApplyAllowed            false when constraints stay on the target during CDC: batch apply
 *                                      reorders changes, transactional apply keeps the source's commit order
 * @param taskSettings                 task settings that must be set (overriding the defaults and the input)
 * @param explanation                  why, in one paragraph, for the report and the notification
 */
public record ReplicationRequirements(
        @NonNull String fullLoadTargetInitStatements,
        @NonNull String cdcTargetInitStatements,
        boolean switchInitStatementsBeforeCdc,
        boolean batchApplyAllowed,
        @NonNull Map<String, Map<String, Object>> taskSettings,
        @NonNull String explanation) {

    public static final String FOREIGN_KEY_CHECKS_OFF = "SET FOREIGN_KEY_CHECKS=0";

    /** No foreign key on the target during the load and CDC: checks off throughout, nothing to switch. */
    public static ReplicationRequirements noConstraintsOnTarget() {
        return new ReplicationRequirements(FOREIGN_KEY_CHECKS_OFF, FOREIGN_KEY_CHECKS_OFF, false, true, Map.of(),
                "No foreign key is on the target during the load and CDC (they are recreated after the cutover point). "
                        + "Foreign key checks are off on the DMS target sessions; no endpoint change is needed between the "
                        + "full load and CDC.");
    }

    /** Cascading constraints stay on the target: checks off for the full load only, on for CDC. */
    public static ReplicationRequirements cascadingConstraintsKept(int count) {
        Map<String, Map<String, Object>> settings = new LinkedHashMap<>();
        settings.put("FullLoadSettings", Map.of("StopTaskCachedChangesApplied", true));
        settings.put("TargetMetadata", Map.of("BatchApplyEnabled", false));
        return new ReplicationRequirements(FOREIGN_KEY_CHECKS_OFF, "", true, false, settings,
                count + " foreign key(s) with ON DELETE/ON UPDATE CASCADE or SET NULL stay on the target: the source does not "
                        + "write the child rows they change to its binlog, so only the target's own constraint can repeat those "
                        + "changes. The full load must run with foreign key checks off (DMS loads tables in any order), so the "
                        + "task stops once the full load and its cached changes are applied (StopTaskCachedChangesApplied); the "
                        + "target endpoint's init statement is then cleared (checks on, cascades fire) and the task resumed "
                        + "(resume-processing) for CDC in transactional apply mode (BatchApplyEnabled=false), which applies "
                        + "changes in the source's commit order. Cascades the source performed during the full load are not "
                        + "repeated: check the target for orphan rows before resuming (Check target before CDC).");
    }
}
