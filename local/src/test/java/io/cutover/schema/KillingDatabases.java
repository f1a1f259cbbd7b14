package io.cutover.schema;

import io.cutover.core.config.MigrationConfig.Endpoint;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.Databases;
import io.cutover.core.db.Row;
import io.cutover.core.db.ServerInfo;
import io.cutover.local.db.MariaDbServer;
import java.sql.Connection;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Databases whose target session is killed from root (a real {@code KILL CONNECTION}, as an operator or a
 * failover would) right after its n-th statement has run: the handler's next statement fails with a lost
 * connection, after the target already applied that n-th change.
 */
final class KillingDatabases implements Databases {
    private final Databases real;
    private final MariaDbServer target;
    private final int killAfter;
    private final AtomicInteger updates = new AtomicInteger();
    private volatile boolean killed;

    KillingDatabases(Databases real, MariaDbServer target, int killAfter) {
        this.real = real;
        this.target = target;
        this.killAfter = killAfter;
    }

    boolean killed() {
        return killed;
    }

    @Override
    public Database open(DatabaseRole role, Endpoint endpoint) {
        Database db = real.open(role, endpoint);
        return role == DatabaseRole.TARGET ? new Killable(db) : db;
    }

    @Override
    public Database open(DatabaseRole role, String secretId, Endpoint endpoint) {
        Database db = real.open(role, secretId, endpoint);
        return role == DatabaseRole.TARGET ? new Killable(db) : db;
    }

    private final class Killable implements Database {
        private final Database db;
        private final long connectionId;

        Killable(Database db) {
            this.db = db;
            this.connectionId = db.query("SELECT CONNECTION_ID() AS id").get(0).longValue("id");
        }

        @Override
        public int update(String sql, Object... params) {
            int count = db.update(sql, params);
            if (updates.incrementAndGet() == killAfter) {
                target.execute("KILL CONNECTION " + connectionId);
                killed = true;
            }
            return count;
        }

        @Override public DatabaseRole role() { return db.role(); }
        @Override public ServerInfo server() { return db.server(); }
        @Override public Map<String, String> globalVariables(Collection<String> names) { return db.globalVariables(names); }
        @Override public List<Row> query(String sql, Object... params) { return db.query(sql, params); }
        @Override public Connection jdbc() { return db.jdbc(); }
        @Override public void close() { db.close(); }
    }
}
