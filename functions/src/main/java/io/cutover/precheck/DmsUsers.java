package io.cutover.precheck;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.db.DbCredentials;
import io.cutover.core.db.Row;
import io.cutover.core.ports.Secrets;
import java.util.ArrayList;
import java.util.List;

/**
 * The users DMS connects as (dms.sourceSecretId / dms.targetSecretId, else Cutover's own secrets) and their
 * accounts as mysql.user shows them to Cutover's admin session. Only the user name is taken from a secret.
 */
final class DmsUsers {
    private DmsUsers() {}

    /** One account row: the parts the checks need, never the authentication string. */
    record Account(String user, String host, String plugin, String sslType) {
        String name() {
            return "'" + user + "'@'" + host + "'";
        }
    }

    static String secretId(MigrationConfig config, DatabaseRole side) {
        if (side == DatabaseRole.SOURCE) {
            return config.dms().sourceSecretId() != null ? config.dms().sourceSecretId() : config.source().secretId();
        }
        return config.dms().targetSecretId() != null ? config.dms().targetSecretId() : config.target().secretId();
    }

    static MigrationConfig.Endpoint endpoint(MigrationConfig config, DatabaseRole side) {
        return side == DatabaseRole.SOURCE ? config.source() : config.target();
    }

    static String username(Secrets secrets, MigrationConfig config, DatabaseRole side) {
        String secretId = secretId(config, side);
        return DbCredentials.username(secretId, secrets.secretString(secretId));
    }

    /** Every account of {@code user} (one per host pattern), read by Cutover's session (needs SELECT on mysql.user). */
    static List<Account> accounts(Database admin, String user) {
        List<Account> accounts = new ArrayList<>();
        for (Row row : admin.query("SELECT user, host, plugin, ssl_type FROM mysql.user WHERE user = ? ORDER BY host", user)) {
            accounts.add(new Account(row.string("user"), row.string("host"), row.string("plugin"), row.string("ssl_type")));
        }
        return accounts;
    }
}
