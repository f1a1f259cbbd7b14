package io.cutover.schema;

import io.cutover.core.handler.Results;
import io.cutover.core.json.NonNull;
import io.cutover.core.aws.AwsPorts;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import io.cutover.schema.PrepareForeignKeysHandler.Request;
import io.cutover.schema.PrepareForeignKeysHandler.Result;
import io.cutover.schema.fk.CascadePolicy;
import io.cutover.schema.fk.ForeignKeyRecord;
import io.cutover.schema.fk.ReplicationRequirements;
import java.util.List;

/**
 * "2.6 Prepare foreign keys": records every foreign key of the source (artifact {@code schema/foreign-keys.json}),
 * removes from the target those that must not be there during the load and CDC, keeps (or adds) the cascading
 * ones as the policy says, and returns what the replication phase must set ({@code replication}).
 * Run it after "2.5 Create target schema".
 */
public class PrepareForeignKeysHandler extends TaskHandler<Request, Result> {

    /** {@code cascadingForeignKeys}: KEEP_CASCADING (default) or BLOCK; see {@link CascadePolicy}. */
    public record Request(MigrationConfig config, String stateName, String executionName, CascadePolicy cascadingForeignKeys) {}

    /**
     * @param removedForLoad foreign keys of the source that are not on the target during the load and CDC
     * @param replication    the target endpoint init statements and task settings the replication phase must use
     */
    public record Result(boolean ok, int foreignKeys, int cascading, int keptOnTarget, int removedForLoad,
                         @NonNull List<String> blockers, @NonNull ReplicationRequirements replication, @NonNull String recordKey, @NonNull String summary) {}

    public PrepareForeignKeysHandler() {
        this(AwsPorts.fromEnvironment());
    }

    public PrepareForeignKeysHandler(Ports ports) {
        super(Request.class, ports);
    }

    @Override
    protected Result handle(Request request) {
        CascadePolicy policy = request.cascadingForeignKeys() == null ? CascadePolicy.KEEP_CASCADING : request.cascadingForeignKeys();
        SchemaPhase.Prepared p = new SchemaPhase(ports).prepareForeignKeys(request.config(), policy);
        ForeignKeyRecord record = p.record();
        int total = record.foreignKeys().size();
        return new Result(record.blockers().isEmpty(), total, record.cascading().size(), p.kept(), total - p.kept(),
                Results.firstOf(record.blockers()), record.replication(), p.key(), p.describe());
    }
}
