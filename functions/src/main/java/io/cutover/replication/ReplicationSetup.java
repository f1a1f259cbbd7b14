package io.cutover.replication;

import io.cutover.core.catalog.GeneratedColumns;

import io.cutover.core.aws.DmsIds;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.error.ConfigurationException;
import io.cutover.core.error.ReplicationNotReadyException;
import io.cutover.core.error.ReplicationStateException;
import io.cutover.core.handler.Inputs;
import io.cutover.core.ports.Artifacts;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication;
import io.cutover.core.ports.Replication.AssessmentSpec;
import io.cutover.core.ports.Replication.EndpointPair;
import io.cutover.core.ports.Replication.EndpointSpec;
import io.cutover.core.ports.Replication.StartMode;
import io.cutover.core.ports.Replication.TaskDefinition;
import io.cutover.core.ports.Replication.TaskRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The replication phase's actions on DMS: the endpoints and their connection tests (3.1), the task settings and table
 * mappings (3.2, 3.3), the task (3.4), the pre-migration assessment (3.5), starting and resuming the task (4), the
 * target endpoint's init statements switched between the full load and CDC when cascading foreign keys stay on the
 * target (4.4), and stopping the task (5.5). Each is idempotent: a retried or redriven call finds what an earlier one
 * created.
 */
public final class ReplicationSetup {
    /** Task states in which no target session is open: the endpoint can be switched. */
    static final Set<String> QUIET = Set.of("ready", "stopped", "failed");

    private final Ports ports;

    public ReplicationSetup(Ports ports) {
        this.ports = ports;
    }

    /** The two documents DMS takes, where they are stored, and what the settings say. */
    public record TaskDocuments(TaskSettingsPolicy.Result settings, String settingsKey, String mappingsKey) {
        /** "full", or "limited to N KB". */
        public String lobMode() {
            TaskSettings.TargetMetadata target = settings.settings().targetMetadata();
            return Boolean.TRUE.equals(target.fullLobMode()) ? "full" : "limited to " + target.lobMaxSize() + " KB";
        }

        public boolean batchApply() {
            return Boolean.TRUE.equals(settings.settings().targetMetadata().batchApplyEnabled());
        }
    }

    /**
     * "3.2 Build task settings and table mappings": the input's overrides checked and merged ({@link TaskSettingsPolicy})
     * with the settings earlier phases require, and the mappings of the selected schemas; both go to the artifacts.
     */
    public TaskDocuments buildTaskDocuments(MigrationConfig config, List<TaskSettingsPolicy.Requirement> required) {
        TaskSettingsPolicy.Result settings = TaskSettingsPolicy.apply(config.dms().taskSettings(), required == null ? List.of() : required);
        String generatedKey = GeneratedColumns.key(config.migrationId());
        GeneratedColumns generated = ports.artifacts().getJson(generatedKey, GeneratedColumns.class)
                .orElseThrow(() -> new ConfigurationException("the schema step's list of generated columns (" + generatedKey
                        + ") is missing: \"2.5 Create target schema\" writes it; without it the table mappings could let DMS "
                        + "write values the target computes"));
        String mappings = TableMappings.build(config.schemas(), generated.columns());
        String settingsKey = Artifacts.key(config.migrationId(), "replication", "task-settings.json");
        String mappingsKey = Artifacts.key(config.migrationId(), "replication", "table-mappings.json");
        ports.artifacts().put(settingsKey, settings.settings().toJson().getBytes(StandardCharsets.UTF_8), "application/json");
        ports.artifacts().put(mappingsKey, mappings.getBytes(StandardCharsets.UTF_8), "application/json");
        return new TaskDocuments(settings, settingsKey, mappingsKey);
    }

    /** The switch made; {@link #describe()} is the state's summary. */
    public record InitStatements(String targetEndpointArn, String statements) {
        public String describe() {
            return "target endpoint " + DmsIds.resourceId(targetEndpointArn) + ": new sessions run "
                    + (statements == null ? "no init statement (foreign key checks on, cascades act on the target)" : statements);
        }
    }

    /**
     * Sets the target endpoint's init statements (blank: none). With {@code task}, only while no target session is open:
     * a task in a passing state is not ready yet (retried), a running one is refused (its sessions would keep the old
     * statements).
     */
    public InitStatements setTargetInitStatements(String targetEndpointArn, String initStatements, TaskRef task) {
        if (task != null) {
            String status = ports.replication().status(task).status();
            if (Replication.PASSING_STATES.contains(status)) {
                throw new ReplicationNotReadyException("the DMS task is " + status + ": the target endpoint is switched once it has stopped");
            }
            if (!QUIET.contains(status)) {
                throw new ReplicationStateException("the DMS task is " + status + ": its open target sessions would keep the old init "
                        + "statements; stop it first (the foreign-key policy stops it after the full load)");
            }
        }
        String statements = initStatements == null || initStatements.isBlank() ? null : initStatements.strip();
        ports.replication().setTargetInitStatements(targetEndpointArn, statements);
        return new InitStatements(targetEndpointArn, statements);
    }

    /**
     * "3.1 Create or check DMS endpoints": the input's endpoint ARNs as they are (checked), or
     * {@code cutover-<migrationId>-source} / {@code -target} reading their credentials from Secrets Manager through the
     * access role, with the SSL mode, the source's ServerTimezone and the target's init statements.
     */
    public EndpointPair ensureEndpoints(MigrationConfig config, String targetInitStatements, String targetCdcInitStatements) {
        MigrationConfig.Dms dms = config.dms();
        EndpointSpec spec = new EndpointSpec(
                DmsIds.endpointPrefix(config.migrationId()),
                dms.sourceEndpointArn(),
                dms.targetEndpointArn(),
                dms.sourceSecretId() != null ? dms.sourceSecretId() : config.source().secretId(),
                dms.targetSecretId() != null ? dms.targetSecretId() : config.target().secretId(),
                dms.secretsAccessRoleArn(),
                dms.tls(DatabaseRole.SOURCE),
                dms.tls(DatabaseRole.TARGET),
                config.source().serverTimezone(),
                targetInitStatements == null || targetInitStatements.isBlank() ? null : targetInitStatements,
                targetCdcInitStatements);
        return ports.replication().ensureEndpoints(spec);
    }

    /** "3.1 Start connection tests" of both endpoints from the replication instance; returns the instance's ARN. */
    public String startConnectionTests(MigrationConfig config, EndpointPair endpoints) {
        String instance = Inputs.replicationInstanceArn(config);
        Inputs.required(endpoints, "$.endpoints", "the endpoint ARNs of the endpoints step");
        ports.replication().startConnectionTests(instance, endpoints);
        return instance;
    }

    /**
     * "3.4 Create DMS task" {@code cutover-<migrationId>} (full load + CDC) from the documents the settings step stored;
     * an existing task is reused or is a conflict ({@link Replication.TaskDefinition#reuseOrConflict}).
     */
    public TaskRef createTask(MigrationConfig config, EndpointPair endpoints, String taskSettingsKey, String tableMappingsKey) {
        String instance = Inputs.replicationInstanceArn(config);
        Inputs.required(endpoints, "$.endpoints", "the endpoint ARNs of the endpoints step");
        String settings = artifact(Inputs.required(taskSettingsKey, "$.taskSettingsKey", "the settings step's key"));
        String mappings = artifact(Inputs.required(tableMappingsKey, "$.tableMappingsKey", "the settings step's key"));
        return ports.replication().ensureTask(new TaskDefinition(DmsIds.taskId(config.migrationId()), instance, endpoints,
                "full-load-and-cdc", mappings, settings));
    }

    private String artifact(String key) {
        return ports.artifacts().get(key).map(b -> new String(b, StandardCharsets.UTF_8))
                .orElseThrow(() -> new ConfigurationException("artifact " + key + " is missing: run the task settings step first"));
    }

    /** The run started, or none when {@code config.dms.assessment.enabled} is false. */
    public record AssessmentStart(boolean skipped, String runName) {}

    /**
     * "3.5 Start pre-migration assessment": a run named after the migration and the execution (a redrive finds its run
     * again); skipped when {@code config.dms.assessment.enabled} is false.
     */
    public AssessmentStart startAssessment(MigrationConfig config, TaskRef task, String executionName) {
        MigrationConfig.Assessment assessment = config.dms().assessment();
        if (!assessment.enabled()) {
            return new AssessmentStart(true, null);
        }
        TaskRef required = Inputs.required(task, "$.task", "the task of the create-task step");
        String runName = DmsIds.assessmentRunName(config.migrationId(), executionName);
        ports.replication().startAssessment(required, new AssessmentSpec(assessment.resultsBucket(), assessment.serviceRoleArn(), runName));
        return new AssessmentStart(false, runName);
    }

    /** What was done to start the task: the start mode used, or none (it already runs), and its status before. */
    public record Started(Optional<StartMode> mode, String statusBefore) {}

    /**
     * "4 Start full load and CDC": start-replication on a task's first run, resume-processing on a task that has run
     * (stopped, or failed after an error once the cause is fixed), nothing on a task that already runs (a retry).
     */
    public Started start(TaskRef task) {
        String status = ports.replication().status(task).status();
        Optional<StartMode> mode = StartPlan.choose(status);
        mode.ifPresent(m -> ports.replication().start(task, m));
        return new Started(mode, status);
    }

    /** The task's status before the stop, and whether a stop was requested (a stopped or stopping task is left). */
    public record Stopped(String statusBefore, boolean stopRequested) {}

    /** "5.5 Stop the DMS task (cutover point)" and "R2 Stop the DMS task (rollback)". */
    public Stopped stop(TaskRef task) {
        String before = ports.replication().status(task).status();
        ports.replication().stop(task);
        return new Stopped(before, "running".equals(before) || "starting".equals(before));
    }
}
