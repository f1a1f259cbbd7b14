package io.cutover.local.rehearsal;

import io.cutover.core.config.MigrationConfig.Endpoint;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.Databases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The functions' database port with one failure on demand: when armed, the next target session a function opens is
 * killed on the server ({@code KILL CONNECTION}) right after it connects, so its first statement fails as a lost
 * connection does in production. {@code --kill-target-connection validation} uses it; the others act on the local
 * DMS engine's own sessions.
 */
public final class FaultyDatabases implements Databases {
    private final Databases real;
    private final Supplier<Connection> targetAdmin;
    private final AtomicInteger armed = new AtomicInteger();
    private final AtomicInteger killed = new AtomicInteger();

    public FaultyDatabases(Databases real, Supplier<Connection> targetAdmin) {
        this.real = real;
        this.targetAdmin = targetAdmin;
    }

    /** The next {@code sessions} target sessions opened are killed. */
    public void killNextTargetSessions(int sessions) {
        armed.set(sessions);
    }

    public int killed() {
        return killed.get();
    }

    @Override
    public Database open(DatabaseRole role, Endpoint endpoint) {
        return maybeKill(role, real.open(role, endpoint));
    }

    @Override
    public Database open(DatabaseRole role, String secretId, Endpoint endpoint) {
        return maybeKill(role, real.open(role, secretId, endpoint));
    }

    private Database maybeKill(DatabaseRole role, Database db) {
        if (role != DatabaseRole.TARGET || armed.getAndUpdate(n -> Math.max(0, n - 1)) <= 0) {
            return db;
        }
        try (Statement s = db.jdbc().createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            long id = rs.getLong(1);
            try (Connection admin = targetAdmin.get(); Statement k = admin.createStatement()) {
                k.execute("KILL CONNECTION " + id);
            }
            killed.incrementAndGet();
        } catch (SQLException e) {
            throw new IllegalStateException("target: could not kill session for the failure rehearsal: " + e.getMessage(), e);
        }
        return db;
    }
}
