package io.cutover.replication;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import java.util.List;

/**
 * "3.2/3.3 Task settings and table mappings": the runbook's settings with the input's overrides
 * ({@code config.dms.taskSettings}, validated key by key) and what other phases require
 * ({@code requiredTaskSettings}, e.g. no batch apply while cascading foreign keys stay on the target); the
 * table mappings of the selected schemas plus Cutover's heartbeat table. Both documents go to the artifacts
 * store, for a person to review and for the create-task step.
 */
public class BuildTaskSettingsHandler extends TaskHandler<BuildTaskSettingsHandler.Input, BuildTaskSettingsHandler.Result> {

    public record Input(MigrationConfig config, List<TaskSettingsPolicy.Requirement> requiredTaskSettings) {}

    /** {@code changed}: every setting that differs from Cutover's defaults, with who asked for it. */
    public record Result(@NonNull String taskSettingsKey, @NonNull String tableMappingsKey, @NonNull List<String> changed, @NonNull String targetTablePrepMode,
                         @NonNull String lobMode, boolean batchApply, boolean stopsAfterFullLoad) {}

    public BuildTaskSettingsHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public BuildTaskSettingsHandler(Ports ports) {
        super(Input.class, ports);
    }

    @Override
    protected Result handle(Input input) {
        ReplicationSetup.TaskDocuments d = new ReplicationSetup(ports).buildTaskDocuments(input.config(), input.requiredTaskSettings());
        TaskSettings settings = d.settings().settings();
        return new Result(d.settingsKey(), d.mappingsKey(), d.settings().changed(), settings.fullLoadSettings().targetTablePrepMode(),
                d.lobMode(), d.batchApply(), settings.stopsAfterFullLoad());
    }
}
