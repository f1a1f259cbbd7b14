package io.cutover.core.ports;

import io.cutover.core.config.MigrationConfig.Endpoint;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;

/** Opens sessions to the source or the target; the port behind which local and AWS runs differ least. */
public interface Databases {
    Database open(DatabaseRole role, Endpoint endpoint);

    /** Opens a session as another user (e.g. the DMS user named by {@code dms.sourceSecretId}). */
    Database open(DatabaseRole role, String secretId, Endpoint endpoint);
}
