package io.cutover.precheck;

import io.cutover.core.aws.AwsPorts;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Artifacts;
import io.cutover.core.ports.Ports;
import java.util.List;

/** "1.1 Check binlog settings" on the source; the full report goes to the artifacts store. */
public class CheckBinlogHandler extends TaskHandler<ReadinessRequest, ReadinessSummary> {

    public CheckBinlogHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public CheckBinlogHandler(Ports ports) {
        super(ReadinessRequest.class, ports);
    }

    @Override
    protected ReadinessSummary handle(ReadinessRequest request) {
        var config = request.config();
        try (Database source = ports.databases().open(DatabaseRole.SOURCE, config.source())) {
            List<CheckResult> results = new BinlogSettingsCheck(config.readiness().plannedMigrationHours()).run(source);
            ReadinessReport report = new ReadinessReport(config.migrationId(), "source", source.server().describe(),
                    ports.clock().instant(), results);
            String key = Artifacts.key(config.migrationId(), "readiness", "source-binlog.json");
            ports.artifacts().putJson(key, report);
            return ReadinessSummary.of(report, key);
        }
    }
}
