package io.cutover.replication;

import io.cutover.core.aws.DmsIds;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.error.ReplicationNotReadyException;
import io.cutover.core.error.ReplicationStateException;
import io.cutover.core.ports.Artifacts;
import io.cutover.core.ports.Ports;
import io.cutover.core.ports.Replication;
import io.cutover.core.ports.Replication.TaskRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The replication phase's setup documents and switches: the task settings and table mappings (3.2, 3.3), and the
 * target endpoint's init statements, switched between the full load and CDC when cascading foreign keys stay on the
 * target (4.4).
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
        String mappings = TableMappings.build(config.schemas());
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
}
