package io.cutover.schema;

import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.schema.CreateHeartbeatTableHandler.Request;
import io.cutover.schema.CreateHeartbeatTableHandler.Result;

/**
 * "2.7 Create heartbeat table": {@code cutover.heartbeat} on the source and on the target, for the drain proof
 * after the write freeze. The replication phase includes it in the DMS table mappings ({@code tableMapping}).
 */
public class CreateHeartbeatTableHandler extends TaskHandler<Request, Result> {

    public record Request(MigrationConfig config, String stateName, String executionName) {}

    /** {@code tableMapping}: the selection the DMS table mappings must include, as schema and table names. */
    public record Result(@NonNull String table, TableMapping tableMapping, @NonNull String summary) {}

    public record TableMapping(String schemaName, String tableName) {}

    public CreateHeartbeatTableHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public CreateHeartbeatTableHandler(Ports ports) {
        super(Request.class, ports);
    }

    @Override
    protected Result handle(Request request) {
        HeartbeatTable.Ready ready = HeartbeatTable.ensureOnBothSides(ports, request.config());
        return new Result(ready.schema() + "." + ready.table(), new TableMapping(ready.schema(), ready.table()), ready.describe());
    }
}
