package io.cutover.core.ports;

import io.cutover.core.config.DmsTls;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.json.NonNull;
import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.error.ReplicationConflictException;
import io.cutover.core.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The replication port (runbook 3.x, 4, 5.1, 5.4, 5.5): AWS DMS in AWS ({@code DmsReplication}), the local
 * engine in the rehearsal. Both pass {@code ReplicationContractTest} (functions test-jar).
 *
 * <p>Rules every implementation keeps:
 * <ul>
 *   <li>Idempotent: {@link #ensureEndpoints} and {@link #ensureTask} create what is absent, under deterministic
 *       identifiers, and return what exists when it matches; an existing task or endpoint with other settings
 *       is a {@link ReplicationConflictException}, never silently reused or replaced.</li>
 *   <li>{@link #start} distinguishes a first start from a resume (DMS refuses start-replication on a task that
 *       has run before: use {@link StartMode#RESUME_PROCESSING}).</li>
 *   <li>Reads are snapshots: the state machine polls and decides; nothing here waits or sleeps.</li>
 *   <li>Credentials are never passed through this port: endpoints read them from Secrets Manager.</li>
 * </ul>
 */
public interface Replication {
    /** Task states that pass by themselves: an action refused in one of them is worth retrying. */
    Set<String> PASSING_STATES = Set.of("creating", "modifying", "starting", "stopping", "moving", "testing", "deleting");

    /** Creates the source and target endpoints (or checks the given existing ones) and returns their ARNs. */
    EndpointPair ensureEndpoints(EndpointSpec spec);

    /**
     * Sets the SQL the target endpoint runs on each new session (MySQL {@code AfterConnectScript}, the extra
     * connection attribute {@code Initstmt}); null or blank means none. Sessions already open keep what they ran:
     * change it while no task using the endpoint runs (the cascading foreign-key policy switches it while the task
     * is stopped between the full load and CDC). Idempotent: setting what is already set changes nothing.
     */
    void setTargetInitStatements(String targetEndpointArn, String initStatements);

    /** Starts a connection test of both endpoints from the replication instance (idempotent while one runs). */
    void startConnectionTests(String replicationInstanceArn, EndpointPair endpoints);

    /** The latest connection test result of each endpoint, with the failure message when it failed. */
    List<ConnectionStatus> connectionStatus(String replicationInstanceArn, EndpointPair endpoints);

    /** Creates the task if absent (identifier {@code definition.taskId()}); equal settings are reused. */
    TaskRef ensureTask(TaskDefinition definition);

    /** Starts a pre-migration assessment run of the task (runbook 3.5). */
    void startAssessment(TaskRef task, AssessmentSpec spec);

    /** The latest assessment run of the task: its state and every individual result. */
    AssessmentStatus assessment(TaskRef task);

    void start(TaskRef task, StartMode mode);

    /** Task status, full-load progress and per-table states (errored tables with their messages). */
    TaskProgress progress(TaskRef task);

    /**
     * The task status alone (as DMS names it), with the last failure message when there is one. The default reads
     * {@link #progress}; an implementation whose progress is expensive (DMS: every table's statistics) overrides it.
     */
    default TaskStatus status(TaskRef task) {
        TaskProgress p = progress(task);
        return new TaskStatus(p.status(), p.stopReason(), p.lastFailureMessage());
    }

    /** One sample of CDC latency (null when unknown, as DMS reports it) and cumulative CDC counters. */
    CdcSample cdcSample(TaskRef task);

    /** Stops the task (the cutover point); returns at once, poll {@link #progress} until status is stopped. */
    void stop(TaskRef task);

    /** Where the task is in the source's change stream, for the rollback record (runbook 5.4). */
    Checkpoint checkpoint(TaskRef task);

    enum StartMode { START_REPLICATION, RESUME_PROCESSING, RELOAD_TARGET }

    /**
     * {@code targetSwitchedForCdc}: the target endpoint already runs the CDC init statements (a previous execution
     * switched it at 4.4, so its task is past the full load and the stop after it).
     */
    record EndpointPair(@NonNull String sourceEndpointArn, @NonNull String targetEndpointArn, boolean targetSwitchedForCdc) {
        public EndpointPair(String sourceEndpointArn, String targetEndpointArn) {
            this(sourceEndpointArn, targetEndpointArn, false);
        }
    }

    /**
     * What endpoints to have. Existing ARNs (from the input) are used as they are; otherwise endpoints named
     * {@code <idPrefix>-source} / {@code <idPrefix>-target} are created reading credentials from the secrets
     * through {@code secretsAccessRoleArn}. Each endpoint has its own TLS ({@code sourceTls}, {@code targetTls}).
     *
     * <p>{@code targetCdcInitStatements}: when the foreign-key policy switches the target endpoint to other init
     * statements for CDC (step 4.4; "" = none), the statements it switches to, or null when there is no switch. A
     * target endpoint that already runs them is Cutover's own after the switch: a new execution with the same input
     * (after a dry run or a caught failure) finds it so, and goes on with it.
     */
    record EndpointSpec(
            String idPrefix,
            String existingSourceEndpointArn,
            String existingTargetEndpointArn,
            String sourceSecretId,
            String targetSecretId,
            String secretsAccessRoleArn,
            DmsTls sourceTls,
            DmsTls targetTls,
            String sourceServerTimezone,
            String targetInitStatements,
            String targetCdcInitStatements) {

        public EndpointSpec(String idPrefix, String existingSourceEndpointArn, String existingTargetEndpointArn, String sourceSecretId,
                            String targetSecretId, String secretsAccessRoleArn, DmsTls sourceTls, DmsTls targetTls,
                            String sourceServerTimezone, String targetInitStatements) {
            this(idPrefix, existingSourceEndpointArn, existingTargetEndpointArn, sourceSecretId, targetSecretId, secretsAccessRoleArn,
                    sourceTls, targetTls, sourceServerTimezone, targetInitStatements, null);
        }

        /** Absent TLS settings are the default: verify-full, no certificate (which endpoint creation then refuses). */
        public EndpointSpec {
            sourceTls = sourceTls != null ? sourceTls : new DmsTls(DatabaseRole.SOURCE, DmsTls.DEFAULT_MODE, null);
            targetTls = targetTls != null ? targetTls : new DmsTls(DatabaseRole.TARGET, DmsTls.DEFAULT_MODE, null);
        }
    }

    enum ConnectionState { TESTING, SUCCESSFUL, FAILED, NOT_TESTED }

    record ConnectionStatus(String endpointArn, ConnectionState state, String failureMessage) {}

    /** A task: deterministic identifier, full load + CDC, mappings and settings as JSON documents. */
    record TaskDefinition(
            String taskId,
            String replicationInstanceArn,
            EndpointPair endpoints,
            String migrationType,
            String tableMappingsJson,
            String taskSettingsJson) {

        /**
         * The reuse-or-conflict rule of {@link #ensureTask}, for every implementation: a task that already has this
         * definition's id is reused (a retried or redriven call finds it) when it has this definition, and is a
         * {@link ReplicationConflictException} naming each difference otherwise: Cutover never reuses a task created
         * for something else, nor replaces it. Only the task settings this definition sets are compared (DMS answers
         * every setting, with its defaults filled in).
         */
        public TaskRef reuseOrConflict(String existingArn, TaskDefinition existing) {
            List<String> diffs = new ArrayList<>();
            differs(diffs, "ReplicationInstanceArn", existing.replicationInstanceArn(), replicationInstanceArn);
            differs(diffs, "SourceEndpointArn", existing.endpoints().sourceEndpointArn(), endpoints.sourceEndpointArn());
            differs(diffs, "TargetEndpointArn", existing.endpoints().targetEndpointArn(), endpoints.targetEndpointArn());
            differs(diffs, "MigrationType", existing.migrationType(), migrationType);
            if (!Json.parse(tableMappingsJson).equals(existing.tableMappingsJson() == null ? null : Json.parse(existing.tableMappingsJson()))) {
                diffs.add("TableMappings differ");
            }
            JsonNode actual = existing.taskSettingsJson() == null ? Json.object() : Json.parse(existing.taskSettingsJson());
            for (Iterator<Map.Entry<String, JsonNode>> sections = Json.parse(taskSettingsJson).fields(); sections.hasNext(); ) {
                Map.Entry<String, JsonNode> section = sections.next();
                for (Iterator<Map.Entry<String, JsonNode>> keys = section.getValue().fields(); keys.hasNext(); ) {
                    Map.Entry<String, JsonNode> key = keys.next();
                    JsonNode theirs = actual.path(section.getKey()).path(key.getKey());
                    if (!theirs.equals(key.getValue())) {
                        diffs.add(section.getKey() + "." + key.getKey() + " is " + (theirs.isMissingNode() ? "unset" : theirs)
                                + ", Cutover wants " + key.getValue());
                    }
                }
            }
            if (!diffs.isEmpty()) {
                throw new ReplicationConflictException("DMS task " + taskId + " exists with other settings (" + String.join("; ", diffs)
                        + "). Cutover never reuses or replaces it: delete it, or use another migrationId.");
            }
            return new TaskRef(existingArn, taskId, false);
        }

        private static void differs(List<String> diffs, String field, String actual, String wanted) {
            boolean same = actual == null || actual.isEmpty() ? wanted == null || wanted.isEmpty() : actual.equals(wanted);
            if (!same) {
                diffs.add(field + " is " + actual + ", Cutover wants " + wanted);
            }
        }
    }

    /** {@code created} is true when this call created the task, false when an equal one existed. */
    record TaskRef(@NonNull String taskArn, @NonNull String taskId, boolean created) {}

    record AssessmentSpec(String resultsBucket, String serviceRoleArn, String runName) {}

    /** {@code state}: e.g. "running", "passed", "failed", "error", "warning" as the service reports it. */
    record AssessmentStatus(String runArn, String state, List<AssessmentItem> items) {}

    /** {@code status}: "passed", "warning", "failed", "error", "skipped", "cancelled". */
    record AssessmentItem(String name, String status, String message) {}

    /**
     * {@code status} is the task status as DMS names it (creating, ready, starting, running, stopping, stopped,
     * failed, …); {@code tables} lists every table with its state; errored ones carry {@code lastError}.
     */
    record TaskProgress(
            String status,
            String stopReason,
            String lastFailureMessage,
            Integer fullLoadPercent,
            int tablesLoaded,
            int tablesLoading,
            int tablesQueued,
            int tablesErrored,
            List<TableState> tables) {}

    record TaskStatus(String status, String stopReason, String lastFailureMessage) {}

    /** {@code state}: the DMS TableState ("Table completed", "Table error", "Full load", "Before load", …). */
    record TableState(String schema, String table, String state, long fullLoadRows, long inserts, long updates,
                      long deletes, long ddls, String lastError) {}

    /**
     * Latencies in seconds, null when unknown (DMS reports none while idle or before CDC starts). Counters are
     * cumulative totals of applied CDC changes over all tables; {@code incomingChanges} is the number of
     * changes read but not yet applied, null when unknown.
     */
    record CdcSample(java.time.Instant at, Double sourceLatencySeconds, Double targetLatencySeconds,
                     long inserts, long updates, long deletes, long ddls, Long incomingChanges) {}

    /** {@code recoveryCheckpoint} as DMS reports it; the source position of the last applied transaction. */
    record Checkpoint(String recoveryCheckpoint, String lastSourceTransactionId, String lastSourceTimestamp,
                      String sourceBinlogFile, Long sourceBinlogPosition) {}
}
